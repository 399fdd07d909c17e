"""/api/v1 contacts and companies, a customer's history, and one's own notifications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import or_, select, update

from callcenter.calls.models import Call
from core.errors import InvalidInput, NotFound
from helpdesk.customers import contact_json, do_save_company, do_save_contact
from helpdesk.listing import visible
from helpdesk.models import Company, Contact, ContactAddress, Ticket
from helpdesk.people import count_notifications, mark_new_tickets_seen
from helpdesk.setup_models import Notification
from web.api.common import desk_session, int_arg, iso, json_body, services, viewer

blueprint = Blueprint("customers", __name__, url_prefix="/api/v1")
KINDS = ("new_ticket", "customer_reply", "reaction_time_passed", "resolution_time_passed",
         "snooze_ended", "transferred_to_me", "reply_on_closed", "mention", "rule", "no_agent")


@blueprint.get("/contacts")
def list_contacts() -> ResponseReturnValue:
    text = (request.args.get("q") or "").strip().lower()
    page, per_page = int_arg("page", 1, 1, 10**9), int_arg("per_page", 50, 1, 200)
    with services().sessions() as session:
        query = select(Contact).order_by(Contact.id.desc())
        if text:
            query = query.where(or_(Contact.name.ilike(f"%{text}%"), Contact.id.in_(
                select(ContactAddress.contact_id).where(ContactAddress.value.like(f"%{text}%")))))
        rows = session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
        return jsonify([contact_json(row) for row in rows])


@blueprint.post("/contacts")
def create_contact() -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        contact = do_save_contact(desk.session, None, body.get("name", ""),
                                  body.get("phones", []), body.get("emails", []),
                                  body.get("company_id"))
        desk.audit("contact.create", str(contact.id), body)
        return jsonify(contact_json(contact)), 201


@blueprint.put("/contacts/<id:contact_id>")
def update_contact(contact_id: int) -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        contact = do_save_contact(desk.session, contact_id, body.get("name", ""),
                                  body.get("phones", []), body.get("emails", []),
                                  body.get("company_id"))
        desk.audit("contact.save", str(contact_id), body)
        return jsonify(contact_json(contact))


@blueprint.get("/contacts/<id:contact_id>")
def get_contact(contact_id: int) -> ResponseReturnValue:
    """The contact with their whole history across channels: tickets and calls."""
    with services().sessions() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"contact {contact_id} does not exist", {"contact_id": contact_id})
        tickets = session.execute(
            select(Ticket.id, Ticket.number, Ticket.subject, Ticket.status, Ticket.channel,
                   Ticket.created_at).where(Ticket.contact_id == contact.id,
                                     visible(session, viewer()))
            .order_by(Ticket.created_at.desc())).all()
        phones = [a.value for a in contact.addresses if a.kind == "phone"]
        calls = session.execute(select(Call.linkedid, Call.direction, Call.started_at,
                                       Call.outcome, Call.ticket_id)
                                .where(Call.caller_number.in_(phones))
                                .order_by(Call.started_at.desc()).limit(200)).all() \
            if phones else []
        return jsonify({**(contact_json(contact) or {}), "tickets": [
            {"id": t.id, "number": t.number, "subject": t.subject, "status": t.status,
             "channel": t.channel, "created_at": iso(t.created_at)} for t in tickets],
            "calls": [{"linkedid": c.linkedid, "direction": c.direction,
                       "started_at": iso(c.started_at), "outcome": c.outcome,
                       "ticket_id": c.ticket_id} for c in calls]})


def company_json(company: Company) -> dict[str, Any]:
    return {"id": company.id, "name": company.name, "domain": company.domain}


@blueprint.get("/companies")
def list_companies() -> ResponseReturnValue:
    with services().sessions() as session:
        return jsonify([company_json(row) for row in
                        session.scalars(select(Company).order_by(Company.name))])


@blueprint.post("/companies")
def create_company() -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        company = do_save_company(desk.session, None, body.get("name"), body.get("domain"))
        desk.audit("company.create", str(company.id), body)
        return jsonify(company_json(company)), 201


@blueprint.put("/companies/<id:company_id>")
def update_company(company_id: int) -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        company = do_save_company(desk.session, company_id, body.get("name"),
                                  body.get("domain"))
        desk.audit("company.save", str(company_id), body)
        return jsonify(company_json(company))


@blueprint.get("/notifications")
def list_notifications() -> ResponseReturnValue:
    """The user's unread notifications (newest first) and the counters per kind."""
    me = viewer().user_id
    with services().sessions() as session:
        rows = session.scalars(select(Notification).where(
            Notification.user_id == me, Notification.read.is_(False))
            .order_by(Notification.id.desc()).limit(200)).all()
        counters = count_notifications(session, me)
        return jsonify({"counters": {kind: counters.get(kind, 0) for kind in KINDS},
                        "items": [{"id": row.id, "kind": row.kind, "ticket_id": row.ticket_id,
                                   "at": iso(row.at), "data": row.data} for row in rows]})


@blueprint.post("/notifications/read")
def mark_read() -> ResponseReturnValue:
    body = json_body()
    ids, kind = body.get("ids"), body.get("kind")
    if ids is not None and (not isinstance(ids, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in ids)):
        raise InvalidInput("ids is a list of notification ids", {"field": "ids"})
    if kind is not None and kind not in KINDS:  # null or absent: every kind
        raise InvalidInput(f"kind is one of {', '.join(KINDS)}", {"field": "kind"})
    query = update(Notification).where(Notification.user_id == viewer().user_id,
                                       Notification.read.is_(False))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    if kind is not None:
        query = query.where(Notification.kind == kind)
    with desk_session() as desk:
        count = desk.session.execute(query.values(read=True)).rowcount  # type: ignore[attr-defined]
        if ids is None and kind in (None, "new_ticket"):
            mark_new_tickets_seen(desk, viewer().user_id)
    return jsonify({"marked": count})
