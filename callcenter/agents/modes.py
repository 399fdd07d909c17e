"""Work modes as the PBX sees them: pure decisions, no I/O.

A mode that takes calls unpauses the agent in every queue; any other pauses them, with the
mode's name as the reason. Agents change mode over the API or by dialling ``*5<code>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FEATURE_CODE = re.compile(r"^\*5(\d{1,4})$")
MODE_CODE = re.compile(r"^\d{1,4}$")
MODE_NAME_LENGTH = (1, 60)


@dataclass(frozen=True)
class ModeSpec:
    name: str
    available: bool
    code: str
    limit_minutes: int | None = None  # past it, the live board marks the agent


@dataclass(frozen=True)
class PauseAction:
    """The AMI action that puts an agent's queue membership in line with a mode."""

    interface: str
    paused: bool
    reason: str

    def headers(self) -> dict[str, str]:
        # No Queue header: Asterisk applies it to every queue the interface is a member of.
        return {"Interface": self.interface, "Paused": "true" if self.paused else "false",
                "Reason": self.reason}


def pause_for(endpoint: str, mode: ModeSpec) -> PauseAction:
    return PauseAction(f"PJSIP/{endpoint}", not mode.available, mode.name)


def code_dialled(extension: str) -> str | None:
    """``*52`` -> ``2``; None when the number is not a work-mode feature code."""
    match = FEATURE_CODE.match(extension)
    return match.group(1) if match else None


MODE_LIMIT_MINUTES = (1, 24 * 60)


def limit_problems(limit: object) -> list[tuple[str, str]]:
    low, high = MODE_LIMIT_MINUTES
    if limit is None or (isinstance(limit, int) and not isinstance(limit, bool)
                         and low <= limit <= high):
        return []
    return [("limit_minutes", f"none, or {low} to {high} minutes")]


def mode_problems(name: object, code: object) -> list[tuple[str, str]]:
    """(field, message) for every reason a mode's name or code cannot be saved."""
    problems = []
    low, high = MODE_NAME_LENGTH
    if not isinstance(name, str) or not low <= len(name.strip()) <= high:
        problems.append(("name", f"a name of {low} to {high} characters"))
    if not isinstance(code, str) or not MODE_CODE.match(code):
        problems.append(("code", "1 to 4 digits (dialled as *5<code>)"))
    return problems
