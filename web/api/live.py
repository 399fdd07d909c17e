"""/api/v1/live: the supervisor dashboard's REST view of the live board (agents, queues,
calls); /api/v1/live/events streams the same board as server-sent events."""

from __future__ import annotations

from flask import Blueprint, request

from ringdesk.callcenter.live.scope import board_view
from ringdesk.callcenter.live.views import view_board
from ringdesk.core.errors import PbxUnavailable
from ringdesk.web.api.common import services
from ringdesk.web.api.transactions import reading
from ringdesk.web.auth import USER_ID, USER_RANK
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.live import (
    LiveAgent,
    LiveBoard,
    LiveCall,
    LiveQueue,
    Redirected,
    RedirectRequest,
    SpyRequest,
    SpyStarted,
)

blueprint = Blueprint("live", __name__, url_prefix="/api/v1/live")


def _board() -> LiveBoard:
    """The board as this person may see it: their queues, numbers masked for their rank."""
    snapshot = services().live_snapshot
    if snapshot is None:
        raise PbxUnavailable("the live board is kept by the running server")
    with reading() as session:
        view = board_view(session, request.environ[USER_ID], request.environ[USER_RANK],
                          services().config.live.mask_numbers_for)
    return LiveBoard.model_validate(view_board(snapshot(), view))


@blueprint.get("")
@endpoint("The whole live board", permission="live.view", answers={200: LiveBoard},
          errors=(503,))
def live_board() -> LiveBoard:
    return _board()


@blueprint.get("/agents")
@endpoint("Agents now", permission="live.view", answers={200: list[LiveAgent]}, errors=(503,))
def live_agents() -> list[LiveAgent]:
    return _board().agents


@blueprint.get("/queues")
@endpoint("Queues now, with today's figures", permission="live.view",
          answers={200: list[LiveQueue]}, errors=(503,))
def live_queues() -> list[LiveQueue]:
    return _board().queues


@blueprint.get("/calls")
@endpoint("Calls in progress", permission="live.view", answers={200: list[LiveCall]},
          errors=(503,))
def live_calls() -> list[LiveCall]:
    return _board().calls


@blueprint.post("/calls/<linkedid>/spy")
@endpoint("Listen to a live call, whisper to its agent or barge in: rings the supervisor's "
          "own phone first; each use is in the audit log", permission="live.spy",
          body=SpyRequest, answers={202: SpyStarted}, errors=(404, 409, 502, 503))
def spy_on_call(linkedid: str, body: SpyRequest) -> tuple[SpyStarted, int]:
    start = services().spy_on_call
    if start is None:
        raise PbxUnavailable("listening in is done by the running server")
    return SpyStarted(**start(linkedid, body.mode, request.environ[USER_ID])), 202


@blueprint.post("/calls/<linkedid>/redirect")
@endpoint("Send a waiting or ringing caller to an agent (or the supervisor's own phone): "
          "the caller leaves the queue and that phone rings; unanswered, the caller is back "
          "in line. Each use is in the audit log", permission="live.redirect",
          body=RedirectRequest, answers={202: Redirected}, errors=(404, 409, 502, 503))
def redirect_call(linkedid: str, body: RedirectRequest) -> tuple[Redirected, int]:
    send = services().redirect_call
    if send is None:
        raise PbxUnavailable("redirecting calls is done by the running server")
    return Redirected(**send(linkedid, body.agent, request.environ[USER_ID])), 202
