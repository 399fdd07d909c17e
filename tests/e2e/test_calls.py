"""The slice, end to end: SIPp calls through the sandbox Asterisk into ringdesk and tickets."""

from __future__ import annotations

import contextlib
import signal
import socket
import time
from datetime import datetime

from sandbox.sandbox import project_dir
from tests.e2e.audio import similarity, ulaw_to_samples, wav_samples
from tests.e2e.conftest import (
    ANSWERED_NUMBER,
    CALLER,
    RINGING_NUMBER,
    CallInBackground,
    path_nodes,
    place_call,
)
from tests.e2e.tcp_proxy import TcpProxy

SOUNDS = project_dir() / "sounds" / "ringdesk"
WELCOME = wav_samples(SOUNDS / "welcome.wav")
FALLBACK = wav_samples(SOUNDS / "fallback.wav")


def heard(audio: bytes) -> dict[str, float]:
    samples = ulaw_to_samples(audio)
    return {"welcome": similarity(samples, WELCOME), "fallback": similarity(samples, FALLBACK)}


def times(call: dict) -> list[datetime | None]:
    return [datetime.fromisoformat(call[key]) if call[key] else None
            for key in ("started_at", "answered_at", "ended_at")]


def test_answered_call_hears_the_announcement_and_becomes_a_ticket(ringdesk, sandbox):
    ringdesk.start()
    result = place_call(sandbox, ANSWERED_NUMBER)
    assert result.returncode == 0, result.errors or result.stdout
    scores = heard(result.audio)
    assert scores["welcome"] > 0.8 and scores["welcome"] > scores["fallback"] + 0.2, scores

    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == "+4930120000")
    [call] = ticket["calls"]
    assert call["caller_number"] == CALLER
    assert ticket["contact"]["phone"] == CALLER
    assert call["outcome"] == "ivr" and call["source"] == "ami"  # served by the route alone
    started, answered, ended = times(call)
    assert started and answered and ended and started <= answered < ended
    assert path_nodes(call) == ["welcome", "bye"]
    assert call["path"][0]["effects"] == [{"effect": "Play", "sound": "ringdesk/welcome"}]
    assert call["route_version"] == 1


def test_caller_who_hangs_up_while_it_rings_is_a_missed_ticket(ringdesk, sandbox):
    ringdesk.start()
    result = place_call(sandbox, RINGING_NUMBER, scenario="caller_gives_up.xml")
    assert result.returncode == 0, result.errors or result.stdout
    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == "+4930120001")
    [call] = ticket["calls"]
    assert call["outcome"] == "missed"
    assert call["answered_at"] is None and call["ended_at"] is not None
    assert ticket["subject"] == f"Missed call from {CALLER}"
    assert path_nodes(call) == ["ring", "caller_hung_up"]


def test_agi_down_the_fallback_is_heard_and_the_call_is_recorded_once_back(ringdesk, sandbox):
    """ringdesk is not running: the dialplan fallback answers and writes the call to AstDB;
    ringdesk imports it when it comes back (the fallback path), exactly once."""
    result = place_call(sandbox, ANSWERED_NUMBER)
    assert result.returncode == 0, result.errors or result.stdout
    scores = heard(result.audio)
    assert scores["fallback"] > 0.8 and scores["fallback"] > scores["welcome"] + 0.2, scores

    ringdesk.start()
    ticket = ringdesk.ticket_for(lambda call: call["source"] == "fallback")
    [call] = ticket["calls"]
    assert call["caller_number"] == CALLER and call["dialed_number"] == "+4930120000"
    assert call["outcome"] == "missed"  # nobody took the call: it needs a call back
    assert ticket["status"] == "call_back"
    assert call["path"] == [{"step": "fallback", "agi_status": "FAILURE"}]
    assert sandbox.cli("database show ringdesk/fallback").stdout.count("/ringdesk/") == 0

    ringdesk.stop()
    ringdesk.start()  # a second start finds nothing more to import
    assert len(ringdesk.tickets()) == 1


