"""The `ringdesk` command as a user runs it: clear messages and exit codes on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ringdesk.pbx import chroot
from ringdesk.pbx.chroot import SandboxUnavailable

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


def test_numbers_add_validates_and_lists(tmp_path: Path):
    url = f"sqlite:///{tmp_path}/n.sqlite3"
    assert ringdesk("db", "upgrade", RINGDESK_DATABASE_URL=url).returncode == 0
    added = ringdesk("numbers", "add", "030 1234567", "--answer-after", "3",
                     RINGDESK_DATABASE_URL=url)
    assert added.returncode == 0 and "+49301234567" in added.stdout
    again = ringdesk("numbers", "add", "+49301234567", RINGDESK_DATABASE_URL=url)
    assert again.returncode == 1 and "already configured" in again.stderr
    bad = ringdesk("numbers", "add", "hello", RINGDESK_DATABASE_URL=url)
    assert bad.returncode == 1 and "is not a phone number" in bad.stderr
    listed = ringdesk("numbers", "list", RINGDESK_DATABASE_URL=url)
    assert "+49301234567\tringdesk/welcome\tanswer after 3s" in listed.stdout


def test_sandbox_build_says_what_to_do_without_root(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(chroot.os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxUnavailable, match="needs root"):
        chroot.check_can_build()


def test_sandbox_build_says_what_to_do_without_debootstrap(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(chroot.os, "geteuid", lambda: 0)
    monkeypatch.setattr(chroot.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="apt-get install debootstrap"):
        chroot.check_can_build()
