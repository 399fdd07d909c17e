"""Run the project's Asterisk configuration in the cached chroot, on loopback.

The sandbox copies ``asterisk-conf/`` and ``sounds/`` into the chroot, writes the per-site
files (ports, AMI secret, AGI address) for loopback, and runs Asterisk in the foreground
under a pid file so any process (CLI, tests) can stop it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox.chroot import SandboxUnavailable, read_marker

ETC = "/etc/ringdesk-asterisk"
RUN = "/var/run/ringdesk-asterisk"
SPOOL = "/var/spool/ringdesk-asterisk"
LOG = "/var/log/ringdesk-asterisk"
LIB = "/var/lib/ringdesk-asterisk"
SOUNDS = "/usr/share/asterisk/sounds/ringdesk"
SIPP_DIR = "/tmp/ringdesk-sipp"
RECORDINGS = f"{SPOOL}/ringdesk"

ASTERISK_CONF = f"""[directories]
astetcdir => {ETC}
astmoddir => /usr/lib/x86_64-linux-gnu/asterisk/modules
astvarlibdir => /var/lib/asterisk
astdbdir => {LIB}
astkeydir => /var/lib/asterisk
astdatadir => /usr/share/asterisk
astagidir => /usr/share/asterisk/agi-bin
astspooldir => {SPOOL}
astrundir => {RUN}
astlogdir => {LOG}
astsbindir => /usr/sbin

[options]
verbose = 0
debug = 0
maxfiles = 16384
"""


# Queues without members, until the call-center module generates real ones: callers wait
# in "support" until their maximum wait, "nobody" refuses them (no agents), and "tiny"
# holds one caller (the next is told it is full).
DEMO_QUEUES = """[support]
strategy = linear
joinempty = yes
leavewhenempty = no
musicclass = default

[nobody]
strategy = linear
joinempty = unavailable,invalid,unknown

