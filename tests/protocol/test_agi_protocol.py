"""The FastAGI protocol and the live route executor driven through Twisted's StringTransport:
Asterisk's side as a chat table (what Asterisk says, what ringdesk must send next)."""

from __future__ import annotations

from datetime import UTC, datetime

from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport

from ringdesk.ivr.agi.protocol import FastAgiProtocol
from ringdesk.ivr.agi.script import AgiScript, ask
from ringdesk.ivr.route_session import RouteCallSession
from ringdesk.routes.directory import PublishedRoute, RouteDirectory
from ringdesk.routes.engine import step_dicts
from ringdesk.routes.graph import parse_graph
from ringdesk.routes.nodes.base import References

ENV = (b"agi_request: agi://127.0.0.1:4573/inbound\nagi_uniqueid: 1.0\nagi_channel: PJSIP/t-1\n"
       b"agi_callerid: +4915112345678\nagi_extension: 4930120000\nagi_arg_1: 1.0\n"
       b"agi_arg_2: 4930120000\n\n")
REFS = References(sounds=frozenset({"ringdesk/welcome", "ringdesk/menu"}),
                  queues=frozenset({"support"}), agents=frozenset({"agent-1001"}))
ANNOUNCE = {"entry": "hello", "nodes": {
    "hello": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
              "ports": {"next": "bye"}},
    "bye": {"type": "hangup"}}}
MENU = {"entry": "menu", "nodes": {
    "menu": {"type": "ivr_menu", "params": {"prompt": "ringdesk/menu",
                                            "choices": {"1": "Support"}, "max_retries": 0},
             "ports": {"1": "fields", "timeout": "bye", "invalid": "bye"}},
    "fields": {"type": "ticket_fields", "params": {"category": "support"},
               "ports": {"next": "queue"}},
    "queue": {"type": "queue", "params": {"queue": "support", "max_wait": 30},
              "ports": {"timeout": "agent", "no_agents": "agent", "full": "agent"}},
    "agent": {"type": "agent", "params": {"agent": "agent-1001", "seconds": 10},
              "ports": {"no_answer": "bye", "busy": "bye", "unavailable": "bye"}},
    "bye": {"type": "hangup"}}}


class Recorder:
    def __init__(self) -> None:
        self.writes: list[list[str]] = []
        self.steps: list[dict] = []

    def path(self, call, steps, version_id) -> None:
        steps = step_dicts(steps)
        self.writes.append([step.get("node") or step["step"] for step in steps])
        self.steps += steps

    @property
    def nodes(self) -> list[str]:
        return [node for write in self.writes for node in write]


def session_with(graph: dict | None, refs: References = REFS, clock: Clock | None = None):
    routes = RouteDirectory()
    if graph is not None:
        parsed, issues = parse_graph(graph)
        assert parsed is not None, issues
        routes.replace({"+4930120000": PublishedRoute(1, 7, 1, parsed)})
    recorder = Recorder()
    session = RouteCallSession(routes, lambda: refs, "DE", recorder.path,
                               "/var/spool/ringdesk",
                               lambda: datetime(2026, 11, 23, 10, tzinfo=UTC),
                               clock or Clock())
    return session, recorder


def connect(handler) -> tuple[FastAgiProtocol, StringTransport]:
    protocol = FastAgiProtocol(handler)
    transport = StringTransport()
    protocol.makeConnection(transport)
    return protocol, transport


def chat(protocol: FastAgiProtocol, transport: StringTransport,
         table: list[tuple[bytes, bytes]]) -> None:
    for asterisk_says, ringdesk_sends in table:
        transport.clear()
        protocol.dataReceived(asterisk_says)
        assert transport.value() == ringdesk_sends, asterisk_says


def test_announcement_route_chat_is_one_write():
    session, recorder = session_with(ANNOUNCE)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=0 endpos=32876\n", b'SET VARIABLE RINGDESK_STATUS "done"\n'),
        (b"200 result=1\n", b"HANGUP\n"),
        (b"200 result=1\n", b""),
    ])
    assert transport.disconnecting
    assert recorder.writes == [["hello", "bye"]]


def test_menu_choice_queue_then_agent_chat():
    session, recorder = session_with(MENU)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'GET OPTION ringdesk/menu "0123456789*#" 5000\n'),
        (b"200 result=49 endpos=8000\n", b'SET VARIABLE QUEUESTATUS ""\n'),
        (b"200 result=1\n", b'EXEC Queue "support,,,,30"\n'),
        (b"200 result=0\n", b"GET VARIABLE QUEUESTATUS\n"),
        (b"200 result=1 (JOINEMPTY)\n", b'EXEC Dial "PJSIP/agent-1001,10"\n'),
        (b"200 result=0\n", b"GET VARIABLE DIALSTATUS\n"),
        (b"200 result=1 (NOANSWER)\n", b'SET VARIABLE RINGDESK_STATUS "done"\n'),
        (b"200 result=1\n", b"HANGUP\n"),
        (b"200 result=1\n", b""),
    ])
    fields = next(step for step in recorder.steps if step.get("node") == "fields")
    assert fields["effects"] == [{"effect": "SetTicketFields", "category": "support",
                                  "priority": "", "tags": []}]  # the recorder applies them
    assert recorder.nodes == ["menu", "fields", "queue", "agent", "bye"]
    assert len(recorder.writes) == 1  # nothing waited long: one write for the whole call


