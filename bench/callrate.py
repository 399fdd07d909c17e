"""Calls per second end to end: SIPp callers through the sandbox Asterisk into a ringdesk
route (FastAGI: announcement, then hangup), every call tracked over AMI into a ticket;
against the same calls through a native-dialplan number (Answer, Playback, Hangup) in the
same run. For each, the highest rate SIPp sustains for ``--seconds`` with zero failed
calls, zero retransmissions and (for both, since AMI follows every inbound call) every
ticket written. Needs root (the sandbox is a chroot): `sudo python -m bench callrate`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fastagi import free_port, wait_for_port
from bench.report import bench_line, parse_with_smoke

RINGDESK_NUMBER = "4930199000"
NATIVE_NUMBER = "4930199001"
SOUND = "bench-tone"  # one second, made here with sox
# Steps of about a tenth near the top, so the ratio is measured to about 0.1.
RATES = [50, 100, 150, 175, 200, 225, 250, 275, 300, 350, 400, 450, 500, 550, 600]

SCENARIO = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="caller hears a short announcement">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "bench" <sip:+4915112345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:bench@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=bench 1 1 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "bench" <sip:+4915112345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv request="BYE" timeout="15000"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0
]]></send>
</scenario>
"""


@dataclass
class Run:
    mode: str
    rate: int
    placed: int
    succeeded: int
    failed: int
    retransmissions: int
    tickets: int

    @property
    def clean(self) -> bool:
        return (self.failed == 0 and self.retransmissions == 0
                and self.succeeded == self.placed and self.tickets == self.succeeded)

    def describe(self) -> str:
        return (f"# {self.mode:8} {self.rate:4}/s: {self.succeeded}/{self.placed} calls, "
                f"{self.failed} failed, {self.retransmissions} retransmissions, "
                f"{self.tickets} tickets -> {'clean' if self.clean else 'NOT clean'}")


def sandbox_box() -> Any:
    from ringdesk.core.config import load_config
    from sandbox.chroot import ensure_chroot
    from sandbox.sandbox import Sandbox, SandboxSettings, project_dir

    config = load_config(environ={})
    ensure_chroot(Path(config.pbx.root), config.pbx.mirror)
    root = project_dir()
    box = Sandbox(SandboxSettings(
        root=Path(config.pbx.root), conf_source=root / "asterisk-conf",
        sounds_source=root / "sounds", sip_port=config.pbx.sip_port,
        ami_port=config.ami.port, ami_username=config.ami.username,
        ami_secret=config.ami.secret, agi_url=config.pbx.agi_url))
    box.stop()
    box.start()  # installs the configuration afresh; the native number goes in after
    etc = box._inside("/etc/ringdesk-asterisk")
    (etc / "ringdesk-site" / "inbound.conf").write_text(
        f"exten = {NATIVE_NUMBER},1,Answer()\n same = n,Playback(ringdesk/{SOUND})\n"
        " same = n,Hangup()\n")
    shown = box.cli("dialplan reload").stdout + box.cli(
        f"dialplan show {NATIVE_NUMBER}@from-trunk").stdout
    if "Playback" not in shown:
        raise RuntimeError(f"the native number is not in the dialplan: {shown}")
    return box


def make_tone(sounds_dir: Path) -> None:
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16",
                    str(sounds_dir / f"{SOUND}.wav"), "synth", "1", "sine", "440", "vol",
                    "0.3"], check=True)


