from datetime import UTC, datetime

from callcenter.ami.parser import parse_frame
from callcenter.calls.tracker import (
    CallAnswered,
    CallEnded,
    CallStarted,
    CallTracker,
    Outcome,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def event(**headers: str):
    return parse_frame("\r\n".join(f"{key.replace('_', '-')}: {value}"
                                   for key, value in headers.items()))


def newchannel(uniqueid, linkedid, context="from-trunk", stamp="1795332116.5"):
    return event(Event="Newchannel", Timestamp=stamp, Channel=f"PJSIP/x-{uniqueid}",
                 CallerIDNum="+4915112345678", Context=context, Exten="4930120000",
                 Uniqueid=uniqueid, Linkedid=linkedid)


def tracker():
    return CallTracker(frozenset({"from-trunk"}), lambda: NOW)


def test_answered_call_lifecycle_uses_asterisk_event_times():
    calls = tracker()
    [started] = calls.apply(newchannel("1.0", "1.0"))
    assert isinstance(started, CallStarted)
    assert started.caller == "+4915112345678" and started.dialed == "4930120000"
    assert started.at == datetime.fromtimestamp(1795332116.5, tz=UTC)
    [answered] = calls.apply(event(Event="Newstate", ChannelState="6", Uniqueid="1.0",
                                   Linkedid="1.0", Timestamp="1795332117"))
    assert isinstance(answered, CallAnswered)
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="1.0", Linkedid="1.0", Cause="16",
                                Cause_txt="Normal Clearing", Timestamp="1795332120"))
    assert ended == CallEnded("1.0", datetime.fromtimestamp(1795332120, tz=UTC),
                              Outcome.ANSWERED, 16, "Normal Clearing")
    assert calls.live_linkedids == frozenset()


def test_call_never_answered_is_missed():
    calls = tracker()
    calls.apply(newchannel("2.0", "2.0"))
    calls.apply(event(Event="Newstate", ChannelState="5", Uniqueid="2.0", Linkedid="2.0"))
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="2.0", Linkedid="2.0", Cause="127"))
    assert ended.outcome is Outcome.MISSED


def test_call_ends_with_its_last_channel_and_agent_leg_answer_is_not_the_caller():
    calls = tracker()
    calls.apply(newchannel("3.0", "3.0"))
    assert calls.apply(newchannel("3.1", "3.0", context="from-agents")) == []
    # The agent's leg going up is not the caller's channel being answered.
    assert calls.apply(event(Event="Newstate", ChannelState="6", Uniqueid="3.1",
                             Linkedid="3.0")) == []
    assert calls.apply(event(Event="Hangup", Uniqueid="3.0", Linkedid="3.0", Cause="16")) == []
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="3.1", Linkedid="3.0", Cause="16"))
    assert ended.cause == 16 and ended.outcome is Outcome.MISSED


def test_channels_outside_inbound_contexts_are_not_calls():
    calls = tracker()
    assert calls.apply(newchannel("4.0", "4.0", context="from-agents")) == []
    assert calls.apply(event(Event="Hangup", Uniqueid="4.0", Linkedid="4.0")) == []


def test_replayed_events_do_not_restart_or_reanswer_a_call():
    calls = tracker()
    calls.apply(newchannel("5.0", "5.0"))
    assert calls.apply(newchannel("5.0", "5.0")) == []
    up = event(Event="Newstate", ChannelState="6", Uniqueid="5.0", Linkedid="5.0")
    assert len(calls.apply(up)) == 1
    assert calls.apply(up) == []


def show(uniqueid, linkedid, state="6"):
    return event(Event="CoreShowChannel", Uniqueid=uniqueid, Linkedid=linkedid,
                 ChannelState=state)


def test_resync_ends_calls_asterisk_no_longer_has():
    calls = tracker()
    calls.apply(newchannel("6.0", "6.0"))
    calls.apply(newchannel("7.0", "7.0"))
    [ended] = calls.resync([show("7.0", "7.0", state="4")], {})
    assert ended.linkedid == "6.0" and ended.at == NOW and ended.outcome is Outcome.MISSED
    assert calls.live_linkedids == frozenset({"7.0"})


def test_resync_after_a_restart_adopts_unfinished_calls_from_the_database():
    calls = tracker()  # a new process: nothing in memory
    updates = calls.resync([show("8.0", "8.0"), show("8.1", "8.0")],
                           {"8.0": False, "9.0": True})
    assert updates == [CallAnswered("8.0", NOW),  # answered while we were away
                       CallEnded("9.0", NOW, Outcome.ANSWERED, 0,
                                 "ended while AMI was disconnected")]
    assert calls.apply(event(Event="Hangup", Uniqueid="8.1", Linkedid="8.0")) == []
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="8.0", Linkedid="8.0", Cause="16"))
    assert ended.outcome is Outcome.ANSWERED


def test_unknown_events_change_nothing():
    assert tracker().apply(event(Event="VarSet", Variable="X", Value="1")) == []
