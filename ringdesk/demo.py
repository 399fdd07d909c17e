"""Demo configuration: two inbound numbers a newcomer can call in the PBX sandbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from routes.models import InboundNumber

DEMO_NUMBERS = (
    InboundNumber(number="+4930120000", label="Demo: answered at once",
                  announcement="ringdesk/welcome", answer_after_seconds=0),
    InboundNumber(number="+4930120001", label="Demo: rings 8 s before answering",
                  announcement="ringdesk/welcome", answer_after_seconds=8),
)


def seed_demo(sessions: sessionmaker[Session]) -> list[str]:
    """Add the demo numbers that are missing; return every demo number."""
    with sessions.begin() as session:
        existing = set(session.scalars(select(InboundNumber.number)).all())
        for template in DEMO_NUMBERS:
            if template.number not in existing:
                session.add(InboundNumber(
                    number=template.number, label=template.label,
                    announcement=template.announcement,
                    answer_after_seconds=template.answer_after_seconds,
                ))
    return [number.number for number in DEMO_NUMBERS]
