from datetime import UTC, datetime

from ringdesk.callcenter.ami.parser import parse_frame
from ringdesk.callcenter.calls.tracker import CallTracker
from ringdesk.callcenter.calls.updates import (
    TRANSITIONS,
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallAnswered,
    CallEnded,
    CallStarted,
    CallState,
    CallTransferred,
    LegEnded,
    LegStarted,
    QueueFinished,
    QueueJoined,
    QueueLeft,
    RecordingStarted,
    device_of,
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


def at(stamp: str) -> datetime:
    return datetime.fromtimestamp(float(stamp), tz=UTC)


def test_call_lifecycle_uses_asterisk_event_times():
    calls = tracker()
    [started] = calls.apply(newchannel("1.0", "1.0"))
    assert isinstance(started, CallStarted)
    assert started.caller == "+4915112345678" and started.dialed == "4930120000"
    assert started.at == at("1795332116.5")
    [answered] = calls.apply(event(Event="Newstate", ChannelState="6", Uniqueid="1.0",
                                   Linkedid="1.0", Timestamp="1795332117"))
    assert answered == CallAnswered("1.0", at("1795332117"))
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="1.0", Linkedid="1.0", Cause="16",
                                Cause_txt="Normal Clearing", Timestamp="1795332120"))
    assert ended == CallEnded("1.0", at("1795332120"), 16, "Normal Clearing", "")
    assert calls.live_linkedids == frozenset()


def test_call_ends_with_its_last_channel_and_legs_are_reported():
    calls = tracker()
    calls.apply(newchannel("3.0", "3.0"))
    [leg] = calls.apply(newchannel("3.1", "3.0", context="from-agents"))
    assert leg == LegStarted("3.0", at("1795332116.5"), "3.1", "PJSIP/x-3.1")
    # The agent's leg going up is not the caller's channel being answered.
    assert calls.apply(event(Event="Newstate", ChannelState="6", Uniqueid="3.1",
                             Linkedid="3.0")) == []
    assert calls.apply(event(Event="Hangup", Uniqueid="3.0", Linkedid="3.0", Cause="16")) == []
    leg_ended, ended = calls.apply(event(Event="Hangup", Uniqueid="3.1", Linkedid="3.0",
                                         Cause="17"))
    assert leg_ended == LegEnded("3.0", NOW, "3.1", 17)
    assert isinstance(ended, CallEnded) and ended.cause == 16


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


def queue_event(name: str, **headers: str):
    return event(Event=name, Uniqueid="10.0", Linkedid="10.0", Channel="PJSIP/trunk-0000000a",
                 Queue="support-L1", Timestamp="1795332130", **headers)


def test_queued_call_answered_by_the_second_agent():
    """The events app_queue sends for one caller (see PBX-FACTS): join, ring a (no answer),
    ring b, b connects, the caller hangs up after talking."""
    calls = tracker()
    calls.apply(newchannel("10.0", "10.0"))
    assert calls.apply(queue_event("QueueCallerJoin", Position="1", Count="1")) == [
        QueueJoined("10.0", at("1795332130"), "support-L1", 1)]
    assert calls.state_of("10.0") is CallState.QUEUED
    [rung] = calls.apply(queue_event("AgentCalled", Interface="PJSIP/agent-a",
                                     DestChannel="PJSIP/agent-a-00000001"))
    assert rung == AgentRung("10.0", at("1795332130"), "PJSIP/agent-a", "support-L1")
    # The queue's own dial events are not counted twice.
    assert calls.apply(queue_event("DialBegin", DestChannel="PJSIP/agent-a-00000001")) == []
    [missed] = calls.apply(queue_event("AgentRingNoAnswer", Interface="PJSIP/agent-a",
                                       RingTime="5"))
    assert missed == AgentNotAnswered("10.0", at("1795332130"), "PJSIP/agent-a", "NOANSWER", 5)
    calls.apply(queue_event("AgentCalled", Interface="PJSIP/agent-b"))
    assert calls.apply(queue_event("DialEnd", DestChannel="PJSIP/agent-b-00000002",
                                   DialStatus="ANSWER")) == []
    [left] = calls.apply(queue_event("QueueCallerLeave", Position="1", HoldTime="8"))
    assert left == QueueLeft("10.0", at("1795332130"), "support-L1", 1, False, 8)
    [connected] = calls.apply(queue_event("AgentConnect", Interface="PJSIP/agent-b",
                                          HoldTime="8", RingTime="2"))
    assert connected == AgentAnswered("10.0", at("1795332130"), "PJSIP/agent-b", "support-L1",
                                      8)
    assert calls.state_of("10.0") is CallState.TALKING
    [recording] = calls.apply(queue_event("VarSet", Variable="MIXMONITOR_FILENAME",
                                          Value="/var/spool/asterisk/monitor/10.0.wav"))
    assert recording == RecordingStarted("10.0", at("1795332130"),
                                         "/var/spool/asterisk/monitor/10.0.wav")
    [complete] = calls.apply(queue_event("AgentComplete", Interface="PJSIP/agent-b",
                                         TalkTime="42", HoldTime="8", Reason="caller"))
    assert complete == AgentFinished("10.0", at("1795332130"), "PJSIP/agent-b", 42, "caller")
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="10.0", Linkedid="10.0", Cause="16"))
    assert isinstance(ended, CallEnded) and ended.hangup_side == "caller"


