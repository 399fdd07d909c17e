"""/api/v1/caller-lists: the lists of numbers VIP nodes look callers up in."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.routes import caller_lists
from ringdesk.routes.models import CallerList
from ringdesk.web.api.common import services, users_by_id
from ringdesk.web.api.transactions import reading, writing
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.caller_lists import CallerList as CallerListAnswer
from ringdesk.web.schemas.caller_lists import CallerListInput, CallerListUpdate
from ringdesk.web.schemas.common import Extended

blueprint = Blueprint("caller_lists", __name__, url_prefix="/api/v1")


def caller_list_answers(session: Session, rows: list[CallerList]) -> list[CallerListAnswer]:
    """The lists with the routes using each (one pass over the routes for them all) and
    who changed each last."""
    used_by = caller_lists.list_users(session)
    editors = users_by_id(session, [row.updated_by for row in rows])
    return [CallerListAnswer.model_validate(Extended(
        row, used_by=used_by.get(row.name, []), updated_by=editors.get(row.updated_by or 0)))
        for row in rows]


def _region() -> str:
    return services().config.phone.default_region


@blueprint.get("/caller-lists")
@endpoint("Caller lists", permission="routes.read", answers={200: list[CallerListAnswer]})
def list_caller_lists() -> list[CallerListAnswer]:
    with reading() as session:
        return caller_list_answers(
            session, list(session.scalars(select(CallerList).order_by(CallerList.name))))


@blueprint.post("/caller-lists")
@endpoint("Create a caller list", permission="routes.write", body=CallerListInput,
          answers={201: CallerListAnswer})
def create_caller_list(body: CallerListInput) -> tuple[CallerListAnswer, int]:
    with writing() as (session, user):
        row = caller_lists.do_create_caller_list(session, user, body.name, body.description,
                                                 body.entries, _region())
        [answer] = caller_list_answers(session, [row])
    services().routes_changed()
    return answer, 201


@blueprint.get("/caller-lists/<id:list_id>")
@endpoint("A caller list", permission="routes.read", answers={200: CallerListAnswer})
def get_caller_list(list_id: int) -> CallerListAnswer:
    with reading() as session:
        [answer] = caller_list_answers(session,
                                       [caller_lists.access_caller_list(session, list_id)])
        return answer


@blueprint.patch("/caller-lists/<id:list_id>")
@endpoint("Change a caller list (optimistic locking by revision)", permission="routes.write",
          body=CallerListUpdate, answers={200: CallerListAnswer}, errors=(409,))
def update_caller_list(list_id: int, body: CallerListUpdate) -> CallerListAnswer:
    with writing() as (session, user):
        row = caller_lists.do_update_caller_list(
            session, user, caller_lists.access_caller_list(session, list_id), body.revision,
            _region(), name=body.name, description=body.description, entries=body.entries)
        [answer] = caller_list_answers(session, [row])
    services().routes_changed()
    return answer


@blueprint.delete("/caller-lists/<id:list_id>")
@endpoint("Delete a caller list no route uses", permission="routes.write",
          answers={204: NO_CONTENT}, errors=(400,))
def delete_caller_list(list_id: int) -> None:
    with writing() as (session, _):
        caller_lists.do_delete_caller_list(session,
                                           caller_lists.access_caller_list(session, list_id))
    services().routes_changed()
