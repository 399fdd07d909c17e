"""Every route node type on real calls: SIPp through the sandbox Asterisk into `ringdesk
serve`, routes created and published through the REST API, DTMF sent as SIP INFO, and what
the caller hears checked against the prompts. Time and holiday conditions use schedules
built around the current time."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.db import make_engine, make_sessionmaker
from sandbox.dtmf_scenario import write_keys_scenario
from sandbox.sandbox import project_dir
from tests.e2e.audio import similarity, ulaw_to_samples, wav_samples
from tests.e2e.conftest import (
    CALLER,
    SCENARIOS,
    CallInBackground,
    path_nodes,
    place_call,
)

SOUNDS = project_dir() / "sounds" / "ringdesk"
PROMPTS = {name: wav_samples(SOUNDS / f"{name}.wav")
           for name in ("welcome", "closed", "menu", "invalid", "voicemail", "sales",
                        "fallback")}
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def heard(audio: bytes, *names: str) -> dict[str, float]:
    samples = ulaw_to_samples(audio)
    return {name: similarity(samples, PROMPTS[name]) for name in names}


def say(sound: str, then: str = "bye") -> dict[str, Any]:
    return {"type": "announcement", "params": {"sound": f"ringdesk/{sound}"},
            "ports": {"next": then}}


BYE = {"type": "hangup"}


def scenario(name: str, presses: list[tuple[int, str]]) -> Path:
    return write_keys_scenario(Path(tempfile.mkdtemp()), name, presses)


def settles_as(ringdesk: Any, number: str, outcome: str) -> dict[str, Any]:
    """The call's ticket once the call is classified ``outcome`` (the route's last steps
    and AMI's hangup may arrive in either order)."""
    return ringdesk.ticket_for(lambda call: call["dialed_number"] == number
                               and call["outcome"] == outcome)


def only_call(ringdesk: Any, number: str) -> dict[str, Any]:
    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == number
                                 and call["ended_at"] is not None)
    [call] = ticket["calls"]
    return {"ticket": ticket, **call}


def window(open_now: bool) -> dict[str, list[list[str]]]:
    """Opening hours that contain the current Berlin time, or that exclude it."""
    now = datetime.now(BERLIN)
    start = now - timedelta(minutes=30) if open_now else now + timedelta(hours=2)
    end = start + timedelta(hours=1)
    if end.date() != start.date():  # keep the test clear of midnight
        start, end = (now - timedelta(minutes=1), now + timedelta(minutes=2)) if open_now \
            else (now + timedelta(minutes=5), now + timedelta(minutes=6))
    return {WEEKDAYS[start.weekday()]: [[f"{start:%H:%M}", f"{end:%H:%M}"]]}


def test_ivr_choice_sets_ticket_fields_and_simulator_agrees(ringdesk, sandbox):
    """IVR menu (DTMF: a wrong key, then 1), ticket fields, announcement, hangup; then the
    simulator, fed the same inputs, walks the same path."""
    ringdesk.start()
    graph = {"entry": "menu", "nodes": {
        "menu": {"type": "ivr_menu", "params": {
            "prompt": "ringdesk/menu", "choices": {"1": "Sales", "2": "Support"},
            "timeout": 5, "max_retries": 2, "invalid_prompt": "ringdesk/invalid"},
            "ports": {"1": "sales_fields", "2": "bye", "timeout": "bye", "invalid": "bye"}},
        "sales_fields": {"type": "ticket_fields", "params": {
            "category": "sales", "priority": "high", "tags": ["ivr"]},
            "ports": {"next": "sales"}},
        "sales": say("sales"),
        "bye": BYE}}
    route_id = ringdesk.publish_route("IVR", graph, "+4930130001")
    # Keys come after each prompt has played out: menu (4.3 s), then invalid + menu (7 s).
    result = place_call(sandbox, "4930130001", scenario("ivr", [(5200, "7"), (7500, "1")]))
    assert result.returncode == 0, result.errors or result.stdout
    scores = heard(result.audio, "menu", "invalid", "sales")
    assert min(scores.values()) > 0.7, scores

    call = only_call(ringdesk, "+4930130001")
    assert path_nodes(call) == ["menu", "sales_fields", "sales", "bye"]
    menu = call["path"][0]
    assert [(e["effect"], e.get("digit")) for e in menu["effects"]] == [
        ("CollectDigit", "7"), ("Play", None), ("CollectDigit", "1")]
    assert call["ticket"]["category"] == "sales" and call["ticket"]["priority"] == "high"
    assert call["ticket"]["tags"] == ["ivr"]

    status, simulated = ringdesk.request("POST", f"/api/v1/routes/{route_id}/simulate", {
        "caller": CALLER, "dialed": "+4930130001", "version": 1, "digits": ["7", "1"],
        "at": datetime.now(BERLIN).isoformat()})
    assert status == 200
    live = [(step["node"], step["port"]) for step in call["path"]]
    assert [(step["node"], step["port"]) for step in simulated["path"]] == live


