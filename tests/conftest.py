"""Shared fixtures: databases (SQLite and a real PostgreSQL) and the rule for missing parts.

A test that needs a real service skips on a developer machine without it, but fails in CI
(CI=true): acceptance tests must run there, never be skipped quietly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ringdesk import migrate
from ringdesk.native import native_status


def pytest_sessionstart(session: pytest.Session) -> None:
    """Python imports a compiled module even when its source is newer: the tests would
    run yesterday's code. Rebuild or remove the compiled call path first."""
    status = native_status()
    if status.stale:
        pytest.exit(f"{status.summary()} (or `ringdesk compile --clean` for plain Python)",
                    returncode=4)


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/ringdesk.sqlite3"
        migrate.upgrade(url)
        yield url
        return
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        yield url


class fresh_postgres_database:  # noqa: N801 - used as a context manager
    def __init__(self) -> None:
        admin = os.environ.get("RINGDESK_TEST_POSTGRES_URL")
        if not admin:
            unavailable("RINGDESK_TEST_POSTGRES_URL is not set (./dev test sets it)")
        self.admin_url = make_url(admin)
        self.name = f"ringdesk_test_{uuid.uuid4().hex[:10]}"

    def __enter__(self) -> str:
        self._admin("CREATE DATABASE {name}")
        return self.admin_url.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc: object) -> None:
        try:
            self._execute("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except Exception:  # noqa: BLE001 - e.g. an autovacuum worker this role may not signal
            # a plain DROP asks autovacuum to leave by itself and waits for it
            self._admin("DROP DATABASE IF EXISTS {name}")

    def _admin(self, statement: str) -> None:
        try:
            self._execute(statement)
        except Exception as error:  # noqa: BLE001
            unavailable(f"PostgreSQL at {self.admin_url.host} unusable: {error}")

    def _execute(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement.format(name=self.name)))
        finally:
            engine.dispose()


_TIER_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add each test's setup, call and teardown time to its tier (tests/<tier>/...)."""
    parts = report.nodeid.split("/")
    tier = parts[1] if len(parts) > 2 and parts[0] == "tests" else "other"
    _TIER_SECONDS[tier] = _TIER_SECONDS.get(tier, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The time each tier took, so a slow tier is seen growing (docs/testing.md)."""
    if _TIER_SECONDS:
        spent = ", ".join(f"{tier} {seconds / 60:.1f} min" for tier, seconds in
                          sorted(_TIER_SECONDS.items(), key=lambda item: -item[1]))
        terminalreporter.write_line(f"time per tier: {spent}")
