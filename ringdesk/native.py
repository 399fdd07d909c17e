"""The call path compiled with mypyc: the same typed source, built into C extensions.

Every FastAGI call runs the route engine, its nodes, the executor and the AGI parser: tens
of microseconds of Python a call, most of the server's own share of a call's CPU (the
rest is the kernel's). mypyc compiles these modules, unchanged, into extensions that
Python imports instead of the source beside them; on one core they take 15-25 us less
CPU a call under load (docs/operations.md, "How it scales"). Without a C compiler everything still
runs, as plain Python.

An extension older than its source is stale: Python would still import it and run the
old code, so the server warns and the test suite refuses to start until
``ringdesk compile`` rebuilds them (or ``--clean`` removes them).
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The modules a call runs through, from the AGI bytes to the route's decisions. Only
# modules without Twisted classes in them: mypyc cannot compile zope interfaces.
NATIVE_MODULES = (
    "ringdesk/ivr/agi/parser.py",
    "ringdesk/ivr/agi/protocol.py",
    "ringdesk/ivr/agi/script.py",
    "ringdesk/ivr/agi/send.py",
    "ringdesk/ivr/call.py",
    "ringdesk/ivr/route_session.py",
    "ringdesk/routes/effects.py",
    "ringdesk/routes/engine.py",
    "ringdesk/routes/nodes/base.py",
    "ringdesk/routes/nodes/conditions.py",
    "ringdesk/routes/nodes/destinations.py",
    "ringdesk/routes/nodes/media.py",
)
# mypyc puts the code of all of them in one library the modules load, named after the
# build's group: inside a package, so an editable install finds it too.
GROUP = "ringdesk.call_path"
SHARED_LIBRARY = "ringdesk/call_path__mypyc.py"  # the path it would have as a source


class NativeBuildFailed(Exception):
    pass


@dataclass(frozen=True)
class NativeStatus:
    compiled: tuple[str, ...]  # sources with an up-to-date extension beside them
    stale: tuple[str, ...]  # extensions older than their source: run ``ringdesk compile``
    pure: tuple[str, ...]  # no extension: plain Python

    @property
    def complete(self) -> bool:
        """Every module compiled and up to date."""
        return not self.stale and not self.pure

    def summary(self) -> str:
        if self.stale:
            return (f"{len(self.stale)} compiled module(s) older than their source "
                    f"({', '.join(self.stale)}): run `ringdesk compile`")
        if not self.compiled:
            return "pure Python (run `ringdesk compile` to compile the call path)"
        if not self.complete:
            return f"{len(self.compiled)} of {len(NATIVE_MODULES)} modules compiled by mypyc"
        return f"compiled by mypyc ({len(self.compiled)} modules)"


def source_root() -> Path:
    """The directory the packages live in: the checkout, or site-packages."""
    return Path(__file__).resolve().parents[1]


def extensions_of(source: Path) -> list[Path]:
    return [candidate for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (candidate := source.with_name(source.stem + suffix)).exists()]


def native_status(root: Path | None = None) -> NativeStatus:
    root = root or source_root()
    compiled, stale, pure = [], [], []
    shared = extensions_of(root / SHARED_LIBRARY)
    for name in NATIVE_MODULES:
        source = root / name
        extensions = extensions_of(source)
        if not extensions:
            pure.append(name)
        elif not shared or any(ext.stat().st_mtime < source.stat().st_mtime
                               for ext in extensions + shared):
            stale.append(name)  # or broken: without the shared library it cannot load
        else:
            compiled.append(name)
    return NativeStatus(tuple(compiled), tuple(stale), tuple(pure))


def remove_extensions(root: Path | None = None) -> list[Path]:
    root = root or source_root()
    removed = [ext for name in (*NATIVE_MODULES, SHARED_LIBRARY)
               for ext in extensions_of(root / name)]
    for path in removed:
        path.unlink()
    return removed


def compile_call_path(root: Path | None = None) -> NativeStatus:
    """Build the extensions beside the sources (about half a minute); raise
    NativeBuildFailed.

    The build runs on a copy of the packages' sources, so that neither the checkout's
    nor site-packages' other files take part (mypy reads a checkout's settings and takes
    site-packages' modules for shadowed libraries); only the extensions come back.
    """
    root = root or source_root()
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution
    except ImportError as error:
        raise NativeBuildFailed(
            f"{error.name} is not installed: pip install 'ringdesk[native]'") from error
    remove_extensions(root)  # a failed build must not leave old extensions behind
    with tempfile.TemporaryDirectory(prefix="ringdesk-mypyc-") as scratch:
        build_root = Path(scratch) / "src"
        # what the compiled modules may import: the whole package (its folders linked
        # in from the checkout's top level are copied as folders)
        shutil.copytree(root / "ringdesk", build_root / "ringdesk", ignore=shutil.ignore_patterns(
            "*.so", "__pycache__", "node_modules", "migrations"))
        with contextlib.chdir(build_root):  # mypyc names modules by their path from here
            try:
                # Third-party packages are read for their types only where they ship them.
                extensions = mypycify([*NATIVE_MODULES, "--ignore-missing-imports"],
                                      target_dir=f"{scratch}/c",
                                      separate=[(list(NATIVE_MODULES), GROUP)])
                # build_ext alone, without setup(): nothing else of packaging is involved.
                build = Distribution({"name": "ringdesk-native", "ext_modules": extensions,
                                      "script_name": "setup.py"}).get_command_obj("build_ext")
                build.inplace, build.build_temp = True, f"{scratch}/o"
                build.ensure_finalized()
                build.run()
            except SystemExit as exit_:  # mypy's and setuptools' way of failing
                raise NativeBuildFailed(f"the mypyc build failed: {exit_}") from exit_
            except Exception as error:  # a compiler error, a missing header...
                raise NativeBuildFailed(f"the mypyc build failed: {error}") from error
        for name in (*NATIVE_MODULES, SHARED_LIBRARY):
            for built in extensions_of(build_root / name):
                shutil.copy2(built, root / built.relative_to(build_root))
    status = native_status(root)
    if not status.complete:
        raise NativeBuildFailed(f"the build left {status.summary()}")
    return status

