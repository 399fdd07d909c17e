"""Nodes the caller hears: ringing, announcements, IVR menus, voicemail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ringdesk.routes.effects import CollectDigit, Play, RecordVoicemail, Ring
from ringdesk.routes.nodes.base import (
    CallFacts,
    Issue,
    NodeType,
    ParamSpec,
    PortSpec,
    References,
    Run,
    done,
)

DIGITS = "0123456789*#"
FAILED = PortSpec("failed", "Failed (sound missing...)", required=False)


class RingNode(NodeType):
    type_name = "ring"
    title = "Ring"
    description = "Let the caller hear ringing for some seconds before anything answers."
    params = (ParamSpec("seconds", "integer", "Seconds", minimum=1, maximum=120, default=5),)
    static_ports = (PortSpec("next", "Next"),)
    waits_for_caller = True

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        yield Ring(int(params["seconds"]))
        return done("next", "rang", seconds=int(params["seconds"]))


class Announcement(NodeType):
    type_name = "announcement"
    title = "Announcement"
    description = "Play a sound, then continue."
    params = (ParamSpec("sound", "sound", "Sound"),)
    static_ports = (PortSpec("next", "Next"), FAILED)
    waits_for_caller = True

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        outcome = yield Play(params["sound"])
        if not outcome.ok:
            return done("failed", "could_not_play", sound=params["sound"])
        return done("next", "played", sound=params["sound"])


class IvrMenu(NodeType):
    type_name = "ivr_menu"
    title = "IVR menu"
    description = "Play a prompt and route by the key pressed; retries with their own prompts."
    params = (
        ParamSpec("prompt", "sound", "Prompt"),
        ParamSpec("choices", "digit_choices", "Choices",
                  help="the keys a caller may press, each with what it means"),
        ParamSpec("timeout", "number", "Seconds to wait for a key", default=5, minimum=1,
                  maximum=60),
        ParamSpec("max_retries", "integer", "Retries", default=2, minimum=0, maximum=10),
        ParamSpec("invalid_prompt", "sound", "Prompt after a wrong key", required=False),
        ParamSpec("timeout_prompt", "sound", "Prompt after no key", required=False),
    )
    static_ports = (PortSpec("timeout", "No key"), PortSpec("invalid", "Wrong key"), FAILED)
    waits_for_caller = True

    def ports(self, params: Mapping[str, Any]) -> tuple[PortSpec, ...]:
        choices = params.get("choices")
        digits = tuple(PortSpec(key, f"{key}: {label}") for key, label in
                       sorted(choices.items())) if isinstance(choices, dict) else ()
        return digits + self.static_ports

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        choices = params.get("choices")
        if not isinstance(choices, dict) or not choices:
            return [Issue("invalid_param", "give at least one choice", param="choices",
                          key="choose_menu_choice")]
        return [Issue("invalid_param", f"{key!r} is not a key (0-9, *, #)", param="choices",
                      key="not_a_menu_key", params={"key": key})
                for key in choices if len(key) != 1 or key not in DIGITS]

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        choices = params["choices"]
        retries = int(params.get("max_retries", 2))
        timeout = float(params.get("timeout", 5))
        tried: list[dict[str, str]] = []  # each attempt, as the reason tells it
        while True:
            outcome = yield CollectDigit(params["prompt"], timeout, DIGITS)
            if not outcome.ok:
                return done("failed", "could_not_play", sound=params["prompt"])
            digit = outcome.value
            if digit in choices:
                tried.append({"key": digit, "choice": choices[digit]})
                return done(digit, "menu_chose", attempts=tried)
            kind = "invalid" if digit else "timeout"
            tried.append({"key": digit})
            if len(tried) > retries:
                # The last attempt decides the way out: no key, or a wrong one.
                return done(kind, "menu_gave_up", attempts=tried, decided=kind)
            retry_prompt = params.get(f"{kind}_prompt")
            if retry_prompt:
                yield Play(retry_prompt)


class Voicemail(NodeType):
    type_name = "voicemail"
    title = "Voicemail"
    description = "Record a message for the call's ticket, then hang up."
    params = (
        ParamSpec("greeting", "sound", "Greeting"),
        ParamSpec("max_seconds", "integer", "Longest message (s)", default=120, minimum=5,
                  maximum=600),
    )
    static_ports = (FAILED,)
    waits_for_caller = True

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        outcome = yield RecordVoicemail(params["greeting"], int(params.get("max_seconds", 120)))
        if not outcome.ok:
            return done("failed", "could_not_record", error=outcome.details.get("error", ""))
        return done(None, "voicemail_recorded", file=outcome.value)
