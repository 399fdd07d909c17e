"""``/api/v1/colleagues``: who works here, by name — for handing a ticket on, mentioning
someone in a note and naming who wrote what on a timeline. Names only: the people screen
with ranks, addresses and sessions stays with admins."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from ringdesk.core.users.models import User
from ringdesk.web.api.transactions import reading
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.auth import Colleague

blueprint = Blueprint("colleagues", __name__, url_prefix="/api/v1")


@blueprint.get("/colleagues")
@endpoint("People by name and login (active ones; those who left are named on old "
          "timelines too, marked inactive)", permission="tickets.read",
          answers={200: list[Colleague]})
def colleagues() -> list[Colleague]:
    with reading() as session:
        return [Colleague(id=user.id, name=user.display_name or user.login, login=user.login,
                          active=user.active)
                for user in session.scalars(select(User).order_by(User.display_name,
                                                                  User.login))]
