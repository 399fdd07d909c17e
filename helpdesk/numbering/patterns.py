"""Ticket-number patterns: ``{{nr}}``, ``TK-{{nr}}``, ``{{yy}}-{{nr-y}}``,
``SUP-{{yy}}-{{mm}}-{{nr-m}}``, ``F-{{yy}}-{{ww}}-{{nr-w}}`` and the like (pure).

A pattern holds exactly one counter: ``{{nr}}`` never restarts, ``{{nr-y}}`` restarts every
year, ``{{nr-m}}`` every month, ``{{nr-w}}`` every ISO week. Weekly patterns take the ISO
week's year for ``{{yy}}``, so 29 December 2025 (ISO week 1 of 2026) is ``F-26-01-…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ringdesk.core.errors import InvalidInput

PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
COUNTERS = {"nr": "all", "nr-y": "year", "nr-m": "month", "nr-w": "week"}
DATE_PARTS = {"yy", "yyyy", "mm", "ww"}
LITERAL = re.compile(r"^[A-Za-z0-9_./#-]*$")


@dataclass(frozen=True)
class NumberPattern:
    text: str
    counter: str  # nr, nr-y, nr-m or nr-w

    @property
    def period(self) -> str:
        return COUNTERS[self.counter]

    def scope(self, when: datetime) -> str:
        """The counter this moment draws from: one per period."""
        iso_year, iso_week, _ = when.isocalendar()
        return {
            "all": "all",
            "year": f"{when.year}",
            "month": f"{when.year}-{when.month:02d}",
            "week": f"{iso_year}-W{iso_week:02d}",
        }[self.period]

    def render(self, when: datetime, number: int) -> str:
        iso_year, iso_week, _ = when.isocalendar()
        year = iso_year if self.period == "week" else when.year
        values = {"yy": f"{year % 100:02d}", "yyyy": f"{year}", "mm": f"{when.month:02d}",
                  "ww": f"{iso_week:02d}", self.counter: str(number)}
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], self.text)


def parse_pattern(text: str) -> NumberPattern:
    if not isinstance(text, str) or not 1 <= len(text) <= 60:
        raise InvalidInput("a number pattern is 1-60 characters", {"field": "number_pattern"})
    names = PLACEHOLDER.findall(text)
    unknown = [name for name in names if name not in COUNTERS and name not in DATE_PARTS]
    if unknown:
        raise InvalidInput(f"unknown placeholder {{{{{unknown[0]}}}}}; use {{{{nr}}}}, "
                           "{{nr-y}}, {{nr-m}}, {{nr-w}}, {{yy}}, {{yyyy}}, {{mm}}, {{ww}}",
                           {"field": "number_pattern"})
    counters = [name for name in names if name in COUNTERS]
    if len(counters) != 1:
        raise InvalidInput("a number pattern needs exactly one counter: {{nr}}, {{nr-y}}, "
                           "{{nr-m}} or {{nr-w}}", {"field": "number_pattern"})
    if not LITERAL.match(PLACEHOLDER.sub("", text)):
        raise InvalidInput("besides placeholders a pattern may hold letters, digits and "
                           "- _ . / #", {"field": "number_pattern"})
    counter = counters[0]
    if counter == "nr-w" and ("mm" in names):
        raise InvalidInput("a weekly counter cannot sit beside {{mm}}: ISO weeks cross months",
                           {"field": "number_pattern"})
    return NumberPattern(text, counter)
