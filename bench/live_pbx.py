"""A fake Asterisk manager interface on loopback that plays queue calls at a steady rate.

It answers what ``ringdesk serve`` asks after logging in (empty lists, an empty AstDB
tree) and then sends, for every call, the event sequence Asterisk sends for a caller who
is answered by ringdesk's route, waits in a queue and talks to an agent: the caller's
channel, the agent's leg, queue and agent events, bridges, device states, hangups, the
CDR. The moment each event that changes a call's state on the live board is written is
kept by (Linkedid, state), so a dashboard can tell how long the change took to reach it.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field

from bench.ami import AGENT, COMMON

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
# List actions the server sends after logging in, and the event that ends each list.
LISTS = {"CoreShowChannels": "CoreShowChannelsComplete",
         "DeviceStateList": "DeviceStateListComplete",
         "PJSIPShowContacts": "ContactListComplete",
         "QueueStatus": "QueueStatusComplete"}
QUEUE = "support"
# When each step of a call happens (seconds after its first channel), the AMI events of
# the step, and the board's name for the call's new state ("ended": the call_ended event).
# An agent is rung for 1 s and talks for 1.5 s, so ~125 agents are busy at 50 calls/s.
STEPS: list[tuple[float, list[str], str]] = [
    (0.0, ["Newchannel", "VarSet"], "arriving"),
    (0.05, ["Newstate"], "in_route"),
    (0.5, ["QueueCallerJoin"], "queued"),
    (0.6, ["AgentCalled", "AgentLeg", "DialBegin", "Ringing"], "ringing_agent"),
    (1.6, ["DialEnd", "QueueCallerLeave", "AgentConnect", "InUse", "BridgeEnter"], "talking"),
    (3.1, ["AgentComplete", "BridgeLeave", "AgentLegHangup", "Hangup", "NotInUse", "Cdr"],
     "ended"),
]
CALL_SECONDS = STEPS[-1][0]
EXTRA = {
    "VarSet": "Variable: RINGDESK_START\r\nValue: {ts}\r\n",
    "QueueCallerJoin": "Queue: support\r\nPosition: 1\r\nCount: 1\r\n",
    "AgentCalled": AGENT,
    "DialBegin": AGENT + "DialString: {agent}\r\n",
    "DialEnd": AGENT + "DialStatus: ANSWER\r\n",
    "QueueCallerLeave": "Queue: support\r\nPosition: 1\r\nCount: 0\r\n",
    "AgentConnect": AGENT + "HoldTime: 1\r\nRingTime: 1\r\n",
    "BridgeEnter": "BridgeUniqueid: b-{uid}\r\nBridgeType: basic\r\nBridgeNumChannels: 2\r\n",
    "AgentComplete": AGENT + "HoldTime: 1\r\nTalkTime: 2\r\nReason: caller\r\n",
    "BridgeLeave": "BridgeUniqueid: b-{uid}\r\nBridgeType: basic\r\nBridgeNumChannels: 1\r\n",
    "Hangup": "Cause: 16\r\nCause-txt: Normal Clearing\r\n",
    "Cdr": "Source: +4915112345678\r\nDestination: 4930120000\r\nDuration: 3\r\n"
           "BillableSeconds: 3\r\nDisposition: ANSWERED\r\nUniqueID: {uid}\r\n",
}
# The agent's own channel (a leg of the same call): its Newchannel and Hangup.
LEG = ("Privilege: call,all\r\nTimestamp: {ts}\r\nChannel: PJSIP/{agent}-{n:08x}\r\n"
       "ChannelState: {state}\r\nChannelStateDesc: Ring\r\nCallerIDNum: {agent}\r\n"
       "CallerIDName: {agent}\r\nConnectedLineNum: +4915112345678\r\n"
       "ConnectedLineName: Caller\r\nLanguage: en\r\nAccountCode: \r\n"
       "Context: from-agents\r\nExten: s\r\nPriority: 1\r\nUniqueid: {uid}1\r\n"
       "Linkedid: {uid}\r\n")
DEVICE = {"Ringing": "RINGING", "InUse": "INUSE", "NotInUse": "NOT_INUSE"}


def agent_endpoint(index: int) -> str:
    return f"bench-agent-{index:03d}"


def call_event(kind: str, n: int, uid: str, agent: str) -> bytes:
    """One AMI event of call number ``n`` (Linkedid ``uid``) answered by ``agent``."""
    ts = f"{time.time():.6f}"
    if kind in DEVICE:
        return (f"Event: DeviceStateChange\r\nPrivilege: call,all\r\nTimestamp: {ts}\r\n"
                f"Device: PJSIP/{agent}\r\nState: {DEVICE[kind]}\r\n\r\n").encode()
    if kind in ("AgentLeg", "AgentLegHangup"):
        name = "Newchannel" if kind == "AgentLeg" else "Hangup"
        extra = "" if kind == "AgentLeg" else EXTRA["Hangup"]
        body = LEG.format(ts=ts, agent=agent, n=n, uid=uid, state="5" if extra == "" else "6")
        return f"Event: {name}\r\n{body}{extra}\r\n".encode()
    state = "4" if kind == "Newchannel" else "6"
    body = COMMON.format(ts=ts, n=n, state=state, uid=uid)
    extra = EXTRA.get(kind, "").format(ts=ts, uid=uid, agent=agent, n=n)
    # bench.ami's agent headers name agent-1001; here each call has its own agent.
    extra = extra.replace("agent-1001", agent).replace("Agent 1001", agent)
    return f"Event: {kind}\r\n{body}{extra}\r\n".encode()


def parse_action(frame: bytes) -> dict[str, str]:
    headers = {}
    for line in frame.decode(errors="replace").split("\r\n"):
        name, _, value = line.partition(": ")
        headers[name] = value
    return headers


def answer(action: dict[str, str]) -> bytes:
    """Asterisk's answer to an action, with the lists empty: no call before the run."""
    name, action_id = action.get("Action", ""), action.get("ActionID", "")
    if name == "DBGetTree":  # Asterisk answers an empty tree with an error
        return (f"Response: Error\r\nActionID: {action_id}\r\n"
                "Message: Database entry not found\r\n\r\n").encode()
    if name in LISTS:
        return (f"Response: Success\r\nActionID: {action_id}\r\nEventList: start\r\n"
                f"Message: list will follow\r\n\r\n"
                f"Event: {LISTS[name]}\r\nActionID: {action_id}\r\nEventList: Complete\r\n"
                f"ListItems: 0\r\n\r\n").encode()
    reply = f"Response: Success\r\nActionID: {action_id}\r\nMessage: ok\r\n\r\n"
    if name == "Login":
        reply += "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
    return reply.encode()


