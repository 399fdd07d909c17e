"""Build and cache a Debian sid chroot that carries a real Asterisk and SIPp.

Debian 12 has no Asterisk package; sid does. The chroot lives outside the clone (by default
under /var/cache/ringdesk) so every checkout and every CI run on the machine reuses it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ringdesk.core.errors import RingdeskError

# Bump when the build steps change so older caches are rebuilt instead of trusted.
RECIPE_VERSION = 1
PACKAGES = ("asterisk", "sip-tester")
MARKER = ".ringdesk-pbx.json"


class SandboxUnavailable(RingdeskError):
    code = "pbx_sandbox_unavailable"


@dataclass(frozen=True)
class ChrootInfo:
    root: Path
    asterisk_version: str
    sipp_version: str


def read_marker(root: Path) -> ChrootInfo | None:
    marker = root / MARKER
    if not marker.is_file():
        return None
    data = json.loads(marker.read_text())
    if data.get("recipe") != RECIPE_VERSION:
        return None
    return ChrootInfo(root, data["asterisk"], data["sipp"])


def check_can_build() -> None:
    if os.geteuid() != 0:
        raise SandboxUnavailable(
            "building the PBX sandbox needs root (debootstrap and chroot); run it as root, "
            "or point pbx.asterisk_host/ami_* at an Asterisk you already run"
        )
    if shutil.which("debootstrap") is None:
        raise SandboxUnavailable(
            "debootstrap is not installed; run `apt-get install debootstrap` "
            "(the ./dev script does this for you)"
        )


def ensure_chroot(root: Path, mirror: str, rebuild: bool = False) -> ChrootInfo:
    """Return the cached chroot, building it first if it is missing, stale or unwanted."""
    if not rebuild:
        info = read_marker(root)
        if info is not None:
            return info
    check_can_build()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.with_name(root.name + ".building")
    _remove_tree(staging)
    _debootstrap(staging, mirror)
    info = _install_packages(staging)
    # Swap in one rename so a half-built tree is never mistaken for a good cache.
    _remove_tree(root)
    staging.rename(root)
    return ChrootInfo(root, info.asterisk_version, info.sipp_version)


def _debootstrap(target: Path, mirror: str) -> None:
    _run(["debootstrap", "--variant=minbase", "sid", str(target), mirror], "debootstrap sid")
    apt_conf = target / "etc/apt/apt.conf.d/99ringdesk"
    # sid's Release file may be older than its Valid-Until against this machine's clock.
    apt_conf.write_text('Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n')
    policy = target / "usr/sbin/policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n")  # never start daemons from maintainer scripts
    policy.chmod(0o755)
    shutil.copyfile("/etc/resolv.conf", target / "etc/resolv.conf")


def _install_packages(target: Path) -> ChrootInfo:
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    _run(["chroot", str(target), "apt-get", "update", "-qq"], "apt-get update in chroot", env)
    _run(
        ["chroot", str(target), "apt-get", "install", "-y", "-qq", *PACKAGES],
        "apt-get install asterisk sip-tester in chroot",
        env,
    )
    _run(["chroot", str(target), "apt-get", "clean"], "apt-get clean in chroot", env)
    asterisk = _output(["chroot", str(target), "/usr/sbin/asterisk", "-V"], env).strip()
    sipp = _output(["chroot", str(target), "sh", "-c", "sipp -v 2>&1 | grep -i 'sipp v'"], env)
    info = {"recipe": RECIPE_VERSION, "asterisk": asterisk, "sipp": sipp.strip()}
    (target / MARKER).write_text(json.dumps(info))
    return ChrootInfo(target, asterisk, sipp.strip())


def _run(argv: list[str], what: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout)[-2000:]
        raise SandboxUnavailable(f"{what} failed (exit {result.returncode}): {tail}")


def _output(argv: list[str], env: dict[str, str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False).stdout


def _remove_tree(path: Path) -> None:
    if path.exists():
        # Refuse to follow into a mounted /proc of a crashed run.
        proc = path / "proc"
        if proc.is_mount():
            subprocess.run(["umount", "-l", str(proc)], check=False)
        shutil.rmtree(path)