def test_time_condition_open_and_closed(ringdesk, sandbox):
    ringdesk.start()
    for number, open_now, expected in (("+4930130011", True, "welcome"),
                                       ("+4930130012", False, "closed")):
        graph = {"entry": "hours", "nodes": {
            "hours": {"type": "time_condition", "params": {
                "timezone": "Europe/Berlin", "hours": window(open_now)},
                "ports": {"open": "welcome", "closed": "closed"}},
            "welcome": say("welcome"), "closed": say("closed"), "bye": BYE}}
        ringdesk.publish_route(f"Hours {number}", graph, number)
        result = place_call(sandbox, number.lstrip("+"))
        assert result.returncode == 0, result.errors or result.stdout
        scores = heard(result.audio, "welcome", "closed")
        assert scores[expected] > 0.8 and scores[expected] == max(scores.values()), scores
        call = only_call(ringdesk, number)
        assert call["path"][0]["port"] == ("open" if open_now else "closed")
        ticket = settles_as(ringdesk, number, "ivr" if open_now else "out_of_hours")
        assert ticket["status"] == ("open" if open_now else "call_back")


def test_holiday_period_today(ringdesk, sandbox):
    ringdesk.start()
    today = datetime.now(BERLIN)
    graph = {"entry": "days", "nodes": {
        "days": {"type": "holiday", "params": {"timezone": "Europe/Berlin", "periods": [
            {"name": "Company day", "from": f"{today:%d.%m.%Y}", "to": f"{today:%d.%m.%Y}"}]},
            "ports": {"holiday": "closed", "regular": "welcome"}},
        "welcome": say("welcome"), "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Holiday", graph, "+4930130021")
    result = place_call(sandbox, "4930130021")
    assert result.returncode == 0, result.errors or result.stdout
    assert heard(result.audio, "closed")["closed"] > 0.8
    call = only_call(ringdesk, "+4930130021")
    assert call["path"][0]["port"] == "holiday" and "Company day" in call["path"][0]["reason"]
    assert settles_as(ringdesk, "+4930130021", "out_of_hours")["status"] == "call_back"


def test_vip_caller_list(ringdesk, sandbox):
    ringdesk.start()
    graph = {"entry": "vip", "nodes": {
        "vip": {"type": "vip", "params": {"lists": ["vip"]},
                "ports": {"vip": "urgent", "other": "closed"}},
        "urgent": {"type": "ticket_fields", "params": {"priority": "urgent"},
                   "ports": {"next": "welcome"}},
        "welcome": say("welcome"), "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("VIP", graph, "+4930130031")
    for caller, expected in ((CALLER, ["vip", "urgent", "welcome", "bye"]),
                             ("+4917000000001", ["vip", "closed", "bye"])):
        result = place_call(sandbox, "4930130031", caller=caller)
        assert result.returncode == 0, result.errors or result.stdout
        ticket = ringdesk.ticket_for(lambda call, who=caller: call["caller_number"] == who)
        assert path_nodes(ticket["calls"][0]) == expected
    assert ringdesk.ticket_for(lambda call: call["caller_number"] == CALLER)["priority"] \
        == "urgent"


def test_voicemail_is_recorded_for_the_ticket(ringdesk, sandbox):
    ringdesk.start()
    graph = {"entry": "vm", "nodes": {"vm": {"type": "voicemail", "params": {
        "greeting": "ringdesk/voicemail", "max_seconds": 10}}}}
    ringdesk.publish_route("Voicemail", graph, "+4930130041")
    # The caller speaks (SIPp plays a capture's RTP); recording stops after 5 s of silence
    # or 10 s, then the route ends and Asterisk hangs up.
    speaking = write_keys_scenario(Path(tempfile.mkdtemp()), "speaks", [],
                                   speak_pcap="/usr/share/sip-tester/g711a.pcap")
    result = place_call(sandbox, "4930130041", speaking)
    # (What the caller heard is not captured here: once SIPp sends audio, Asterisk's
    # symmetric RTP answers SIPp's media port instead of the test's recorder.)
    assert result.returncode == 0, result.errors or result.stdout
    call = only_call(ringdesk, "+4930130041")
    [effect] = call["path"][0]["effects"]
    recording = Path(ringdesk.env["RINGDESK_MEDIA_RECORDINGS_DIR"]) / effect["recording"]
    assert effect["effect"] == "RecordVoicemail" and recording.is_file()
    assert settles_as(ringdesk, "+4930130041", "voicemail")["status"] == "call_back"
    assert recording.stat().st_size > 16000  # more than a second of 8 kHz 16-bit audio
    [url] = call["recordings"]
    status, _ = ringdesk.request("GET", url.replace(effect["recording"], "other.wav"))
    assert status == 404
    request = urllib.request.Request(ringdesk.web_url + url, headers={
        "Authorization": f"Bearer {ringdesk.env['TEST_ADMIN_TOKEN']}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"] == "audio/wav"
        assert response.read() == recording.read_bytes()


def test_agent_account_unavailable_and_queue_timeout(ringdesk, sandbox):
    """agent-1002 has no registered phone (CHANUNAVAIL); the support queue has no members,
    so its caller waits the queue's maximum and leaves with TIMEOUT."""
    ringdesk.start()
    graph = {"entry": "agent", "nodes": {
        "agent": {"type": "agent", "params": {"agent": "agent-1002", "seconds": 5},
                  "ports": {"no_answer": "bye", "busy": "bye", "unavailable": "queue"}},
        "queue": {"type": "queue", "params": {"queue": "support", "max_wait": 5},
                  "ports": {"timeout": "closed", "no_agents": "bye", "full": "bye"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Agent and queue", graph, "+4930130051")
    result = place_call(sandbox, "4930130051")
    assert result.returncode == 0, result.errors or result.stdout
    assert heard(result.audio, "closed")["closed"] > 0.8
    call = only_call(ringdesk, "+4930130051")
    assert [(s["node"], s["port"]) for s in call["path"]] == [
        ("agent", "unavailable"), ("queue", "timeout"), ("closed", "next"), ("bye", None)]
    settles_as(ringdesk, "+4930130051", "missed")


def test_external_transfer_presents_the_caller_id_and_connects(ringdesk, sandbox):
    ringdesk.start()
    graph = {"entry": "out", "nodes": {
        "out": {"type": "transfer", "params": {"number": "+4940123456", "trunk": "trunk",
                                               "caller_id": "+4930130062", "seconds": 10},
                "ports": {"failed": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Transfer out", graph, "+4930130062")
    carrier_scenario = Path(tempfile.mkdtemp()) / "carrier_answers.xml"
    carrier_scenario.write_text((SCENARIOS / "carrier_answers.xml").read_text()
                                .replace("PRESENTED_CALLER_ID", r"<sip:\+4930130062@"))
    carrier = PhoneInBackground(sandbox, carrier_scenario, port=5098)
    hangs_up = write_keys_scenario(Path(tempfile.mkdtemp()), "transfer", [],
                                   hang_up_after_ms=3000)
    result = place_call(sandbox, "4930130062", hangs_up)
    assert result.returncode == 0, result.errors or result.stdout
    assert carrier.outcome().returncode == 0, carrier.errors()
    call = only_call(ringdesk, "+4930130062")
    step = call["path"][0]
    assert step["port"] is None and "transferred to +4940123456" in step["reason"]
    settles_as(ringdesk, "+4930130062", "transferred")


def test_external_transfer_failure_branch(ringdesk, sandbox):
    """Nobody answers at the carrier's address: Dial fails and 'failed' is taken."""
    ringdesk.start()
    graph = {"entry": "out", "nodes": {
        "out": {"type": "transfer", "params": {"number": "+4940123456", "trunk": "trunk",
                                               "caller_id": "+4930130061", "seconds": 5},
                "ports": {"failed": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Transfer", graph, "+4930130061")
    result = place_call(sandbox, "4930130061")
    assert result.returncode == 0, result.errors or result.stdout
    call = only_call(ringdesk, "+4930130061")
    assert call["path"][0]["port"] == "failed"
    assert call["path"][0]["effects"][0]["status"] in ("CHANUNAVAIL", "CONGESTION", "NOANSWER")
    settles_as(ringdesk, "+4930130061", "missed")
    assert heard(result.audio, "closed")["closed"] > 0.8


def test_sound_deleted_after_publishing_falls_back_without_dead_air(ringdesk, sandbox):
    ringdesk.start()
    sounds = Path(ringdesk.env["RINGDESK_MEDIA_SOUNDS_DIR"])
    (sounds / "doomed.wav").write_bytes((sounds / "welcome.wav").read_bytes())
    graph = {"entry": "hello", "nodes": {"hello": say("doomed"), "bye": BYE}}
    ringdesk.publish_route("Doomed", graph, "+4930130071")
    os.unlink(sounds / "doomed.wav")
    result = place_call(sandbox, "4930130071")
    assert result.returncode == 0, result.errors or result.stdout
    assert heard(result.audio, "fallback")["fallback"] > 0.8  # the dialplan fallback
    call = only_call(ringdesk, "+4930130071")
    assert path_nodes(call)[:2] == ["hello", "fallback"]
    assert any("route_incomplete" in event.get("message", "")
               for event in ringdesk.log_events())


def test_queue_without_agents_and_full_queue(ringdesk, sandbox):
    """QUEUESTATUS JOINEMPTY -> no_agents; a second caller on a one-place queue -> full."""
    ringdesk.start()
    def queue_route(queue: str, port_to_welcome: str) -> dict[str, Any]:
        ports = {"timeout": "closed", "no_agents": "closed", "full": "closed",
                 port_to_welcome: "welcome"}
        return {"entry": "q", "nodes": {
            "q": {"type": "queue", "params": {"queue": queue, "max_wait": 8}, "ports": ports},
            "welcome": say("welcome"), "closed": say("closed"), "bye": BYE}}

    ringdesk.publish_route("Nobody", queue_route("nobody", "no_agents"), "+4930130081")
    result = place_call(sandbox, "4930130081")
    assert result.returncode == 0, result.errors or result.stdout
    assert only_call(ringdesk, "+4930130081")["path"][0]["port"] == "no_agents"
    assert heard(result.audio, "welcome")["welcome"] > 0.8

    ringdesk.publish_route("Tiny", queue_route("tiny", "full"), "+4930130082")
    first = CallInBackground(sandbox, "4930130082")
    time.sleep(2.5)  # the first caller holds the only place
    second = place_call(sandbox, "4930130082", caller="+4917000000002")
    assert second.returncode == 0, second.errors or second.stdout
    assert first.outcome().returncode == 0
    ticket = ringdesk.ticket_for(lambda call: call["caller_number"] == "+4917000000002")
    assert ticket["calls"][0]["path"][0]["port"] == "full"
    first_call = ringdesk.ticket_for(lambda call: call["caller_number"] == CALLER
                                     and call["dialed_number"] == "+4930130082")
    assert first_call["calls"][0]["path"][0]["port"] == "timeout"


def test_agent_phone_busy_unanswered_and_answered(ringdesk, sandbox):
    """A SIPp phone at agent-1009's address: busy (486), ringing until the timeout, then
    answering (the route ends with the agent's call)."""
    engine = make_engine(ringdesk.env["RINGDESK_DATABASE_URL"])
    with make_sessionmaker(engine).begin() as session:
        session.add(AgentAccount(endpoint="agent-1009", display_name="Test phone"))
    ringdesk.start()
    graph = {"entry": "agent", "nodes": {
        "agent": {"type": "agent", "params": {"agent": "agent-1009", "seconds": 5},
                  "ports": {"busy": "busy_msg", "no_answer": "closed", "unavailable": "bye"}},
        "busy_msg": say("invalid"), "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Agent phone", graph, "+4930130091")
    expectations = (("agent_busy.xml", None, "busy", "DIALSTATUS=BUSY"),
                    ("agent_rings.xml", None, "no_answer", "DIALSTATUS=NOANSWER"),
                    ("agent_answers.xml", 4000, None, "DIALSTATUS=ANSWER"))
    for index, (phone_scenario, hang_up_after, port, reason) in enumerate(expectations):
        phone = PhoneInBackground(sandbox, phone_scenario)
        caller = f"+491700000010{index}"
        scenario_path = write_keys_scenario(Path(tempfile.mkdtemp()), f"agent{index}", [],
                                            hang_up_after_ms=hang_up_after)
        result = place_call(sandbox, "4930130091", scenario_path, caller=caller)
        assert result.returncode == 0, result.errors or result.stdout
        assert phone.outcome().returncode == 0, phone.errors()
        ticket = ringdesk.ticket_for(lambda call, who=caller: call["caller_number"] == who
                                     and call["ended_at"] is not None)
        step = ticket["calls"][0]["path"][0]
        assert step["port"] == port and reason in step["reason"], step


class PhoneInBackground(threading.Thread):
    def __init__(self, sandbox: Any, scenario: str | Path, port: int = 5099) -> None:
        super().__init__(daemon=True)
        self.sandbox = sandbox
        self.scenario = scenario if isinstance(scenario, Path) else SCENARIOS / scenario
        self.port = port
        self.result: Any = None
        self.start()
        time.sleep(0.5)  # listening before the call comes

    def run(self) -> None:
        self.result = self.sandbox.sipp(self.scenario, [
            "-p", str(self.port), "-mp", str(self.port + 100), "-m", "1", "-timeout", "40s"],
            timeout=50)

    def outcome(self) -> Any:
        self.join(50)
        return self.result

    def errors(self) -> str:
        return self.sandbox.sipp_errors(self.scenario)
