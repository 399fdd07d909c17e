"""Scheduled callbacks on real databases: asked for through the API (a time to come, one's
own phone), claimed once when due, retried while Asterisk refuses, and settled from the
call they placed — one the agent never took goes back to the queue, its agents told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ringdesk.callcenter.calls.models import Call
from ringdesk.core.db import utcnow
from ringdesk.core.users.models import User
from ringdesk.helpdesk.callbacks.models import Callback
from ringdesk.helpdesk.callbacks.scheduling import (
    callback_outcome,
    claim_due,
    not_placed,
    placed,
    settle_ringing,
)
from ringdesk.helpdesk.setup.models import Notification
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent
from tests.db.openapi_check import check
from tests.db.test_access_checks import bearer, world  # noqa: F401 - the fixture


def test_a_callback_is_asked_for_claimed_once_and_settled_from_its_call(world):  # noqa: F811
    app, sessions, tokens, _ = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    ticket = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]), json={
        "subject": "Call me back", "owner_id": ann,
        "contact": {"phone": "+4930123456"}}).get_json()
    path = f"/api/v1/tickets/{ticket['id']}/callbacks"
    past = client.post(path, headers=bearer(tokens["ann"]),
                       json={"at": (utcnow() - timedelta(minutes=1)).isoformat()})
    assert past.status_code == 400 and past.get_json()["details"]["field"] == "at"
    naive = client.post(path, headers=bearer(tokens["ann"]), json={"at": "2030-01-01T09:00"})
    assert naive.status_code == 400
    # The supervisor has no phone of their own to be rung first.
    nophone = client.post(path, headers=bearer(tokens["lead"]),
                          json={"at": (utcnow() + timedelta(hours=1)).isoformat()})
    assert nophone.get_json()["details"]["reason"] == "no_phone"
    made = client.post(path, headers=bearer(tokens["ann"]),
                       json={"at": (utcnow() + timedelta(seconds=1)).isoformat()})
    assert made.status_code == 201, made.get_json()
    check(made, "/api/v1/tickets/{ticket_id}/callbacks", "post")
    assert client.get(path, headers=bearer(tokens["ben"])).status_code == 404

    later = utcnow() + timedelta(seconds=5)
    with sessions() as first, sessions() as second:
        claimed = claim_due(first, later) + claim_due(second, later)
    [due] = claimed  # two processes, one claim
    assert (due.endpoint, due.number) == ("desk-ann", None)
    with sessions() as session:  # Asterisk refused: tried again a minute later
        not_placed(session, due.id, later)
        assert session.get(Callback, due.id).state == "scheduled"
        [again] = claim_due(session, later + timedelta(minutes=2))
        placed(session, again.id, "cb-1.0", "PJSIP/desk-ann", "+4930123456", later)
        session.add(Call(linkedid="cb-1.0", direction="outbound", started_at=later,
                         answered_at=later, ended_at=later + timedelta(seconds=30), path=[],
                         ticket_id=ticket["id"]))
        session.commit()
        assert settle_ringing(session, later + timedelta(minutes=3)) == 1
        assert session.get(Callback, due.id).state == "no_answer"  # the customer did not


def test_a_callback_the_agent_never_takes_goes_back_to_the_queue(world):  # noqa: F811
    app, sessions, tokens, _ = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    ticket = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]), json={
        "subject": "Call me back", "owner_id": ann}).get_json()
    soon = utcnow() + timedelta(seconds=1)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/callbacks",
                       headers=bearer(tokens["ann"]),
                       json={"at": soon.isoformat(), "number": "030 1234567"}
                       ).get_json()["number"] == "+49301234567"
    with sessions() as session:
        [due] = claim_due(session, soon + timedelta(seconds=1))
        placed(session, due.id, "cb-2.0", "PJSIP/desk-ann", "+49301234567", soon)
        session.add(Call(linkedid="cb-2.0", direction="outbound", started_at=soon,
                         ended_at=soon + timedelta(seconds=20), path=[],
                         ticket_id=ticket["id"]))
        session.commit()
        settle_ringing(session, soon + timedelta(minutes=1))
        row = session.get(Ticket, ticket["id"])
        assert session.get(Callback, due.id).state == "returned" and row.owner_id is None
        assert session.scalars(select(Notification.kind).where(
            Notification.user_id == ann, Notification.kind != "transferred_to_me")).all() \
            == ["callback_returned"]
        states = [event.data["state"] for event in session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket["id"],
                                      TicketEvent.kind == "callback"))]
        assert states == ["scheduled", "returned"]


def test_what_a_placed_callback_came_to():
    assert callback_outcome(agent_answered=True, customer_answered=True) == "done"
    assert callback_outcome(agent_answered=True, customer_answered=False) == "no_answer"
    assert callback_outcome(agent_answered=False, customer_answered=False) == "returned"
