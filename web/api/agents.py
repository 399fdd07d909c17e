"""/api/v1/work-modes and /api/v1/agents: work modes, agents' current mode, the mode log;
and what agents do on the PBX from a ticket (click-to-call)."""

from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select

from ringdesk.callcenter.agents import operations
from ringdesk.callcenter.agents.models import WorkMode as WorkModeRow
from ringdesk.core.audit import record
from ringdesk.core.errors import PbxUnavailable
from ringdesk.core.users.permissions import may
from ringdesk.helpdesk.tickets.listing import check_visible
from ringdesk.web.api.common import desk_session, services, viewer
from ringdesk.web.api.transactions import writing
from ringdesk.web.auth import USER_ID, USER_RANK
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.agents import (
    AgentMode,
    AgentModeApplied,
    CallPlaced,
    ClickToCall,
    ModeLogQuery,
    ModePeriod,
    NewWorkMode,
    SetAgentMode,
    WorkMode,
    WorkModeChanges,
)

blueprint = Blueprint("agents", __name__, url_prefix="/api/v1")


@blueprint.get("/work-modes")
@endpoint("Work modes", permission="work_modes.read", answers={200: list[WorkMode]})
def list_modes() -> list[WorkMode]:
    with services().sessions() as session:
        return [WorkMode.model_validate(mode)
                for mode in session.scalars(select(WorkModeRow).order_by(WorkModeRow.code))]


@blueprint.post("/work-modes")
@endpoint("Create a work mode", permission="work_modes.write", body=NewWorkMode,
          answers={201: WorkMode}, errors=(409,))
def create_mode(body: NewWorkMode) -> tuple[WorkMode, int]:
    with writing() as (session, user):
        created = WorkMode.model_validate(
            operations.do_create_mode(session, body.name, body.available, body.code,
                                      body.limit_minutes))
        record(session, user.id, "work_mode.created", body.name)
    services().routes_changed()  # feature codes are read with the routes snapshot
    return created, 201


@blueprint.patch("/work-modes/<id:mode_id>")
@endpoint("Rename, recode, retire a work mode", permission="work_modes.write",
          body=WorkModeChanges, answers={200: WorkMode}, errors=(404, 409))
def update_mode(mode_id: int, body: WorkModeChanges) -> WorkMode:
    changes = body.model_dump(exclude_unset=True)
    with writing() as (session, user):
        updated = WorkMode.model_validate(operations.do_update_mode(session, mode_id, changes))
        record(session, user.id, "work_mode.changed", updated.name, changes=changes)
    services().routes_changed()
    return updated


@blueprint.get("/agents")
@endpoint("Agent accounts with their work mode", permission="agents.read",
          answers={200: list[AgentMode]})
def list_agents() -> list[AgentMode]:
    with services().sessions() as session:
        return [AgentMode.model_validate(agent) for agent in operations.do_agent_modes(session)]


@blueprint.get("/me/phones")
@endpoint("My own phones (agent accounts) with their work mode: the desk's top bar",
          permission="agents.set_mode", answers={200: list[AgentMode]})
def my_phones() -> list[AgentMode]:
    with services().sessions() as session:
        return [AgentMode.model_validate(agent)
                for agent in operations.do_agent_modes(session, request.environ[USER_ID])]


def check_may_act_for(endpoint: str, for_others: str) -> None:
    """Agents act on their own phone; ranks holding ``for_others`` on anyone's."""
    with services().sessions() as session:
        operations.access_agent_account(session, endpoint, request.environ[USER_ID],
                                        may(request.environ[USER_RANK], for_others))


@blueprint.put("/agents/<endpoint>/mode")
@endpoint("Change an agent's work mode (pauses or unpauses all its queues): an agent their "
          "own, supervisors and admins anyone's", permission="agents.set_mode",
          body=SetAgentMode, answers={200: AgentModeApplied}, errors=(404, 503))
def set_mode(endpoint: str, body: SetAgentMode) -> AgentModeApplied:
    check_may_act_for(endpoint, "agents.set_any_mode")
    change = services().set_agent_mode
    if change is None:
        raise PbxUnavailable("work modes are changed by the running server")
    agent, applied = change(endpoint, body.mode, request.environ.get(USER_ID))
    if may(request.environ[USER_RANK], "agents.set_any_mode"):  # a supervisor's change: audited
        with writing() as (session, user):
            record(session, user.id, "agent.mode_set", endpoint, mode=body.mode)
    return AgentModeApplied(**AgentMode.model_validate(agent).model_dump(), applied=applied)


@blueprint.get("/agents/<endpoint>/mode-log")
@endpoint("The periods an agent spent in each mode", permission="agents.mode_log",
          query=ModeLogQuery, answers={200: list[ModePeriod]}, errors=(404,))
def mode_log(endpoint: str, query: ModeLogQuery) -> list[ModePeriod]:
    with services().sessions() as session:
        return [ModePeriod.model_validate(change) for change in
                operations.do_mode_log(session, endpoint, query.since, query.until)]


@blueprint.post("/tickets/<id:ticket_id>/calls")
@endpoint("Click-to-call: ring the agent's phone (one's own; a supervisor may act for an "
          "agent), then the customer; the call is logged on this ticket (never retried by "
          "itself)", permission="click_to_call",
          body=ClickToCall, answers={202: CallPlaced}, errors=(404, 502, 503))
def click_to_call(ticket_id: int, body: ClickToCall) -> tuple[CallPlaced, int]:
    with services().sessions() as session:
        check_visible(session, viewer(), ticket_id)
    check_may_act_for(body.agent, "click_to_call.for_others")
    place = services().click_to_call
    if place is None:
        raise PbxUnavailable("calls are placed by the running server")
    placed = place(ticket_id, body.agent, body.number, body.queue)
    with desk_session() as desk:
        # The agent's call to the customer is on the timeline, and it is a reaction.
        desk.record(desk.ticket(ticket_id), "call_out", data={
            "linkedid": placed["linkedid"], "agent": placed["agent"],
            "number": placed["number"]})
    return CallPlaced.model_validate(placed), 202
