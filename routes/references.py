"""Load what routes may refer to: sounds on disk, queues, agents, caller lists."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from callcenter.pbx_models import AgentAccount, PbxQueue
from routes.models import CallerList
from routes.nodes.base import References

SOUND_SUFFIXES = {".wav", ".gsm", ".ulaw", ".alaw", ".sln", ".sln16", ".g722"}
SOUND_PREFIX = "ringdesk/"


def sound_names(directory: Path) -> frozenset[str]:
    """Sounds Asterisk can play as ``ringdesk/<name>`` from ringdesk's sound directory."""
    if not directory.is_dir():
        return frozenset()
    return frozenset(SOUND_PREFIX + path.stem for path in directory.iterdir()
                     if path.suffix in SOUND_SUFFIXES and path.is_file())


def load_references(session: Session, sounds_dir: Path) -> References:
    return References(
        sounds=sound_names(sounds_dir),
        queues=frozenset(session.scalars(select(PbxQueue.name))),
        agents=frozenset(session.scalars(select(AgentAccount.endpoint))),
        caller_lists={row.name: frozenset(row.entries)
                      for row in session.scalars(select(CallerList))},
    )
