"""Why a node sent the call where it did: a key with facts, told in English here.

A decision carries the key and the facts (ids, times, keys pressed), never a sentence, so
the web app tells the same reason in the reader's language with names instead of ids
(``reasons.<key>`` in its catalogue, a test keeps the keys equal). The English text here is
what logs and the stored path carry. A plugin node may give any text as its key: with no
template the text is its own reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REASONS: dict[str, str] = {
    "rang": "rang {seconds} s",
    "played": "played {sound}",
    "could_not_play": "could not play {sound}",
    "menu_chose": "caller {attempts}",
    "menu_gave_up": "caller {attempts}; attempt {attempt} decided: {decided}",
    "could_not_record": "could not record: {error}",
    "voicemail_recorded": "voicemail recorded",
    "queue_connected": "connected to an agent of {queue} (QUEUESTATUS={status})",
    "queue_timeout": "waited too long in {queue} (QUEUESTATUS={status})",
    "queue_no_agents": "no agents in {queue} (QUEUESTATUS={status})",
    "queue_full": "{queue} is full (QUEUESTATUS={status})",
    "queue_failed": "queue {queue} is not available",
    "agent_connected": "call with {agent} ended (DIALSTATUS={status})",
    "agent_no_answer": "{agent} did not answer (DIALSTATUS={status})",
    "agent_busy": "{agent} is busy (DIALSTATUS={status})",
    "agent_unavailable": "{agent} is unavailable (DIALSTATUS={status})",
    "agent_failed": "agent {agent} cannot be dialled",
    "transferred": "transferred to {number}",
    "transfer_failed": "transfer to {number} failed (DIALSTATUS={status})",
    "ticket_fields_set": "ticket fields set",
    "hung_up": "hung up",
    "open": "{weekday} {at} {zone} is within {from}-{to}",
    "closed": "{weekday} {at} {zone} is outside the opening hours",
    "holiday_period": "{at} is in {name}",
    "public_holiday": "{date} is {name} ({country})",
    "regular_day": "{at} is a regular day",
    "caller_has_no_number": "caller {caller!r} has no number",
    "caller_list_unavailable": "caller list {list!r} unavailable; failing open",
    "caller_on_list": "{caller} matches {entry} on list {list!r}",
    "caller_on_no_list": "{caller} is on none of the lists",
    "too_many_steps": "stopped after {steps} steps",
    "port_not_connected": "port {port!r} of {node!r} is not connected",
    "no_entry": "the route has no entry",
}
_DECIDED = {"timeout": "no key", "invalid": "a wrong key"}


def explain(why: str, facts: Mapping[str, Any]) -> str:
    template = REASONS.get(why)
    if template is None:
        return why
    shown = dict(facts)
    if "attempts" in facts:
        shown["attempts"] = ", then ".join(_attempt(attempt) for attempt in facts["attempts"])
        shown["attempt"] = len(facts["attempts"])
    if "decided" in facts:
        shown["decided"] = _DECIDED.get(facts["decided"], facts["decided"])
    if "status" in facts:
        shown["status"] = facts["status"] or "-"
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):  # a fact missing must not end a call
        return f"{why} {facts}"


def _attempt(attempt: Mapping[str, Any]) -> str:
    key = attempt.get("key", "")
    if not key:
        return "pressed nothing"
    return f"pressed {key} ({attempt.get('choice') or 'no such choice'})"
