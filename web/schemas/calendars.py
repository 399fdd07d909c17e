"""National holiday calendars, as the holiday node's editor shows them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ringdesk.web.schemas.common import Output, Query

COUNTRY_CODE = r"^[A-Z]{2}$"


class HolidayRegion(Output):
    code: str
    name: str


class HolidayCountry(Output):
    country: str = Field(description="ISO 3166-1 alpha-2")
    regions: list[HolidayRegion] = Field(description="subdivisions with calendars of their own")


class CalendarQuery(Query):
    year: Annotated[int, Field(ge=1970, le=2100)]
    region: Annotated[str, Field(max_length=10)] | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}([_-][A-Za-z]{2})?$")] | None = Field(
        None, description="names in this language when the calendar has it, else English")


class Holiday(Output):
    date: date
    name: str


class HolidayCalendar(Output):
    country: str
    region: str | None
    year: int
    language: str | None = Field(description="the language the names are in")
    holidays: list[Holiday]