@dataclass
class FakePbx:
    """The AMI side: one ringdesk connects; ``play`` sends calls while it is connected."""

    agents: int
    sent: dict[tuple[str, str], float] = field(default_factory=dict)  # perf_counter
    events_sent: int = 0
    calls_started: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    _transport: asyncio.Transport | None = None
    _numbers: itertools.count[int] = field(default_factory=itertools.count)

    async def listen(self) -> tuple[asyncio.Server, int]:
        server = await asyncio.get_running_loop().create_server(
            lambda: _AmiSession(self), "127.0.0.1", 0)
        return server, int(server.sockets[0].getsockname()[1])

    def connected(self, transport: asyncio.Transport) -> None:
        self._transport = transport

    def asked(self, action: dict[str, str]) -> None:
        # The last list ringdesk asks for after logging in: its board is rebuilt.
        if action.get("Action") == "DBGetTree":
            self.ready.set()

    async def play(self, calls_per_second: float, until: asyncio.Event) -> None:
        """Start ``calls_per_second`` calls until ``until`` is set; each plays out on its
        own. Starts are due on a fixed schedule, so a late tick does not lower the rate."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        for index in itertools.count():
            if until.is_set():
                break
            at = started + index / calls_per_second
            n = next(self._numbers)
            uid = f"1795332116.{n}"
            agent = agent_endpoint(n % self.agents)
            for offset, kinds, state in STEPS:
                loop.call_at(at + offset, self._send, n, uid, agent, kinds, state)
            self.calls_started += 1
            await asyncio.sleep(max(0.0, at + 1 / calls_per_second - loop.time()))
        await asyncio.sleep(CALL_SECONDS)  # the last calls play out

    def _send(self, n: int, uid: str, agent: str, kinds: list[str], state: str) -> None:
        if self._transport is None or self._transport.is_closing():
            return
        data = b"".join(call_event(kind, n, uid, agent) for kind in kinds)
        self.sent[(uid, state)] = time.perf_counter()
        self._transport.write(data)
        self.events_sent += len(kinds)


class _AmiSession(asyncio.Protocol):
    def __init__(self, pbx: FakePbx) -> None:
        self._pbx = pbx
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        transport.write(BANNER)
        self._pbx.connected(transport)

    def data_received(self, data: bytes) -> None:
        assert self._transport is not None
        self._buffer += data
        *frames, self._buffer = self._buffer.split(b"\r\n\r\n")
        for frame in frames:
            action = parse_action(frame)
            self._transport.write(answer(action))
            self._pbx.asked(action)
