"""The national holiday calendars the holiday node can follow, to show an admin what a
country's calendar holds before a route relies on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import holidays
from holidays import registry

from ringdesk.core.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class CalendarYear:
    country: str
    subdivision: str | None
    year: int
    language: str | None  # the language of the names; None: the country's own
    days: list[tuple[date, str]]


@cache
def region_names(country: str) -> dict[str, str]:
    """A country's region codes with their names where the calendar knows them."""
    aliases = getattr(type(holidays.country_holidays(country)), "subdivisions_aliases", {})
    names: dict[str, str] = {}
    for name, code in aliases.items():
        names.setdefault(code, name)
    return {code: names.get(code, code) for code in holiday_countries()[country]}


@cache
def holiday_countries() -> dict[str, tuple[str, ...]]:
    """ISO country codes with public-holiday calendars, and their regions. The package also
    lists other names of the same calendars (alpha-3 codes, "UK" beside "GB"): each
    country is offered once, by its ISO alpha-2 code."""
    iso = {entry[1] for entry in registry.COUNTRIES.values()}
    return {code: tuple(regions)
            for code, regions in sorted(holidays.list_supported_countries().items())
            if code in iso}


def _pick_language(supported: tuple[str, ...], wanted: str | None) -> str | None:
    if not wanted:
        return None
    for language in supported:
        if language == wanted or language.split("_")[0] == wanted.split("-")[0]:
            return language
    return None


def calendar_year(country: str, subdivision: str | None, year: int,
                  language: str | None = None) -> CalendarYear:
    """A country's (and region's) public holidays in a year, named in ``language`` when
    the calendar knows it, else in English, else in the country's own language."""
    regions = holiday_countries().get(country)
    if regions is None:
        raise NotFound(f"no public holidays known for {country!r}", {"country": country})
    if subdivision and subdivision not in regions:
        raise InvalidInput(f"{country} has no region {subdivision!r}",
                           {"field": "subdivision", "regions": list(regions)})
    kind = holidays.country_holidays(country)
    supported = tuple(kind.supported_languages)
    chosen = _pick_language(supported, language) or _pick_language(supported, "en_US")
    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year,
                                         language=chosen)
    return CalendarYear(country, subdivision or None, year, chosen or kind.default_language,
                        sorted((day, str(name)) for day, name in calendar.items()))
