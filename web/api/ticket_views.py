"""/api/v1/ticket-views: saved ticket lists, one's own or shared by admins."""

from __future__ import annotations

from flask import Blueprint

from ringdesk.core.audit import record
from ringdesk.core.db import utcnow
from ringdesk.helpdesk.views.models import SavedView
from ringdesk.helpdesk.views.saving import editable_view, save_view, visible_views
from ringdesk.web.api.common import services, viewer
from ringdesk.web.api.transactions import writing
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.ticket_views import TicketView, TicketViewInput

blueprint = Blueprint("ticket_views", __name__, url_prefix="/api/v1/ticket-views")


def _answer(view: SavedView) -> TicketView:
    return TicketView(id=view.id, name=view.name, filters=view.filters,
                      shared=view.owner_id is None, ranks=view.ranks, queues=view.queues,
                      revision=view.revision, updated_at=view.updated_at)


@blueprint.get("")
@endpoint("My saved ticket views, then those shared with my rank or queues",
          permission="tickets.read", answers={200: list[TicketView]})
def list_views() -> list[TicketView]:
    with services().sessions() as session:
        return [_answer(view) for view in visible_views(session, viewer())]


@blueprint.post("")
@endpoint("Save a ticket view: one's own, or (admins) shared with ranks and queues",
          permission="tickets.read", body=TicketViewInput, answers={201: TicketView})
def create_view(body: TicketViewInput) -> tuple[TicketView, int]:
    return _save(None, body), 201


@blueprint.put("/<id:view_id>")
@endpoint("Change a saved view (send the revision you read)", permission="tickets.read",
          body=TicketViewInput, answers={200: TicketView}, errors=(404, 409))
def change_view(view_id: int, body: TicketViewInput) -> TicketView:
    return _save(view_id, body)


@blueprint.delete("/<id:view_id>")
@endpoint("Delete a saved view (one's own; shared ones: admins)", permission="tickets.read",
          answers={204: NO_CONTENT}, errors=(404,))
def delete_view(view_id: int) -> None:
    with writing() as (session, user):
        view = editable_view(session, viewer(), view_id)
        if view.owner_id is None:
            record(session, user.id, "ticket_view.deleted", view.name)
        session.delete(view)


def _save(view_id: int | None, body: TicketViewInput) -> TicketView:
    with writing() as (session, user):
        view = save_view(session, viewer(), view_id, body.name, body.filters, body.shared,
                         body.ranks, body.queues, body.revision, utcnow())
        if view.owner_id is None:  # what everyone of a rank sees is in the audit log
            record(session, user.id, "ticket_view.saved", view.name,
                   changes={"filters": view.filters, "ranks": view.ranks,
                            "queues": view.queues})
        return _answer(view)