def test_a_caller_sent_straight_to_a_queue_is_answered_first():
    """Queue() leaves the caller unanswered (music as early media); answered, a caller who
    hangs up while waiting is an abandoned call, not one that was never picked up."""
    queue_first = {"entry": "queue", "nodes": {
        "queue": MENU["nodes"]["queue"] | {"ports": {"timeout": "bye", "no_agents": "bye",
                                                     "full": "bye"}},
        "bye": {"type": "hangup"}}}
    session, _ = session_with(queue_first)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'SET VARIABLE QUEUESTATUS ""\n'),
        (b"200 result=1\n", b'EXEC Queue "support,,,,30"\n'),
        (b"200 result=0\n", b"GET VARIABLE QUEUESTATUS\n"),
    ])


def test_a_long_queue_wait_shows_the_path_so_far_while_the_caller_waits():
    clock = Clock()
    session, recorder = session_with(MENU, clock=clock)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'GET OPTION ringdesk/menu "0123456789*#" 5000\n'),
        (b"200 result=49 endpos=8000\n", b'SET VARIABLE QUEUESTATUS ""\n'),
        (b"200 result=1\n", b'EXEC Queue "support,,,,30"\n'),
    ])
    clock.advance(0.5)
    assert recorder.writes == []
    clock.advance(1)
    assert recorder.writes == [["menu", "fields"]]  # the queue node is still running
    chat(protocol, transport, [
        (b"200 result=0\n", b"GET VARIABLE QUEUESTATUS\n"),
        (b"200 result=0\n", b'SET VARIABLE RINGDESK_STATUS "done"\n'),
        (b"200 result=1\n", b""),
    ])
    assert recorder.writes == [["menu", "fields"], ["queue"]]
    assert not clock.getDelayedCalls()


def test_caller_hangs_up_mid_announcement_ends_cleanly():
    session, recorder = session_with(ANNOUNCE)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=-1 endpos=1200\nHANGUP\n", b"CHANNEL STATUS\n"),
        (b"511 Command Not Permitted on a dead channel or intercept routine\n", b""),
    ])
    assert transport.disconnecting
    assert recorder.nodes == ["hello", "caller_hung_up"]


def test_missing_sound_without_failure_branch_leaves_the_call_to_the_fallback():
    session, recorder = session_with(ANNOUNCE)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=-1 endpos=0\n", b"CHANNEL STATUS\n"),
        (b"200 result=6\n", b""),  # alive, yet no RINGDESK_STATUS: the dialplan falls back
    ])
    assert transport.disconnecting
    assert recorder.nodes == ["hello", "fallback"]


def test_unknown_number_leaves_the_call_to_the_dialplan_fallback():
    session, recorder = session_with(None)
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV, b"")])
    assert transport.disconnecting
    assert recorder.nodes == ["unknown_number"]


def test_connection_closed_mid_command_ends_the_session():
    session, recorder = session_with(ANNOUNCE)
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV, b"ANSWER\n")])
    protocol.connectionLost()
    assert recorder.nodes == ["hello", "caller_hung_up"]


def test_ringing_is_written_before_the_wait():
    graph = {"entry": "ring", "nodes": {
        "ring": {"type": "ring", "params": {"seconds": 8}, "ports": {"next": "bye"}},
        "bye": {"type": "hangup"}}}
    session, recorder = session_with(graph)
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV, b'EXEC Ringing ""\n'),
                               (b"200 result=0\n", b'EXEC Wait "8"\n')])
    assert recorder.writes == []  # nothing decided yet; the ring node is still running


def test_garbage_drops_the_connection():
    session, _ = session_with(ANNOUNCE)
    protocol, transport = connect(session)
    protocol.dataReceived(b"GET / HTTP/1.1\r\n")
    assert transport.disconnecting


def test_usage_error_fails_the_command():
    failures = []

    def handler(environment) -> AgiScript:
        try:
            yield from ask("STREAM", "FILE")
        except Exception as error:  # noqa: BLE001
            failures.append(error)

    protocol, transport = connect(handler)
    chat(protocol, transport, [
        (ENV, b"STREAM FILE\n"),
        (b"520-Invalid command syntax.  Proper usage follows:\nUsage: x\n"
         b"520 End of proper usage.\n", b""),
    ])
    assert "520" in str(failures[0])
