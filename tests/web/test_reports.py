"""The reports screen in a real browser: calls of a seeded week per hour (a chart and its
table), per day, by weekday and hour, per queue, with downloads; both languages, a phone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from ringdesk.callcenter.calls.models import Call
from ringdesk.core.db import make_engine, make_sessionmaker
from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def seed_calls(server) -> None:
    sessions = make_sessionmaker(make_engine(server.database))
    # Yesterday at 10:00 local time (the browser's Warsaw), then every 20 minutes.
    start = (datetime.now().astimezone() - timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    with sessions.begin() as session:
        for index in range(9):
            answered = index % 3 != 2
            session.add(Call(linkedid=f"report-{index}", queue="support" if index < 6 else
                             "sales", started_at=start + timedelta(minutes=20 * index),
                             connected_at=start if answered else None,
                             outcome="answered" if answered else "abandoned",
                             wait_seconds=10 * index, state="ended"))


def test_a_supervisor_reads_a_weeks_calls_as_charts_and_tables(contexts, server):
    seed_calls(server)
    page = contexts("pl-PL", 1440, 900).page()
    sign_in(page, "sam")
    page.get_by_role("link", name="Raporty").click()
    expect(page.get_by_role("heading", name="Raporty", level=1)).to_be_visible()
    hours = page.get_by_role("region", name="Połączenia w godzinach")
    expect(hours.locator(".report-chart canvas")).to_have_count(1)
    hours.get_by_text("To samo jako tabela").click()
    rows = hours.locator("details tbody tr")
    expect(rows).to_have_count(3)  # 10:00, 11:00, 12:00
    expect(rows.first.locator("td")).to_have_text(["2", "1", "0", "0"])
    days = page.get_by_role("region", name="Poziom obsługi i czekanie w dniach")
    expect(days.locator(".table tbody tr")).to_have_count(1)
    expect(days.locator(".table tbody tr td").nth(0)).to_have_text("9")
    heatmap = page.get_by_role("region", name="Połączenia według dnia tygodnia i godziny")
    expect(heatmap.locator("td").filter(has_text="3")).to_have_count(3)
    queues = page.get_by_role("region", name="Połączenia w kolejkach")
    expect(queues.get_by_role("row", name="support 6 4 0 2 0:25 33,3 %")).to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "reports-pl-1440")
    download = queues.get_by_role("link", name="połączenia (CSV)")
    with page.expect_download() as done:
        download.click()
    lines = Path(done.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("group,offered,answered") and len(lines) == 3


def test_reports_fit_a_phone_and_are_not_for_agents(contexts, server):
    seed_calls(server)
    page = contexts("en-GB", 390, 844).page()
    sign_in(page, "sam")
    page.goto("/reports")
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    expect(page.locator(".report-chart canvas")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "reports-en-390")
    agent = contexts().page()
    sign_in(agent, "ann")
    agent.goto("/reports")
    expect(agent.get_by_role("alert")).to_have_text("This page is not available to your rank.")
    status = agent.evaluate("async () => (await fetch('/api/v1/reports/calls/series"
                            "?from=2026-01-01&to=2026-01-02')).status")
    assert status == 403


def seed_agent_time(server) -> None:
    from ringdesk.callcenter.agents.models import WorkModeChange
    from ringdesk.callcenter.pbx.models import AgentAccount

    sessions = make_sessionmaker(make_engine(server.database))
    start = (datetime.now().astimezone() - timedelta(days=1)).replace(
        hour=8, minute=0, second=0, microsecond=0)
    with sessions.begin() as session:
        anna = AgentAccount(endpoint="desk-anna", display_name="Anna Nowak")
        session.add(anna)
        session.flush()
        for mode, available, begin, hours in (("Ready", True, 0, 4), ("Lunch", False, 4, 1)):
            session.add(WorkModeChange(account_id=anna.id, mode_name=mode, available=available,
                                       started_at=start + timedelta(hours=begin),
                                       ended_at=start + timedelta(hours=begin + hours),
                                       source="api"))
        session.add(Call(linkedid="talk-1", queue="support", started_at=start,
                         connected_at=start + timedelta(minutes=5), agent="PJSIP/desk-anna",
                         talk_seconds=3600, outcome="answered", state="ended"))


def test_agents_time_per_mode_with_occupancy_and_an_excel_download(contexts, server,
                                                                   tmp_path):
    from openpyxl import load_workbook

    seed_agent_time(server)
    page = contexts("pl-PL", 1440, 900).page()
    sign_in(page, "sam")
    page.goto("/reports")
    section = page.get_by_role("region", name="Czas konsultantów")
    row = section.get_by_role("row", name=re.compile("^Anna Nowak"))
    expect(row.locator("td")).to_have_text(["1:00:00", "4:00:00", "1:00:00", "25 %"])
    screenshot(page, "reports-agents-time-pl-1440")
    with page.expect_download() as done:
        section.get_by_role("link", name="czas konsultantów (Excel)").click()
    assert re.fullmatch(r"agents-time-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.xlsx",
                        done.value.suggested_filename)  # the period in the name
    saved = tmp_path / "agents-time.xlsx"
    done.value.save_as(saved)
    sheet = load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("day", "agent", "name", "available_seconds", "talk_seconds",
                       "occupancy", "Lunch (s)", "Ready (s)")
    assert rows[1][1:] == ("desk-anna", "Anna Nowak", 14400, 3600, 25.0, 3600, 14400)


def test_tickets_per_day_match_the_api(contexts, server):
    for subject in ("Printer", "Invoice"):
        status, _ = server.api("POST", "/api/v1/tickets", body={"subject": subject})
        assert status == 201
    today = datetime.now().astimezone().date().isoformat()
    _, days = server.api("GET", f"/api/v1/reports/tickets/series?from={today}&to={today}")
    assert [(day["day"], day["created"]) for day in days] == [(today, 2)]
    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "sam")
    page.goto("/reports")
    section = page.get_by_role("region", name="Tickets per day")
    expect(section.locator("tbody tr")).to_have_count(1)
    expect(section.locator("tbody tr td").first).to_have_text("2")
