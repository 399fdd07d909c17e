"""/api/v1/holiday-calendars: what a country's public-holiday calendar holds."""

from __future__ import annotations

from flask import Blueprint

from ringdesk.routes.calendars import calendar_year, holiday_countries, region_names
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.calendars import (
    CalendarQuery,
    Holiday,
    HolidayCalendar,
    HolidayCountry,
    HolidayRegion,
)

blueprint = Blueprint("calendars", __name__, url_prefix="/api/v1")


@blueprint.get("/holiday-calendars")
@endpoint("Countries with public-holiday calendars, and their regions",
          permission="routes.read", answers={200: list[HolidayCountry]})
def list_holiday_countries() -> list[HolidayCountry]:
    return [HolidayCountry(country=code, regions=[
        HolidayRegion(code=region, name=name) for region, name in region_names(code).items()])
        for code in holiday_countries()]


@blueprint.get("/holiday-calendars/<country:country>")
@endpoint("A country's (or region's) public holidays in a year", permission="routes.read",
          query=CalendarQuery, answers={200: HolidayCalendar})
def get_holiday_calendar(country: str, query: CalendarQuery) -> HolidayCalendar:
    found = calendar_year(country, query.region, query.year, query.language)
    return HolidayCalendar(country=found.country, region=found.subdivision, year=found.year,
                           language=found.language,
                           holidays=[Holiday(date=day, name=name) for day, name in found.days])
