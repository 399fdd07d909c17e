"""Nodes that hand the call on: a queue, an agent's phone, an outside number, hangup; and
the node that sets the ticket's fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ringdesk.routes.effects import DialAgent, Hangup, JoinQueue, Outcome, SetTicketFields, Transfer
from ringdesk.routes.nodes.base import (
    CallFacts,
    Decision,
    Issue,
    NodeType,
    ParamSpec,
    PortSpec,
    References,
    Run,
    done,
)
from ringdesk.routes.nodes.media import FAILED

# Asterisk's QUEUESTATUS after Queue() returns without a connected call.
QUEUE_PORTS = {
    "TIMEOUT": "timeout",
    "FULL": "full",
    "JOINEMPTY": "no_agents",
    "LEAVEEMPTY": "no_agents",
    "JOINUNAVAIL": "no_agents",
    "LEAVEUNAVAIL": "no_agents",
}
# Asterisk's DIALSTATUS after Dial().
DIAL_PORTS = {
    "NOANSWER": "no_answer",
    "BUSY": "busy",
    "CHANUNAVAIL": "unavailable",
    "CONGESTION": "unavailable",
}
PRIORITIES = ("low", "normal", "high", "urgent")


def leave_by_status(outcome: Outcome, ports: dict[str, str], kind: str,
                    name: str) -> Decision:
    """The port an Asterisk status leads to; no port means the caller was connected. The
    reason's key is the node kind and the port (``queue_timeout``), its facts the queue or
    agent and the status Asterisk gave."""
    if not outcome.ok:
        return done("failed", f"{kind}_failed", **{kind: name})
    port = ports.get(outcome.value)
    return done(port, f"{kind}_{port or 'connected'}", status=outcome.value, **{kind: name})


class QueueNode(NodeType):
    type_name = "queue"
    title = "Queue"
    description = "Hand the call to a PBX queue with a maximum wait."
    params = (
        ParamSpec("queue", "queue", "Queue"),
        ParamSpec("max_wait", "integer", "Maximum wait (s)", default=300, minimum=5,
                  maximum=7200),
    )
    static_ports = (PortSpec("timeout", "Waited too long"), PortSpec("no_agents", "No agents"),
                    PortSpec("full", "Queue full"), FAILED)
    waits_for_caller = True

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        outcome = yield JoinQueue(params["queue"], int(params.get("max_wait", 300)))
        return leave_by_status(outcome, QUEUE_PORTS, "queue", params["queue"])


class AgentAccount(NodeType):
    type_name = "agent"
    title = "Agent's phone"
    description = "Ring one agent's SIP account for some seconds."
    params = (
        ParamSpec("agent", "agent", "Agent account"),
        ParamSpec("seconds", "integer", "Ring for (s)", default=20, minimum=5, maximum=300),
    )
    static_ports = (PortSpec("no_answer", "No answer"), PortSpec("busy", "Busy"),
                    PortSpec("unavailable", "Unavailable"), FAILED)
    waits_for_caller = True

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        outcome = yield DialAgent(params["agent"], int(params.get("seconds", 20)))
        return leave_by_status(outcome, DIAL_PORTS, "agent", params["agent"])


class ExternalTransfer(NodeType):
    type_name = "transfer"
    title = "External transfer"
    description = "Send the call to an outside number through a trunk."
    params = (
        ParamSpec("number", "phone", "Number"),
        ParamSpec("trunk", "trunk", "Trunk", default="trunk"),
        ParamSpec("caller_id", "phone", "Caller ID to present", required=False),
        ParamSpec("seconds", "integer", "Ring for (s)", default=60, minimum=5, maximum=300),
    )
    static_ports = (PortSpec("failed", "Not connected"),)
    waits_for_caller = True

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        trunk = params.get("trunk", "trunk")
        if trunk not in refs.trunks:
            return [Issue("missing_reference", f"trunk {trunk!r} does not exist", param="trunk",
                          key="unknown_trunk", params={"name": str(trunk)})]
        return []

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        outcome = yield Transfer(params["number"], params.get("trunk", "trunk"),
                                 params.get("caller_id") or "", int(params.get("seconds", 60)))
        if outcome.ok and outcome.value == "ANSWER":
            return done(None, "transferred", number=params["number"])
        return done("failed", "transfer_failed", number=params["number"], status=outcome.value)


class TicketFields(NodeType):
    type_name = "ticket_fields"
    title = "Ticket fields"
    description = "Set the call ticket's category, priority and tags."
    params = (
        ParamSpec("category", "string", "Category", required=False, default=""),
        ParamSpec("priority", "choice", "Priority", required=False, default="",
                  choices=PRIORITIES),
        ParamSpec("tags", "list", "Tags", required=False, default=[]),
    )
    static_ports = (PortSpec("next", "Next"),)

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        tags = params.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
            return [Issue("invalid_param", "tags must be a list of words", param="tags",
                          key="tags_not_words")]
        if not (params.get("category") or params.get("priority") or tags):
            return [Issue("invalid_param", "set a category, a priority or tags",
                          param="category", key="ticket_fields_empty")]
        return []

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        fields = SetTicketFields(params.get("category") or "", params.get("priority") or "",
                                 tuple(params.get("tags") or ()))
        yield fields
        return done("next", "ticket_fields_set")


class HangupNode(NodeType):
    type_name = "hangup"
    title = "Hang up"
    description = "End the call."

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        yield Hangup()
        return done(None, "hung_up")
