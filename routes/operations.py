"""Writes to inbound numbers, validated: a number is stored in E.164 and used once."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.errors import InvalidInput
from ringdesk.phone import to_e164
from routes.models import InboundNumber

SOUND_NAME = re.compile(r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*$")


def do_add_inbound_number(session: Session, raw_number: str, announcement: str,
                          answer_after_seconds: int, default_region: str,
                          label: str = "") -> InboundNumber:
    number = to_e164(raw_number, default_region)
    if number is None:
        raise InvalidInput(f"{raw_number!r} is not a phone number", {"field": "number"})
    if not SOUND_NAME.match(announcement):
        raise InvalidInput("announcement must be a sound name such as ringdesk/welcome",
                           {"field": "announcement"})
    if not 0 <= answer_after_seconds <= 120:
        raise InvalidInput("answer_after_seconds must be between 0 and 120",
                           {"field": "answer_after_seconds"})
    if session.scalars(select(InboundNumber).where(InboundNumber.number == number)).first():
        raise InvalidInput(f"{number} is already configured", {"field": "number"})
    row = InboundNumber(number=number, label=label, announcement=announcement,
                        answer_after_seconds=answer_after_seconds)
    session.add(row)
    session.flush()
    return row