def test_a_caller_hanging_up_in_the_queue_abandons_but_a_timeout_does_not():
    calls = tracker()
    calls.apply(newchannel("10.0", "10.0"))
    calls.apply(queue_event("QueueCallerJoin", Position="2"))
    calls.apply(queue_event("QueueCallerAbandon", Position="1", OriginalPosition="2",
                            HoldTime="30"))
    [left] = calls.apply(queue_event("QueueCallerLeave", Position="1"))
    assert isinstance(left, QueueLeft) and left.abandoned
    # A Queue() timeout looks the same until its QUEUESTATUS arrives.
    [status] = calls.apply(queue_event("VarSet", Variable="QUEUESTATUS", Value="TIMEOUT"))
    assert status == QueueFinished("10.0", at("1795332130"), "TIMEOUT")
    assert calls.state_of("10.0") is CallState.IN_ROUTE


def test_direct_dial_to_an_agent_and_the_agent_hangs_up_first():
    calls = tracker()
    calls.apply(newchannel("11.0", "11.0"))
    dial = {"Uniqueid": "11.0", "Linkedid": "11.0", "DestChannel": "PJSIP/agent-c-0000000c"}
    [rung] = calls.apply(event(Event="DialBegin", **dial))
    assert rung == AgentRung("11.0", NOW, "PJSIP/agent-c", "")
    [answered] = calls.apply(event(Event="DialEnd", DialStatus="ANSWER", **dial))
    assert answered == AgentAnswered("11.0", NOW, "PJSIP/agent-c", "", None)
    calls.apply(newchannel("11.1", "11.0"))
    calls.apply(event(Event="Hangup", Uniqueid="11.1", Linkedid="11.0", Cause="16"))
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="11.0", Linkedid="11.0", Cause="16"))
    assert ended.hangup_side == "agent"


def test_busy_agent_on_a_direct_dial_goes_back_to_the_route():
    calls = tracker()
    calls.apply(newchannel("12.0", "12.0"))
    dial = {"Uniqueid": "12.0", "Linkedid": "12.0", "DestChannel": "PJSIP/agent-c-0000000d"}
    calls.apply(event(Event="DialBegin", **dial))
    [busy] = calls.apply(event(Event="DialEnd", DialStatus="BUSY", **dial))
    assert busy == AgentNotAnswered("12.0", NOW, "PJSIP/agent-c", "BUSY", None)
    assert calls.state_of("12.0") is CallState.IN_ROUTE


def test_blind_transfer_by_the_agent_is_recorded():
    calls = tracker()
    calls.apply(newchannel("13.0", "13.0"))
    [transfer] = calls.apply(event(Event="BlindTransfer", TransfererLinkedid="13.0",
                                   Extension="2001", Result="Success"))
    assert transfer == CallTransferred("13.0", NOW, "blind", "2001")


def test_the_state_machine_never_revives_an_ended_call():
    assert TRANSITIONS[CallState.ENDED] == frozenset()
    assert all(CallState.ENDED in moves for state, moves in TRANSITIONS.items()
               if state is not CallState.ENDED)


def test_device_of_strips_the_leg_suffix_only():
    assert device_of("PJSIP/agent-a-0000001f") == "PJSIP/agent-a"
    assert device_of("PJSIP/agent-a") == "PJSIP/agent-a"


def show(uniqueid, linkedid, state="6", **headers):
    return event(Event="CoreShowChannel", Uniqueid=uniqueid, Linkedid=linkedid,
                 ChannelState=state, **headers)


def test_resync_ends_calls_asterisk_no_longer_has():
    calls = tracker()
    calls.apply(newchannel("6.0", "6.0"))
    calls.apply(newchannel("7.0", "7.0"))
    [ended] = calls.resync([show("7.0", "7.0", state="4")], {})
    assert ended.linkedid == "6.0" and ended.at == NOW
    assert calls.live_linkedids == frozenset({"7.0"})


def test_resync_after_a_restart_adopts_unfinished_calls_and_their_agents():
    calls = tracker()  # a new process: nothing in memory
    updates = calls.resync([show("8.0", "8.0"),
                            show("8.1", "8.0", Channel="PJSIP/agent-a-00000008",
                                 BridgeId="b-1")],
                           {"8.0": False, "9.0": True})
    assert updates == [CallAnswered("8.0", NOW),  # answered while we were away
                       AgentAnswered("8.0", NOW, "PJSIP/agent-a", "", None),
                       CallEnded("9.0", NOW, 0, "ended while AMI was disconnected")]
    calls.apply(event(Event="Hangup", Uniqueid="8.1", Linkedid="8.0"))
    [ended] = calls.apply(event(Event="Hangup", Uniqueid="8.0", Linkedid="8.0", Cause="16"))
    assert ended.hangup_side == "agent"


def test_unknown_events_change_nothing():
    assert tracker().apply(event(Event="VarSet", Variable="X", Value="1")) == []
