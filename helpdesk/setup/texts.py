"""The variables a canned reply or a signature may hold, checked when saved and filled
for one ticket. Only the names below exist: ``{{customer.name}}``; anything else in
double braces is refused when the text is saved, so an agent never sends a raw one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ringdesk.core.errors import InvalidInput

VARIABLE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")
VARIABLES = ("customer.name", "customer.company", "ticket.number", "ticket.subject",
             "agent.name", "queue.name")
TEXT_LENGTH = 10_000


@dataclass(frozen=True)
class Facts:
    """What a ticket's texts may say, as the reader should see it."""

    customer_name: str
    customer_company: str
    ticket_number: str
    ticket_subject: str
    agent_name: str
    queue_name: str

    def values(self) -> Mapping[str, str]:
        return {"customer.name": self.customer_name, "customer.company": self.customer_company,
                "ticket.number": self.ticket_number, "ticket.subject": self.ticket_subject,
                "agent.name": self.agent_name, "queue.name": self.queue_name}


def check_text(text: str, field: str) -> str:
    if len(text) > TEXT_LENGTH:
        raise InvalidInput(f"at most {TEXT_LENGTH} characters", {"field": field})
    unknown = sorted({name for name in VARIABLE.findall(text) if name not in VARIABLES})
    if unknown:
        raise InvalidInput(f"no variable {{{{{unknown[0]}}}}}; there are "
                           + ", ".join(f"{{{{{name}}}}}" for name in VARIABLES),
                           {"field": field, "variable": unknown[0]})
    return text


def fill(text: str, facts: Facts) -> str:
    values = facts.values()
    return VARIABLE.sub(lambda match: values.get(match.group(1), match.group(0)), text)
