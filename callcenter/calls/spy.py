"""A supervisor listens in on a live call, whispers to the agent, or barges in.

Asterisk's ChanSpy does it: an Originate rings the supervisor's own phone first and, when
they answer, spies on the agent's channel of the call. Pure: the decisions (which channel,
which ChanSpy options) are made here and tested without a PBX; the service sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpyMode = Literal["listen", "whisper", "barge"]
# q: no beep or announcement for the people on the call; E: the supervisor's leg ends with
# the spied call; w: the supervisor speaks to the agent only; B: to both sides.
CHANSPY_OPTIONS: dict[SpyMode, str] = {"listen": "qE", "whisper": "qEw", "barge": "qEB"}
SUPERVISOR_RING_SECONDS = 30


@dataclass(frozen=True)
class Spy:
    supervisor: str  # the supervisor's PJSIP endpoint: their phone rings first
    agent_device: str  # PJSIP/desk-anna: the agent on the call
    agent_name: str
    mode: SpyMode

    def originate(self) -> dict[str, str | list[str]]:
        # The dash after the endpoint keeps desk-anna from matching desk-anna2's channels.
        return {
            "Channel": f"PJSIP/{self.supervisor}",
            "Application": "ChanSpy",
            "Data": f"{self.agent_device}-,{CHANSPY_OPTIONS[self.mode]}",
            "CallerID": f'"{self.mode.capitalize()}: {_safe(self.agent_name)}" <spy>',
            "Timeout": str(SUPERVISOR_RING_SECONDS * 1000),
            "Async": "true",
        }


def _safe(text: str) -> str:
    """A name fit for a caller ID: no quotes or angle brackets."""
    return "".join(char for char in text if char not in '"<>\r\n')[:40]
