"""Settling calls that ended unseen from Asterisk's CDR lines."""

from __future__ import annotations

from datetime import UTC, datetime

from ringdesk.callcenter.calls.cdr import parse_lines, settle_from_cdr, tail_lines
from ringdesk.callcenter.calls.updates import AgentAnswered, AgentFinished, CallEnded

T = 1795340000


def at(offset: float) -> datetime:
    return datetime.fromtimestamp(T + offset, tz=UTC)


LINES = [
    # caller -> queue member sales-a did not answer (a NO ANSWER leg), then sales-b did
    f'"9.1","9.1","{T}.000000","","{T + 20}.100000","NO ANSWER","PJSIP/trunk-0001",'
    '"PJSIP/sales-a-00000002","0","Queue"',
    f'"9.1","9.1","{T}.000000","{T + 6}.500000","{T + 48}.500000","ANSWERED",'
    '"PJSIP/trunk-0001","PJSIP/sales-b-00000003","42","Queue"',
    f'"7.1","7.1","{T}.000000","{T}.000000","{T + 5}.000000","ANSWERED",'
    '"PJSIP/trunk-0009","","5","AGI"',
    '"half a line written',
]


def test_an_answered_queue_call_gets_its_agent_talk_time_and_end():
    lines = parse_lines(LINES)
    assert len(lines) == 3  # the cut line is skipped
    assert settle_from_cdr("9.1", lines) == [
        AgentAnswered("9.1", at(6.5), "PJSIP/sales-b", "", None),
        AgentFinished("9.1", at(48.5), "PJSIP/sales-b", 42, ""),
        CallEnded("9.1", at(48.5), 16, "ended while AMI was disconnected (from CDR)")]


def test_a_call_without_an_agent_just_ends_and_unknown_calls_say_nothing():
    lines = parse_lines(LINES)
    [ended] = settle_from_cdr("7.1", lines)
    assert isinstance(ended, CallEnded) and ended.at == at(5)
    assert settle_from_cdr("404.1", lines) == []


def test_tail_reads_only_the_end_of_a_large_file(tmp_path):
    path = tmp_path / "ringdesk.csv"
    path.write_text("\n".join(LINES[:3] * 2000) + "\n")
    recent = parse_lines(tail_lines(str(path), max_bytes=1000))
    assert 0 < len(recent) < 20
    assert tail_lines(str(tmp_path / "missing.csv")) == []