def api(base: str, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body is not None
        else None, headers={"Authorization": f"Bearer {token}",
                            "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def start_ringdesk(box: Any, workdir: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    from ringdesk import migrate
    from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
    from ringdesk.core.users.operations import do_create_user
    from ringdesk.core.users.tokens import do_service_token

    database = f"sqlite:///{workdir}/bench.sqlite3"
    migrate.upgrade(database)
    with make_sessionmaker(make_engine(database)).begin() as session:
        token = do_service_token(session, do_create_user(session, "bench", rank="admin"),
                                 "bench", utcnow())
    web_port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("RINGDESK_")}
    env.update(box.media_environment())
    env.update({"RINGDESK_DATABASE_URL": database, "RINGDESK_WEB_PORT": str(web_port),
                "RINGDESK_AUTH_SECRET_KEY_FILE": str(workdir / "secret.key"),
                "RINGDESK_LOG_LEVEL": "warn", "RINGDESK_HELPDESK_REPEAT_CALL_MINUTES": "0"})
    log = (workdir / "ringdesk.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "ringdesk.cli", "serve"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(web_port)
    base = f"http://127.0.0.1:{web_port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # AMI connected: calls become tickets
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if json.loads(response.read())["status"] == "ok":
                    break
        except OSError:
            pass
        time.sleep(0.3)
    graph = {"entry": "hello", "nodes": {
        "hello": {"type": "announcement", "params": {"sound": f"ringdesk/{SOUND}"},
                  "ports": {"next": "bye"}},
        "bye": {"type": "hangup"}}}
    route = api(base, token, "POST", "/api/v1/routes", {"name": "Bench", "graph": graph})
    api(base, token, "POST", f"/api/v1/routes/{route['id']}/publish")
    api(base, token, "POST", f"/api/v1/routes/{route['id']}/numbers",
        {"number": f"+{RINGDESK_NUMBER}"})
    time.sleep(1.0)
    return process, database[len("sqlite:///"):], base


def tickets_for(database: str, number: str, since: float) -> int:
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM calls WHERE dialed_number = ? AND ended_at IS NOT NULL "
            "AND ticket_id IS NOT NULL AND started_at >= ?",
            (f"+{number}", time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(since)))).fetchone()
    return int(count)


def run_rate(box: Any, mode: str, number: str, rate: int, seconds: float,
             database: str) -> Run:
    workdir = Path(tempfile.mkdtemp())
    scenario = workdir / "bench_caller.xml"
    scenario.write_text(SCENARIO)
    placed = int(rate * seconds)
    started = time.time() - 1
    stat = "/tmp/ringdesk-sipp/bench_stat.csv"
    box.sipp(scenario, ["-s", number, "-r", str(rate), "-m", str(placed),
                        "-l", str(max(50, rate * 4)), "-trace_stat", "-stf", stat,
                        "-fd", "1", "-timeout", f"{int(seconds + 60)}s", "-timeout_error"],
             timeout=seconds + 90)
    rows = list(csv.DictReader(box._inside(stat).read_text().splitlines(), delimiter=";"))
    last = rows[-1] if rows else {}
    succeeded = int(last.get("SuccessfulCall(C)", 0) or 0)
    failed = int(last.get("FailedCall(C)", 0) or 0)
    retrans = int(last.get("Retransmissions(C)", 0) or 0)
    tickets = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the writer may trail the calls a little
        tickets = tickets_for(database, number, started)
        if tickets >= succeeded:
            break
        time.sleep(1.0)
    return Run(mode, rate, placed, succeeded, failed, retrans, tickets)


def highest_clean(box: Any, rates: list[int], seconds: float,
                  database: str) -> dict[str, int]:
    """Both modes at each rate in turn (the machine's mood hits both alike), up the ladder
    until neither runs clean."""
    numbers = {"native": NATIVE_NUMBER, "ringdesk": RINGDESK_NUMBER}
    best = dict.fromkeys(numbers, 0)
    failed: set[str] = set()
    for rate in rates:
        for mode, number in numbers.items():
            if mode in failed:
                continue
            run = run_rate(box, mode, number, rate, seconds, database)
            print(run.describe(), flush=True)
            if run.clean:
                best[mode] = rate
            else:
                failed.add(mode)
            time.sleep(3.0)  # let calls and writes settle between runs
        if failed == set(numbers):
            break
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench callrate")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rates", default=",".join(map(str, RATES)),
                        help="ladder of calls/s tried in order until one is not clean")
    args = parse_with_smoke(parser, argv, seconds=2.0, rates="5")
    if os.geteuid() != 0:
        print("bench callrate needs root: the PBX sandbox is a chroot", file=sys.stderr)
        return 2
    rates = [int(rate) for rate in args.rates.split(",")]
    box = sandbox_box()
    workdir = Path(tempfile.mkdtemp(prefix="ringdesk-callrate-"))
    make_tone(Path(box.media_environment()["RINGDESK_MEDIA_SOUNDS_DIR"]))
    process, database, _ = start_ringdesk(box, workdir)
    try:
        # Warm-up: Asterisk's first seconds under load are slower than the rest.
        run_rate(box, "warm-up", NATIVE_NUMBER, 50, 5, database)
        best = highest_clean(box, rates, args.seconds, database)
    finally:
        process.terminate()
        process.wait(60)
        box.stop()
    print(bench_line("calls_per_s_sustained", best["ringdesk"], "calls/s", best["native"]))
    return 0
