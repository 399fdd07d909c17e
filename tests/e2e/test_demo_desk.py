"""The demo's answering desk through the sandbox Asterisk: its agent phones (SIPp, as
`ringdesk demo` runs them) answer a queued call, Anna first and Ben while she talks, and
the calls become tickets that name who answered."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core.db import make_engine, make_sessionmaker
from routes.references import sound_names
from sandbox.demo import apply_pbx_config, seed_answering_desk, start_desk_phones
from tests.e2e.conftest import place_call


def test_the_demo_desk_phones_answer_calls_in_level_order(ringdesk, sandbox):
    sessions = make_sessionmaker(make_engine(ringdesk.env["RINGDESK_DATABASE_URL"]))
    number = seed_answering_desk(sessions, sound_names(
        Path(ringdesk.env["RINGDESK_MEDIA_SOUNDS_DIR"])))
    apply_pbx_config(sandbox, sessions)
    phones = start_desk_phones(sandbox)
    try:
        ringdesk.start()
        first = place_call(sandbox, number[1:], caller="+4940111111", timeout=40)
        assert first.returncode == 0, first.errors or first.stdout
        # Two callers at once: Anna takes one, Ben (level 2) the other.
        with ThreadPoolExecutor(2) as pool:
            running = {who: pool.submit(place_call, sandbox, number[1:], caller=who,
                                        timeout=40)
                       for who in ("+4940222222", "+4940333333")}
            results = {who: future.result() for who, future in running.items()}
        assert all(result.returncode == 0 for result in results.values()), {
            who: (result.returncode, result.seconds, result.errors[-800:])
            for who, result in results.items()}

        def answered(caller: str) -> dict:
            ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == number
                                         and call["caller_number"] == caller
                                         and call["outcome"] is not None, timeout=20)
            [call] = ticket["calls"]
            assert call["outcome"] == "answered" and ticket["category"] == "demo desk", call
            assert 6 <= call["talk_seconds"] <= 11 and call["hangup_side"] == "agent", call
            return call

        assert answered("+4940111111")["agent"] == "PJSIP/desk-anna"
        assert {answered(who)["agent"] for who in ("+4940222222", "+4940333333")} == \
            {"PJSIP/desk-anna", "PJSIP/desk-ben"}
    finally:
        for phone in phones:
            phone.terminate()
            phone.wait(10)
