"""What the web layer is handed by the composition root: no globals, no imports of servers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ringdesk.callcenter.agents.operations import ModeOfAgent
from ringdesk.core.config import Config
from ringdesk.core.health import HealthBoard
from ringdesk.core.server_key import ServerKey


@dataclass(frozen=True)
class WebServices:
    sessions: sessionmaker[Session]
    health: HealthBoard
    config: Config
    routes_changed: Callable[[], None]
    # Writes the generated Asterisk configuration and reloads it; raises PbxUnavailable
    # when Asterisk cannot be reached. Called from a web thread.
    apply_pbx: Callable[[], dict[str, Any]] | None = None
    # Puts an agent in a work mode (endpoint, mode name or code, acting user): the mode and
    # whether Asterisk's queues follow it yet. Called from a web thread.
    set_agent_mode: Callable[[str, str, int | None], tuple[ModeOfAgent, bool]] | None = None
    # The live board now (agents, queues, calls). Called from a web thread.
    live_snapshot: Callable[[], dict[str, Any]] | None = None
    # Click-to-call (ticket id, agent endpoint, number or None, queue or None): rings the
    # agent, then the customer. Called from a web thread.
    click_to_call: Callable[[int, str, str | None, str | None], dict[str, Any]] | None = None
    # Seals TOTP seeds and keys recovery-code hashes. The server passes the configured key
    # (core/server_key.py); an app built without one (tests, tools) gets a key of its own.
    server_key: ServerKey = field(default_factory=ServerKey.ephemeral)
    # Listen, whisper or barge (call's Linkedid, mode, supervisor's user id): rings the
    # supervisor's own phone, which then joins the call. Called from a web thread.
    spy_on_call: Callable[[str, str, int], dict[str, str]] | None = None
    # Send a waiting caller to an agent (call's Linkedid, the agent's endpoint or None for
    # the supervisor's own phone, supervisor's user id). Called from a web thread.
    redirect_call: Callable[[str, str | None, int], dict[str, str]] | None = None
    # Tells the desks' streams in every process something one person did (who is on a
    # ticket): a message for the live bus. Called from a web thread.
    tell_desks: Callable[[dict[str, Any]], None] | None = None
    # Pause or resume a call's recording (Linkedid, paused, the agent's user id): MixMonitor
    # muted through AMI, marked on the ticket. Called from a web thread.
    pause_recording: Callable[[str, bool, int], dict[str, Any]] | None = None
