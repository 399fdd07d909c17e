"""/api/v1 contacts and companies, a customer's history, and one's own notifications."""

from __future__ import annotations

from typing import get_args

from flask import Blueprint
from sqlalchemy import or_, select, update

from ringdesk.callcenter.calls.models import Call
from ringdesk.core.errors import NotFound
from ringdesk.core.phone import to_e164
from ringdesk.helpdesk.admin.people import count_notifications, mark_new_tickets_seen
from ringdesk.helpdesk.customers.contacts import do_save_company, do_save_contact
from ringdesk.helpdesk.customers.models import Company, Contact, ContactAddress
from ringdesk.helpdesk.setup.models import Notification
from ringdesk.helpdesk.tickets.listing import visible
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.web.api.common import desk_session, services, viewer
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.customers import Company as CompanyAnswer
from ringdesk.web.schemas.customers import (
    CompanyInput,
    ContactCall,
    ContactHistory,
    ContactInput,
    ContactsQuery,
    ContactTicket,
    Marked,
    MarkRead,
    NotificationItem,
    NotificationKind,
    Notifications,
)
from ringdesk.web.schemas.tickets import Contact as ContactAnswer

blueprint = Blueprint("customers", __name__, url_prefix="/api/v1")
KINDS: tuple[str, ...] = get_args(NotificationKind)


@blueprint.get("/contacts")
@endpoint("Contacts, newest first", permission="customers.read", query=ContactsQuery,
          answers={200: list[ContactAnswer]})
def list_contacts(query: ContactsQuery) -> list[ContactAnswer]:
    text = (query.q or "").strip().lower()
    page, per_page = query.page, query.per_page
    with services().sessions() as session:
        statement = select(Contact).order_by(Contact.id.desc())
        if text:
            # A number as people write it (030 1234567) finds the E.164 one too.
            number = to_e164(text, services().config.phone.default_region)
            addresses = select(ContactAddress.contact_id).where(or_(
                ContactAddress.value.like(f"%{text}%"), ContactAddress.value == number))
            statement = statement.where(or_(Contact.name.ilike(f"%{text}%"),
                                            Contact.id.in_(addresses)))
        rows = session.scalars(statement.offset((page - 1) * per_page).limit(per_page)).all()
        return [ContactAnswer.of(row) for row in rows]


@blueprint.post("/contacts")
@endpoint("Add a contact", permission="customers.write", body=ContactInput,
          answers={201: ContactAnswer}, errors=(409,))
def create_contact(body: ContactInput) -> tuple[ContactAnswer, int]:
    with desk_session() as desk:
        contact = do_save_contact(desk.session, None, body.name, body.phones, body.emails,
                                  body.company_id, services().config.phone.default_region)
        desk.audit("contact.create", str(contact.id), body.model_dump(exclude_unset=True))
        return ContactAnswer.of(contact), 201


@blueprint.put("/contacts/<id:contact_id>")
@endpoint("Change a contact", permission="customers.write", body=ContactInput,
          answers={200: ContactAnswer}, errors=(404, 409))
def update_contact(contact_id: int, body: ContactInput) -> ContactAnswer:
    with desk_session() as desk:
        contact = do_save_contact(desk.session, contact_id, body.name, body.phones,
                                  body.emails, body.company_id,
                                  services().config.phone.default_region)
        desk.audit("contact.save", str(contact_id), body.model_dump(exclude_unset=True))
        return ContactAnswer.of(contact)


@blueprint.get("/contacts/<id:contact_id>")
@endpoint("A contact with their tickets and calls across channels",
          permission="customers.read", answers={200: ContactHistory})
def get_contact(contact_id: int) -> ContactHistory:
    """The contact with their whole history across channels: tickets and calls."""
    with services().sessions() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"contact {contact_id} does not exist", {"contact_id": contact_id})
        tickets = session.execute(
            select(Ticket.id, Ticket.number, Ticket.subject, Ticket.subject_key,
                   Ticket.subject_params, Ticket.status, Ticket.channel, Ticket.created_at)
            .where(Ticket.contact_id == contact.id, visible(session, viewer()))
            .order_by(Ticket.created_at.desc())).all()
        phones = [a.value for a in contact.addresses if a.kind == "phone"]
        calls = session.execute(select(Call.linkedid, Call.direction, Call.started_at,
                                       Call.outcome, Call.ticket_id)
                                .where(Call.caller_number.in_(phones))
                                .order_by(Call.started_at.desc()).limit(200)).all() \
            if phones else []
        return ContactHistory(
            **dict(ContactAnswer.of(contact)),
            tickets=[ContactTicket.model_validate(row) for row in tickets],
            calls=[ContactCall.model_validate(row) for row in calls])


@blueprint.get("/companies")
@endpoint("Companies", permission="customers.read", answers={200: list[CompanyAnswer]})
def list_companies() -> list[CompanyAnswer]:
    with services().sessions() as session:
        return [CompanyAnswer.model_validate(row) for row in
                session.scalars(select(Company).order_by(Company.name))]


@blueprint.post("/companies")
@endpoint("Add a company; contacts at its email domain join it",
          permission="customers.write", body=CompanyInput, answers={201: CompanyAnswer},
          errors=(409,))
def create_company(body: CompanyInput) -> tuple[CompanyAnswer, int]:
    with desk_session() as desk:
        company = do_save_company(desk.session, None, body.name, body.domain)
        desk.audit("company.create", str(company.id), body.model_dump(exclude_unset=True))
        return CompanyAnswer.model_validate(company), 201


@blueprint.put("/companies/<id:company_id>")
@endpoint("Change a company", permission="customers.write", body=CompanyInput,
          answers={200: CompanyAnswer}, errors=(404, 409))
def update_company(company_id: int, body: CompanyInput) -> CompanyAnswer:
    with desk_session() as desk:
        company = do_save_company(desk.session, company_id, body.name, body.domain)
        desk.audit("company.save", str(company_id), body.model_dump(exclude_unset=True))
        return CompanyAnswer.model_validate(company)


@blueprint.get("/notifications")
@endpoint("My unread notifications (newest first) and counters per kind", permission="me",
          answers={200: Notifications})
def list_notifications() -> Notifications:
    """The user's unread notifications (newest first) and the counters per kind."""
    me = viewer().user_id
    with services().sessions() as session:
        rows = session.scalars(select(Notification).where(
            Notification.user_id == me, Notification.read.is_(False))
            .order_by(Notification.id.desc()).limit(200)).all()
        counters = count_notifications(session, me)
        return Notifications(counters={kind: counters.get(kind, 0) for kind in KINDS},
                             items=[NotificationItem.model_validate(row) for row in rows])


@blueprint.post("/notifications/read")
@endpoint("Mark notifications read (by ids, by kind, or all)", permission="me", body=MarkRead,
          answers={200: Marked})
def mark_read(body: MarkRead) -> Marked:
    ids, kind = body.ids, body.kind
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
    return Marked(marked=count)
