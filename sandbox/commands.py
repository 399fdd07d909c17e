"""The development tools' commands: the PBX sandbox and the demo.

They work in a source checkout (./dev), not from the wheel or the image.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ringdesk import migrate
from ringdesk.core.config import Config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.routes.references import sound_names
from sandbox.chroot import ensure_chroot
from sandbox.dtmf_scenario import write_keys_scenario
from sandbox.sandbox import Sandbox, SandboxSettings, project_dir

SCENARIOS = Path(__file__).with_name("scenarios")


def sandbox_for(config: Config) -> Sandbox:
    root = project_dir()
    return Sandbox(SandboxSettings(
        root=Path(config.pbx.root),
        conf_source=root / "asterisk-conf",
        sounds_source=root / "sounds",
        sip_port=config.pbx.sip_port,
        ami_port=config.ami.port,
        ami_username=config.ami.username,
        ami_secret=config.ami.secret,
        agi_url=config.pbx.agi_url,
    ))


def pbx_build(args: argparse.Namespace, config: Config) -> int:
    info = ensure_chroot(Path(config.pbx.root), config.pbx.mirror, rebuild=args.rebuild)
    print(f"PBX sandbox at {info.root}: {info.asterisk_version}; {info.sipp_version}")
    return 0


def pbx_start(args: argparse.Namespace, config: Config) -> int:
    sandbox = sandbox_for(config)
    pid = sandbox.start()
    print(f"Asterisk running (pid {pid}); SIP on 127.0.0.1:{config.pbx.sip_port}, "
          f"AMI on 127.0.0.1:{config.ami.port}")
    return 0


def pbx_stop(args: argparse.Namespace, config: Config) -> int:
    sandbox_for(config).stop()
    print("Asterisk stopped")
    return 0


def pbx_status(args: argparse.Namespace, config: Config) -> int:
    pid = sandbox_for(config).running_pid()
    print(f"running (pid {pid})" if pid else "not running")
    return 0 if pid else 3


def pbx_cli(args: argparse.Namespace, config: Config) -> int:
    result = sandbox_for(config).cli(" ".join(args.command))
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return result.returncode


def pbx_call(args: argparse.Namespace, config: Config) -> int:
    sandbox = sandbox_for(config)
    scenario = SCENARIOS / ("caller_gives_up.xml" if args.give_up else "caller_listens.xml")
    if args.digits:
        # Each key 3 s after the previous one: time for the prompt to start.
        scenario = write_keys_scenario(Path(tempfile.mkdtemp()), "caller_presses",
                                       [(3000, key) for key in args.digits])
    port = random.randint(20000, 29999)
    result = sandbox.sipp(scenario, [
        "-s", args.number.lstrip("+"), "-key", "caller", args.caller,
        "-key", "rtp_port", str(port + 1), "-p", str(port), "-mp", str(port + 2),
        "-m", "1", "-l", "1",
    ], timeout=180)
    print("call completed" if result.returncode == 0 else
          f"call failed (SIPp exit {result.returncode}): {sandbox.sipp_errors(scenario)}")
    return result.returncode


def demo(args: argparse.Namespace, config: Config) -> int:
    from sandbox.demo import (
        DEMO_SIGN_INS,
        DESK_PHONES,
        apply_pbx_config,
        demo_password,
        seed_answering_desk,
        seed_demo,
        start_desk_phones,
    )

    info = ensure_chroot(Path(config.pbx.root), config.pbx.mirror)
    print(f"PBX sandbox: {info.asterisk_version}")
    sandbox = sandbox_for(config)
    sandbox.start()
    media = sandbox.media_environment()
    migrate.upgrade(config.database.url)
    sessions = make_sessionmaker(make_engine(config.database.url))
    sounds = sound_names(Path(media["RINGDESK_MEDIA_SOUNDS_DIR"]))
    numbers, token = seed_demo(sessions, sounds, config.phone.default_region)
    desk = seed_answering_desk(sessions, sounds, config.phone.default_region)
    apply_pbx_config(sandbox, sessions)
    phones = start_desk_phones(sandbox)
    names = ", then ".join(name for _, name, _, _ in DESK_PHONES)
    web = f"http://{config.web.host}:{config.web.port}"
    ringdesk = Path(sys.executable).parent / "ringdesk"
    token_line = (f"API token of user admin (shown once): {token}" if token
                  else "API user: admin (create another with `ringdesk users add`)")
    sign_ins = "\n".join(f"    {login:<6} / {demo_password(login):<18} ({rank})"
                         for login, rank, _ in DEMO_SIGN_INS)
    print(f"""
ringdesk demo is up: Asterisk on 127.0.0.1:{config.pbx.sip_port}, ringdesk below.

  Open the web app:  {web}/   and sign in (login / password):
{sign_ins}

  Place a demo call (another terminal):   {ringdesk} pbx call {numbers[0]}
  A caller who hangs up while it rings:   {ringdesk} pbx call {numbers[1]} --give-up
  The IVR menu (1 sales, 2 support):      {ringdesk} pbx call {numbers[2]} --digits 2
  {f"Agents answer ({names}):":<40}{ringdesk} pbx call {desk}
  Tickets:  curl -H "Authorization: Bearer $TOKEN" {web}/api/v1/tickets
  Health:                                 curl {web}/healthz
  {token_line}

Ctrl-C stops ringdesk and the sandbox Asterisk.
""", flush=True)
    config_args = ["--config", str(args.config)] if args.config else []
    env = {"RINGDESK_LOG_FORMAT": "text", **media, **os.environ}  # readable in a terminal
    server = subprocess.Popen([sys.executable, "-m", "ringdesk.cli", *config_args, "serve"],
                              env=env)
    # A demo stopped by its service manager or `kill` cleans up as after Ctrl-C: no
    # Asterisk or phones left running.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second kill must not skip cleanup
        server.send_signal(signal.SIGINT)
        try:
            return server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            return server.wait()
    finally:
        if server.poll() is None:
            server.kill()
        for phone in phones:
            phone.terminate()
        sandbox.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
