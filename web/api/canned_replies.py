"""/api/v1/canned-replies (admins keep them), a ticket's texts for its composer (canned
replies and the signature, filled in) and one's own signature."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from ringdesk.core.db import utcnow
from ringdesk.helpdesk.canned.models import CannedReply as ReplyRow
from ringdesk.helpdesk.canned.replies import (
    delete_reply,
    replies_for,
    save_reply,
    signature_for,
)
from ringdesk.helpdesk.setup.texts import check_text
from ringdesk.helpdesk.tickets.listing import check_visible
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.web.api.common import services, viewer
from ringdesk.web.api.transactions import acting_user, reading, writing
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.canned import (
    CannedReply,
    CannedReplyInput,
    FilledReply,
    Signature,
    SignatureInput,
    TicketTexts,
)

blueprint = Blueprint("canned_replies", __name__, url_prefix="/api/v1")


@blueprint.get("/canned-replies")
@endpoint("Canned replies, by title", permission="helpdesk.read",
          answers={200: list[CannedReply]})
def list_replies() -> list[CannedReply]:
    with services().sessions() as session:
        return [CannedReply.model_validate(row) for row in
                session.scalars(select(ReplyRow).order_by(ReplyRow.title, ReplyRow.id))]


@blueprint.post("/canned-replies")
@endpoint("Add a canned reply (admins)", permission="helpdesk.write", body=CannedReplyInput,
          answers={201: CannedReply})
def create_reply(body: CannedReplyInput) -> tuple[CannedReply, int]:
    with writing() as (session, _):
        row = save_reply(session, None, body.model_dump(exclude_unset=True), utcnow())
        return CannedReply.model_validate(row), 201


@blueprint.patch("/canned-replies/<id:reply_id>")
@endpoint("Change a canned reply (admins; send the revision you read)",
          permission="helpdesk.write", body=CannedReplyInput, answers={200: CannedReply},
          errors=(404, 409))
def change_reply(reply_id: int, body: CannedReplyInput) -> CannedReply:
    with writing() as (session, _):
        row = save_reply(session, reply_id, body.model_dump(exclude_unset=True), utcnow())
        return CannedReply.model_validate(row)


@blueprint.delete("/canned-replies/<id:reply_id>")
@endpoint("Delete a canned reply (admins)", permission="helpdesk.write",
          answers={204: NO_CONTENT}, errors=(404,))
def remove_reply(reply_id: int) -> None:
    with writing() as (session, _):
        delete_reply(session, reply_id)


@blueprint.get("/tickets/<id:ticket_id>/texts")
@endpoint("What the composer offers on this ticket: its queue's canned replies and my "
          "signature, with the ticket's facts filled in", permission="tickets.read",
          answers={200: TicketTexts})
def ticket_texts(ticket_id: int) -> TicketTexts:
    with reading() as session:
        check_visible(session, viewer(), ticket_id)
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        writer = acting_user(session)
        return TicketTexts(
            replies=[FilledReply(id=reply.id, title=reply.title, text=text)
                     for reply, text in replies_for(session, ticket, writer)],
            signature=signature_for(session, ticket, writer))


@blueprint.get("/me/signature")
@endpoint("My signature", permission="me", answers={200: Signature})
def my_signature() -> Signature:
    with reading() as session:
        return Signature(signature=acting_user(session).signature)


@blueprint.put("/me/signature")
@endpoint("Change my signature", permission="me", body=SignatureInput,
          answers={200: Signature})
def change_signature(body: SignatureInput) -> Signature:
    with writing() as (_, user):
        user.signature = check_text(body.signature, "signature")
        return Signature(signature=user.signature)
