"""Handing out ticket numbers from a queue's pattern, one or many at a time."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.helpdesk.numbering.counters import counter_key, do_draw_numbers
from ringdesk.helpdesk.numbering.patterns import parse_pattern
from ringdesk.helpdesk.tickets.models import Ticket


def next_numbers(session: Session, patterns: list[str], when: datetime) -> list[str]:
    """One number per entry of ``patterns``, each drawing from its counter: a counter is
    advanced once per batch. Patterns of different queues may render alike, so numbers a
    ticket already has are skipped (their counter moves on)."""
    parsed = [parse_pattern(text) for text in patterns]
    wanted: dict[str, list[int]] = defaultdict(list)
    for index, pattern in enumerate(parsed):
        wanted[counter_key(pattern, when)].append(index)
    numbers = [""] * len(patterns)
    for key, indexes in wanted.items():
        for index, value in zip(indexes, do_draw_numbers(session, key, len(indexes)),
                                strict=True):
            numbers[index] = parsed[index].render(when, value)
    taken = set(session.scalars(select(Ticket.number).where(Ticket.number.in_(numbers))))
    for index, number in enumerate(numbers):
        while number in taken or number in numbers[:index]:
            key = counter_key(parsed[index], when)
            number = parsed[index].render(when, do_draw_numbers(session, key, 1)[0])
            if session.scalar(select(Ticket.number).where(Ticket.number == number)):
                taken.add(number)
        numbers[index] = number
    return numbers