[tiny]
strategy = linear
maxlen = 1
joinempty = yes
musicclass = default
"""

# Two agent phones for the sandbox; in a deployment ringdesk generates the accounts.
DEMO_AGENTS = {"agent-1001": "demo-secret-1001", "agent-1002": "demo-secret-1002"}
# A phone at a fixed address, where tests run a SIPp phone that is busy, rings or answers.
TEST_PHONE = ("agent-1009", "127.0.0.1:5099")
# Where outbound calls through the trunk go: tests run a SIPp "carrier" there.
TEST_CARRIER = "127.0.0.1:5098"


def agent_accounts(agents: dict[str, str], static: tuple[str, str] | None = None) -> str:
    """PJSIP endpoint, auth and AOR sections for agent phones (from the template)."""
    sections = []
    for name, password in agents.items():
        sections.append(
            f"[{name}](agent-phone)\nauth = {name}\naors = {name}\n\n"
            f"[{name}]\ntype = auth\nauth_type = digest\nusername = {name}\n"
            f"password = {password}\n\n"
            f"[{name}]\ntype = aor\nmax_contacts = 2\nremove_existing = yes\n"
            f"qualify_frequency = 30\n"
        )
    if static is not None:
        name, address = static
        sections.append(f"[{name}](agent-phone)\naors = {name}\n\n"
                        f"[{name}]\ntype = aor\ncontact = sip:{name}@{address}\n")
    return "\n".join(sections)


@dataclass(frozen=True)
class SandboxSettings:
    root: Path
    conf_source: Path
    sounds_source: Path
    sip_port: int
    ami_port: int
    ami_username: str
    ami_secret: str
    agi_url: str


def project_dir() -> Path:
    return Path(__file__).resolve().parents[1]


class Sandbox:
    def __init__(self, settings: SandboxSettings) -> None:
        self.settings = settings
        self.root = settings.root

    # -- configuration ---------------------------------------------------------------
    def install_config(self) -> None:
        if read_marker(self.root) is None:
            raise SandboxUnavailable(
                f"no PBX sandbox at {self.root}; build it first with `ringdesk pbx build`"
            )
        etc = self._inside(ETC)
        if etc.exists():
            shutil.rmtree(etc)
        shutil.copytree(self.settings.conf_source, etc)
        (etc / "asterisk.conf").write_text(ASTERISK_CONF)
        site = etc / "ringdesk-site"
        site.mkdir(exist_ok=True)
        (site / "transport.conf").write_text(
            "[transport-udp]\ntype = transport\nprotocol = udp\n"
            f"bind = 127.0.0.1:{self.settings.sip_port}\n"
        )
        (site / "globals.conf").write_text(f"RINGDESK_AGI = {self.settings.agi_url}\n"
                                           f"RINGDESK_RECORDINGS = {RECORDINGS}\n")
        (site / "trunk.conf").write_text(
            "[trunk]\ntype = identify\nendpoint = trunk\nmatch = 127.0.0.1\n\n"
            f"[trunk]\ntype = aor\nmax_contacts = 1\ncontact = sip:{TEST_CARRIER}\n")
        # The sandbox's own fixtures are site configuration; ringdesk-generated/ belongs to
        # ringdesk ("Apply config") and starts empty.
        (site / "pjsip_agents.conf").write_text(agent_accounts(DEMO_AGENTS, TEST_PHONE))
        (site / "inbound.conf").write_text("; numbers answered by the dialplan alone\n")
        (site / "queues.conf").write_text(DEMO_QUEUES)
        generated = etc / "ringdesk-generated"
        generated.mkdir(exist_ok=True)
        for name in ("pjsip_agents.conf", "queues.conf"):
            (generated / name).write_text("")
        manager_user = (self.settings.conf_source / "ringdesk-site/manager-user.conf").read_text()
        manager_user = manager_user.replace("[ringdesk]", f"[{self.settings.ami_username}]", 1)
        (site / "manager-user.conf").write_text(manager_user)
        (etc / "ringdesk-ami-secret.conf").write_text(f"secret = {self.ami_secret}\n")
        manager = (etc / "manager.conf").read_text()
        manager = manager.replace("port = 5038", f"port = {self.settings.ami_port}")
        manager = manager.replace("bindaddr = 0.0.0.0", "bindaddr = 127.0.0.1")
        (etc / "manager.conf").write_text(manager)
        for directory in (RUN, SPOOL, LOG, f"{LOG}/cdr-custom", LIB, SIPP_DIR, RECORDINGS):
            self._inside(directory).mkdir(parents=True, exist_ok=True)
        # Sounds uploaded through ringdesk live here too: refresh the shipped ones only.
        shutil.copytree(self.settings.sounds_source / "ringdesk", self._inside(SOUNDS),
                        dirs_exist_ok=True)
        moh = self._inside("/usr/share/asterisk/moh")
        moh.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.settings.sounds_source / "moh/tone.wav", moh / "tone.wav")

    # -- process ---------------------------------------------------------------------
    @property
    def pid_file(self) -> Path:
        return self._inside(RUN) / "sandbox.pid"

    def running_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except OSError:
            return None
        return pid

    def start(self, timeout: float = 30.0) -> int:
        """Start Asterisk (once) and wait until it is fully booted; return its pid."""
        pid = self.running_pid()
        if pid is not None:
            return pid
        self.install_config()
        log = open(self._inside(LOG) / "console.log", "ab")  # noqa: SIM115 - the child owns it
        process = subprocess.Popen(
            ["chroot", str(self.root), "/usr/sbin/asterisk", "-f", "-C", f"{ETC}/asterisk.conf"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log_file = self._inside(LOG) / "console.log"
                raise SandboxUnavailable(
                    f"Asterisk exited with {process.returncode}; see {log_file}")
            if self.cli("core waitfullybooted", timeout=5).returncode == 0:
                return process.pid
            time.sleep(0.1)
        self.stop()
        raise SandboxUnavailable(f"Asterisk did not boot within {timeout:.0f}s")

    def stop(self, timeout: float = 10.0) -> None:
        pid = self.running_pid()
        if pid is None:
            return
        self.cli("core stop now", timeout=5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.1)
        else:
            os.killpg(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)

    def cli(self, command: str, timeout: float = 10.0) -> subprocess.CompletedProcess[str]:
        argv = ["chroot", str(self.root), "/usr/sbin/asterisk", "-C", f"{ETC}/asterisk.conf",
                "-rx", command]
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(argv, 124, "", "timed out")

    # -- SIPp ------------------------------------------------------------------------
    def sipp(self, scenario: Path, args: list[str], timeout: float = 60.0,
             ) -> subprocess.CompletedProcess[str]:
        """Run SIPp inside the chroot with ``scenario`` against the sandbox's SIP port."""
        inside = self._inside(SIPP_DIR)
        inside.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(scenario, inside / scenario.name)
        argv = ["chroot", str(self.root), "sipp", f"127.0.0.1:{self.settings.sip_port}",
                "-sf", f"{SIPP_DIR}/{scenario.name}", "-i", "127.0.0.1", "-nostdin",
                "-trace_err", "-error_file", f"{SIPP_DIR}/{scenario.stem}.errors.log", *args]
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired as expired:
            return subprocess.CompletedProcess(argv, 124, str(expired.stdout), "timed out")

    def sipp_in_background(self, scenario: Path, args: list[str]) -> subprocess.Popen[bytes]:
        """SIPp inside the chroot as a long-running process (a phone that takes calls)."""
        inside = self._inside(SIPP_DIR)
        inside.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(scenario, inside / scenario.name)
        return subprocess.Popen(
            ["chroot", str(self.root), "sipp", f"127.0.0.1:{self.settings.sip_port}",
             "-sf", f"{SIPP_DIR}/{scenario.name}", "-i", "127.0.0.1", "-nostdin",
             "-trace_err", "-error_file", f"{SIPP_DIR}/{scenario.stem}.errors.log", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def sipp_errors(self, scenario: Path) -> str:
        path = self._inside(SIPP_DIR) / f"{scenario.stem}.errors.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @property
    def ami_secret(self) -> str:
        """The configured AMI secret, or one generated for this sandbox on first use (kept
        beside the chroot: no secret is committed)."""
        if self.settings.ami_secret:
            return self.settings.ami_secret
        kept = self.root / "ringdesk-ami-secret"
        if not kept.is_file():
            kept.write_text(secrets.token_urlsafe(24))
            kept.chmod(0o600)
        return kept.read_text().strip()

    def media_environment(self) -> dict[str, str]:
        """Settings that point ringdesk at the sandbox: its sound and recording folders and
        its AMI secret."""
        return {
            "RINGDESK_AMI_SECRET": self.ami_secret,
            "RINGDESK_MEDIA_SOUNDS_DIR": str(self._inside(SOUNDS)),
            "RINGDESK_MEDIA_RECORDINGS_DIR": str(self._inside(RECORDINGS)),
            "RINGDESK_AMI_CDR_FILE": str(self._inside(f"{LOG}/cdr-custom/ringdesk.csv")),
            "RINGDESK_MEDIA_ASTERISK_RECORDINGS_DIR": RECORDINGS,
            "RINGDESK_PBX_GENERATED_DIR": str(self._inside(f"{ETC}/ringdesk-generated")),
        }

    def _inside(self, path: str) -> Path:
        return self.root / path.lstrip("/")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return waited == 0