def test_garbage_on_the_agi_port_is_dropped_and_calls_go_on(ringdesk, sandbox):
    ringdesk.start()
    with socket.create_connection(("127.0.0.1", 4573), timeout=5) as intruder:
        intruder.sendall(b"GET / HTTP/1.1\r\nHost: ringdesk\r\n\r\n")
        with contextlib.suppress(ConnectionResetError):  # a reset also means "hung up"
            assert intruder.recv(100) == b""
    result = place_call(sandbox, ANSWERED_NUMBER)
    assert result.returncode == 0, result.errors or result.stdout
    ringdesk.ticket_for(lambda call: call["outcome"] == "ivr")
    assert any(event.get("message", "").startswith("agi_garbage")
               for event in ringdesk.log_events())


def test_ringdesk_killed_mid_call_records_the_call_exactly_once(ringdesk, sandbox):
    """A hard crash while a caller waits: the dialplan fallback takes the caller, and the
    restarted ringdesk merges what AMI, the database and the fallback record say."""
    ringdesk.start()
    call = CallInBackground(sandbox, RINGING_NUMBER)
    time.sleep(2.0)  # the caller hears ringing from inside ringdesk's AGI session
    ringdesk.stop(signal.SIGKILL)
    result = call.outcome()
    assert result.returncode == 0, result.errors or result.stdout
    assert heard(result.audio)["fallback"] > 0.8
    ringdesk.start()
    # Its end comes from the CDR when AMI is back, its path from the fallback's record a
    # moment later (imported every second): the record is whole once both arrived.
    ticket = ringdesk.ticket_for(lambda c: c["ended_at"] is not None and bool(c["path"]))
    assert len(ringdesk.tickets()) == 1
    [recorded] = ticket["calls"]
    assert recorded["dialed_number"] == "+4930120001"
    assert path_nodes(recorded) == ["fallback"]  # killed inside the ring node


def test_wrong_ami_secret_is_reported_on_healthz(ringdesk, sandbox):
    ringdesk.env["RINGDESK_AMI_SECRET"] = "not-the-secret"
    ringdesk.start(wait_healthy=False)
    health = ringdesk.wait_for(
        lambda h: "Authentication failed" in h["components"].get("ami", {}).get("detail", ""),
        "reporting the AMI login failure")
    assert health["status"] == "degraded"
    assert health["components"]["agi"]["status"] == "ok"
    assert health["components"]["db"]["status"] == "ok"


def test_ami_connection_lost_mid_call_is_resynced_without_duplicates(ringdesk, sandbox):
    """The AMI link drops while a caller rings and comes back after the call was answered:
    ringdesk reconnects, resyncs from CoreShowChannels, and records one answered call."""
    proxy = TcpProxy(5038)
    try:
        ringdesk.env["RINGDESK_AMI_PORT"] = str(proxy.port)
        ringdesk.start()
        call = CallInBackground(sandbox, RINGING_NUMBER)
        time.sleep(2.0)
        proxy.cut()
        ringdesk.wait_for(lambda h: h["components"]["ami"]["status"] != "ok", "seeing AMI down")
        time.sleep(7.5)  # the caller is answered (8 s) while ringdesk cannot see it
        proxy.resume()
        ringdesk.wait_for(lambda h: h["components"]["ami"]["status"] == "ok", "reconnected")
        result = call.outcome()
        assert result.returncode == 0, result.errors or result.stdout
        assert heard(result.audio)["welcome"] > 0.8
        ticket = ringdesk.ticket_for(lambda c: c["ended_at"] is not None)
        [recorded] = ticket["calls"]
        assert recorded["outcome"] == "ivr"
        assert recorded["source"] == "ami"
        assert path_nodes(recorded) == ["ring", "welcome", "bye"]
        assert proxy.connections >= 2
        time.sleep(1.5)  # another fallback-import round: still one ticket
        assert len(ringdesk.tickets()) == 1
    finally:
        proxy.close()


def test_unreachable_asterisk_is_reported_and_retried(ringdesk, sandbox):
    proxy = TcpProxy(5038)
    try:
        proxy.cut()  # nothing listens on that port yet
        ringdesk.env["RINGDESK_AMI_PORT"] = str(proxy.port)
        ringdesk.start(wait_healthy=False)
        health = ringdesk.wait_for(
            lambda h: "cannot connect" in h["components"].get("ami", {}).get("detail", ""),
            "reporting AMI unreachable")
        assert health["status"] == "degraded"
        proxy.resume()
        ringdesk.wait_for(lambda h: h["status"] == "ok", "connected once Asterisk is there")
    finally:
        proxy.close()
