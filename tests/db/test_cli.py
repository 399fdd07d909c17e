"""The `ringdesk` command as a user runs it: clear messages and exit codes on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox import chroot
from sandbox.chroot import SandboxUnavailable
from sandbox.demo import announcement_route

ROOT = Path(__file__).parents[2]


def ringdesk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("RINGDESK_")}
    environment.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "ringdesk.cli", *args], capture_output=True,
                          text=True, env=environment, timeout=60, check=False)


def test_serve_refuses_a_database_it_cannot_open():
    result = ringdesk("serve", RINGDESK_DATABASE_URL="sqlite:////nonexistent/dir/x.db",
                      RINGDESK_WEB_PORT="0", RINGDESK_AGI_PORT="0")
    assert result.returncode == 1
    assert "cannot open the database at sqlite:////nonexistent/dir/x.db" in result.stderr


def test_serve_refuses_an_unmigrated_database(tmp_path: Path):
    result = ringdesk("serve", RINGDESK_DATABASE_URL=f"sqlite:///{tmp_path}/empty.sqlite3",
                      RINGDESK_WEB_PORT="0", RINGDESK_AGI_PORT="0")
    assert result.returncode == 1
    assert "run `ringdesk db upgrade` first" in result.stderr


def test_bad_setting_in_the_environment_is_named():
    result = ringdesk("numbers", "list", RINGDESK_AMI_PORT="five")
    assert result.returncode == 1
    assert "invalid value for ami.port" in result.stderr


def test_routes_from_the_command_line(tmp_path: Path):
    url = f"sqlite:///{tmp_path}/n.sqlite3"
    env = {"RINGDESK_DATABASE_URL": url,
           "RINGDESK_MEDIA_SOUNDS_DIR": str(ROOT / "sounds" / "ringdesk")}
    assert ringdesk("db", "upgrade", **env).returncode == 0
    created = ringdesk("users", "add", "ada", "--rank", "admin", **env)
    assert created.returncode == 0 and "first password (shown once):" in created.stdout
    assert "token" not in created.stdout
    made = ringdesk("users", "token", "ada", "--name", "deploy script", "--days", "7", **env)
    assert made.returncode == 0 and "personal token 'deploy script' of ada" in made.stdout
    graph = tmp_path / "route.json"
    graph.write_text(json.dumps(announcement_route()))
    imported = ringdesk("routes", "import", "Main", str(graph), "--user", "ada", "--publish",
                        "--number", "030 120000", **env)
    assert imported.returncode == 0, imported.stderr
    assert "published as version 1" in imported.stdout
    assert ringdesk("numbers", "list", **env).stdout == "+4930120000\tMain\n"
    simulated = ringdesk("routes", "simulate", "Main", "--caller", "+4915112345678",
                         "--at", "2026-11-23T10:00+01:00", **env)
    assert simulated.stdout.splitlines() == [
        "welcome [announcement] -> next: played ringdesk/welcome",
        "bye [hangup] -> end: hung up", "completed: hung up"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"entry": "x", "nodes": {
        "x": {"type": "announcement", "params": {"sound": "ringdesk/nope"}}}}))
    validated = ringdesk("routes", "validate", "--file", str(broken), **env)
    assert validated.returncode == 1
    assert "missing_reference\tx/sound\tsound 'ringdesk/nope' does not exist" in \
        validated.stdout
    nobody = ringdesk("routes", "publish", "Main", "--user", "eve", **env)
    assert nobody.returncode == 1 and "no user 'eve'" in nobody.stderr
    exported = ringdesk("routes", "export", "Main", "--version", "1", **env)
    assert json.loads(exported.stdout) == announcement_route()


def test_sandbox_build_says_what_to_do_without_root(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(chroot.os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxUnavailable, match="needs root"):
        chroot.check_can_build()


def test_sandbox_build_says_what_to_do_without_debootstrap(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(chroot.os, "geteuid", lambda: 0)
    monkeypatch.setattr(chroot.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="apt-get install debootstrap"):
        chroot.check_can_build()


def test_commands_on_an_unmigrated_database_say_what_to_do(tmp_path: Path):
    result = ringdesk("users", "add", "ada",
                      RINGDESK_DATABASE_URL=f"sqlite:///{tmp_path}/empty.sqlite3")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "`ringdesk db upgrade`" in result.stderr


def test_a_user_added_with_a_password_can_sign_in(tmp_path: Path):
    url = f"sqlite:///{tmp_path}/u.sqlite3"
    assert ringdesk("db", "upgrade", RINGDESK_DATABASE_URL=url).returncode == 0
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("RINGDESK_")}
    environment.update(RINGDESK_DATABASE_URL=url, PYTHONPATH=str(ROOT))
    added = subprocess.run([sys.executable, "-m", "ringdesk.cli", "users", "add", "boss",
                            "--rank", "admin", "--password"], input="correct horse battery\n",
                           capture_output=True, text=True, env=environment, timeout=60,
                           check=False)
    assert added.returncode == 0, added.stderr
    from ringdesk.core.db import make_engine, make_sessionmaker
    from ringdesk.core.users.operations import access_user_by_password

    with make_sessionmaker(make_engine(url)).begin() as session:
        assert access_user_by_password(session, "boss", "correct horse battery").rank == "admin"
