"""The compiled call path: which modules are compiled, stale or plain, and the build."""

from __future__ import annotations

import importlib.machinery
import os
from pathlib import Path

import pytest

import ringdesk.routes.engine
from ringdesk.native import (
    NATIVE_MODULES,
    SHARED_LIBRARY,
    NativeBuildFailed,
    compile_call_path,
    extensions_of,
    native_status,
    remove_extensions,
)
from tests.conftest import unavailable

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def tree(root: Path, compiled: dict[str, float]) -> None:
    """Every native source; an extension beside those in ``compiled``, aged by the offset
    (seconds) against its source; the shared library when anything is compiled."""
    if compiled:
        compiled = {**compiled, SHARED_LIBRARY: max(compiled.values())}
    for name in (*NATIVE_MODULES, SHARED_LIBRARY):
        source = root / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("x = 1\n")
        os.utime(source, (1_000_000, 1_000_000))
        if name in compiled:
            extension = source.with_name(source.stem + SUFFIX)
            extension.write_bytes(b"\x7fELF")
            stamp = 1_000_000 + compiled[name]
            os.utime(extension, (stamp, stamp))


def test_status_tells_compiled_stale_and_plain_modules(tmp_path: Path) -> None:
    engine, parser = "ringdesk/routes/engine.py", "ringdesk/ivr/agi/parser.py"
    tree(tmp_path, {engine: +10, parser: -10})

    status = native_status(tmp_path)

    assert status.compiled == (engine,)
    assert status.stale == (parser,)
    assert set(status.pure) == set(NATIVE_MODULES) - {engine, parser}
    assert parser in status.summary() and "ringdesk compile" in status.summary()


def test_summaries(tmp_path: Path) -> None:
    tree(tmp_path, {})
    assert native_status(tmp_path).summary().startswith("pure Python")
    tree(tmp_path, dict.fromkeys(NATIVE_MODULES, 5.0))
    assert native_status(tmp_path).summary() == (
        f"compiled by mypyc ({len(NATIVE_MODULES)} modules)")


def test_without_the_shared_library_compiled_modules_count_as_stale(tmp_path: Path) -> None:
    tree(tmp_path, dict.fromkeys(NATIVE_MODULES, 5.0))
    for library in extensions_of(tmp_path / SHARED_LIBRARY):
        library.unlink()
    assert native_status(tmp_path).stale == NATIVE_MODULES


def test_clean_removes_our_extensions_and_nothing_else(tmp_path: Path) -> None:
    tree(tmp_path, dict.fromkeys(NATIVE_MODULES, 5.0))
    # In site-packages, other mypyc-built packages (mypy itself) keep their library at the top.
    others = tmp_path / f"0123abcd__mypyc{SUFFIX}"
    others.write_bytes(b"\x7fELF")
    unrelated = tmp_path / "ringdesk" / "routes" / f"graph{SUFFIX}"
    unrelated.write_bytes(b"\x7fELF")

    removed = remove_extensions(tmp_path)

    assert len(removed) == len(NATIVE_MODULES) + 1
    assert others.exists() and unrelated.exists()
    assert not extensions_of(tmp_path / SHARED_LIBRARY)
    assert native_status(tmp_path).pure == NATIVE_MODULES
    assert all((tmp_path / name).exists() for name in NATIVE_MODULES)  # sources untouched


def test_a_failed_build_says_so_and_leaves_no_old_extension(tmp_path: Path) -> None:
    tree(tmp_path, dict.fromkeys(NATIVE_MODULES, 5.0))
    (tmp_path / "ringdesk/routes/engine.py").write_text("def broken(:\n")  # not Python
    cwd = Path.cwd()

    with pytest.raises(NativeBuildFailed, match="mypyc build failed"):
        compile_call_path(tmp_path)

    assert native_status(tmp_path).pure == NATIVE_MODULES
    assert Path.cwd() == cwd


def test_the_suite_runs_the_compiled_call_path() -> None:
    """./dev test compiles before it tests: CI checks the code production runs."""
    status = native_status()
    if status.pure:
        unavailable(f"call path not compiled: {status.summary()}")
    assert not status.stale and not status.pure, status.summary()
    engine_file = ringdesk.routes.engine.__file__
    assert engine_file is not None and engine_file.endswith(SUFFIX)
