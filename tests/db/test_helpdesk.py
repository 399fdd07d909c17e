"""The help desk through its REST API on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from ringdesk.helpdesk.tickets.models import Ticket
from tests.db.helpdesk_fixtures import desk, support_queue  # noqa: F401 - fixture

NOW = datetime.now(UTC)


def open_ticket(desk, who="lead", **fields):  # noqa: F811
    body = {"subject": "Printer on fire", "queue": "support", "channel": "email",
            "contact": {"email": "kim@acme.example", "name": "Kim"}, "body": "Help!",
            **fields}
    return desk.post(who, "/api/v1/tickets", body)


def test_queue_settings_are_checked_field_by_field(desk):  # noqa: F811
    cases = [({"name": "ab", "code": "x"}, "name"), ({"name": "Sales", "code": "Bad Code"}, "code"),
             ({"name": "Sales", "code": "s", "colour": "red"}, "colour"),
             ({"name": "Sales", "code": "s", "distribution": "magic"}, "distribution"),
             ({"name": "Sales", "code": "s", "number_pattern": "T-{{nope}}"}, "number_pattern"),
             ({"name": "Sales", "code": "s", "reassign_percent": {"fax": 50}},
              "reassign_percent.fax"),
             ({"name": "Sales", "code": "s", "default_status": "nonsense"}, "default_status"),
             ({"name": "Sales", "code": "s", "closed_reply": "shrug"}, "closed_reply"),
             ({"name": "Sales", "code": "s", "agents": [{"user_id": 999}]},
              "agents[0].user_id")]
    for body, field in cases:
        error = desk.post("admin", "/api/v1/ticket-queues", body, expect=400)
        assert error["details"]["field"] == field, (body, error)
    desk.post("anna", "/api/v1/ticket-queues", {"name": "Sales", "code": "s"}, expect=403)
    queues = desk.get("anna", "/api/v1/ticket-queues")
    assert [queue["code"] for queue in queues] == ["general"]  # nothing half-saved


def test_tickets_are_numbered_per_queue_pattern_and_get_sla_due_times(desk):  # noqa: F811
    calendar = desk.post("admin", "/api/v1/calendars", {
        "name": "Office", "timezone": "Europe/Berlin",
        "hours": {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri",
                                                        "sat", "sun")}})
    support_queue(desk, reaction_minutes=60, resolution_minutes=480,
                  calendar_id=calendar["id"])
    first, second = open_ticket(desk), open_ticket(desk)
    stamp = datetime.now(UTC).strftime("%y-%m")
    assert (first["number"], second["number"]) == (f"SUP-{stamp}-1", f"SUP-{stamp}-2")
    created = datetime.fromisoformat(first["created_at"])
    assert datetime.fromisoformat(first["reaction_due"]) - created == timedelta(minutes=60)
    assert datetime.fromisoformat(first["resolution_due"]) - created == timedelta(hours=8)
    assert first["contact"]["emails"] == ["kim@acme.example"]
    # Waiting for the customer pauses the resolution clock; the status change is a reaction.
    paused = desk.patch("pia", f"/api/v1/tickets/{first['id']}",
                        {"version": first["version"], "status": "waiting_customer"})
    assert paused["sla_paused"] is True and paused["resolution_due"] is None
    assert paused["first_reaction_at"] is not None
    general = desk.post("lead", "/api/v1/tickets", {"subject": "Other", "channel": "form"})
    assert general["queue"] == "general" and general["number"] == "1"


def test_agents_see_their_own_and_unassigned_queue_tickets_only(desk):  # noqa: F811
    support_queue(desk)
    mine = open_ticket(desk, owner_id=desk.ids["anna"])
    bens = open_ticket(desk, owner_id=desk.ids["ben"])
    free = open_ticket(desk)
    elsewhere = desk.post("lead", "/api/v1/tickets", {"subject": "Elsewhere"})

    def visible(who):
        return {item["id"] for item in desk.get(who, "/api/v1/tickets?per_page=200")["items"]}
    assert visible("anna") == {mine["id"], free["id"]}
    assert visible("pia") == {mine["id"], bens["id"], free["id"]}
    assert visible("lead") == {mine["id"], bens["id"], free["id"], elsewhere["id"]}
    assert visible("carl") == set()
    desk.get("anna", f"/api/v1/tickets/{bens['id']}", expect=404)
    desk.patch("anna", f"/api/v1/tickets/{bens['id']}", {"version": 1, "status": "open"},
               expect=404)
    desk.call("ben", "PUT", f"/api/v1/tickets/{bens['id']}/watchers/{desk.ids['carl']}", 200)
    assert visible("carl") == {bens["id"]}  # watchers see what they watch


def test_a_stale_version_is_refused_and_nothing_is_lost(desk):  # noqa: F811
    support_queue(desk)
    ticket = open_ticket(desk)
    first = desk.patch("ben", f"/api/v1/tickets/{ticket['id']}",
                       {"version": ticket["version"], "priority": "high"})
    error = desk.patch("pia", f"/api/v1/tickets/{ticket['id']}",
                       {"version": ticket["version"], "status": "in_progress"}, expect=409)
    assert error["details"]["current"] == first["version"]
    again = desk.patch("pia", f"/api/v1/tickets/{ticket['id']}",
                       {"version": first["version"], "status": "in_progress"})
    assert (again["priority"], again["status"]) == ("high", "in_progress")


def test_list_filters_sorting_and_full_text_search(desk):  # noqa: F811
    support_queue(desk, resolution_minutes=600)
    late = open_ticket(desk, subject="Invoice question", priority="low")
    early = open_ticket(desk, subject="Broken router", priority="urgent")
    desk.post("lead", f"/api/v1/tickets/{early['id']}/notes",
              {"body": "customer mentions the zebra firmware"})
    desk.patch("lead", f"/api/v1/tickets/{late['id']}", {"version": late["version"],
                                                         "status": "in_progress"})
    found = desk.get("lead", "/api/v1/tickets?q=zebra")["items"]
    assert [item["id"] for item in found] == [early["id"]]
    assert [i["id"] for i in desk.get("lead", "/api/v1/tickets?q=invoice")["items"]] == \
        [late["id"]]
    assert [i["id"] for i in desk.get("lead", f"/api/v1/tickets?q={late['number']}")
            ["items"]] == [late["id"]]
    assert [i["id"] for i in desk.get("lead", "/api/v1/tickets?status=in_progress")
            ["items"]] == [late["id"]]
    assert [i["id"] for i in desk.get("lead", "/api/v1/tickets?priority=urgent,high")
            ["items"]] == [early["id"]]
    by_due = desk.get("lead", "/api/v1/tickets?queue=support&sort=resolution_due")["items"]
    assert [item["id"] for item in by_due] == [late["id"], early["id"]]
    assert desk.get("lead", "/api/v1/tickets?sort=bogus", expect=400)["details"] == \
        {"field": "sort"}


def test_mentions_notify_and_counters_count(desk):  # noqa: F811
    support_queue(desk)
    ticket = open_ticket(desk, owner_id=desk.ids["ben"])
    desk.post("anna", f"/api/v1/tickets/{ticket['id']}/notes", {"body": "hi"},
              expect=404)  # Ben's ticket: not Anna's to see
    desk.post("lead", f"/api/v1/tickets/{ticket['id']}/notes",
              {"body": "@ben and @pia please look, @nobody too"})
    ben = desk.get("ben", "/api/v1/notifications")
    assert ben["counters"]["mention"] == 1 and ben["counters"]["transferred_to_me"] == 1
    assert desk.get("pia", "/api/v1/notifications")["counters"]["mention"] == 1
    desk.post("ben", "/api/v1/notifications/read", {"kind": "mention"}, expect=200)
    assert desk.get("ben", "/api/v1/notifications")["counters"]["mention"] == 0
    timeline = desk.get("ben", f"/api/v1/tickets/{ticket['id']}/timeline")
    assert [entry["kind"] for entry in timeline] == [
        "created", "message_in", "assigned", "note", "watcher"]
    assert timeline[3]["author_id"] == desk.ids["lead"]
    # Pia, asked in, watches it now and may open it; Ben owns it already.
    assert timeline[4]["data"] == {"added": desk.ids["pia"]}
    assert desk.get("pia", f"/api/v1/tickets/{ticket['id']}")["number"] == ticket["number"]
    # An agent outside the queue, mentioned on a ticket nobody owns, may open it and finds it
    # in their list (owner NULL must not hide a watched ticket).
    waiting = open_ticket(desk)
    desk.get("carl", f"/api/v1/tickets/{waiting['id']}", expect=404)
    desk.post("lead", f"/api/v1/tickets/{waiting['id']}/notes", {"body": "@carl a hand?"})
    assert desk.get("carl", f"/api/v1/tickets/{waiting['id']}")["id"] == waiting["id"]
    assert [item["id"] for item in desk.get("carl", "/api/v1/tickets")["items"]] == [
        waiting["id"]]


def test_the_new_tickets_counter_counts_waiting_tickets_of_my_queues(desk):  # noqa: F811
    support_queue(desk)
    open_ticket(desk)
    open_ticket(desk, owner_id=desk.ids["ben"])  # taken: not waiting
    desk.post("lead", "/api/v1/tickets", {"subject": "Elsewhere"})  # not Anna's queue
    assert desk.get("anna", "/api/v1/notifications")["counters"]["new_ticket"] == 1
    desk.post("anna", "/api/v1/notifications/read", {"kind": "new_ticket"}, expect=200)
    assert desk.get("anna", "/api/v1/notifications")["counters"]["new_ticket"] == 0
    open_ticket(desk)
    assert desk.get("anna", "/api/v1/notifications")["counters"]["new_ticket"] == 1
    assert desk.get("carl", "/api/v1/notifications")["counters"]["new_ticket"] == 0


def test_customer_reply_on_a_closed_ticket_follows_the_queue(desk):  # noqa: F811
    queue = support_queue(desk, closed_reply="reopen", reopen_status="in_progress")
    ticket = open_ticket(desk, owner_id=desk.ids["ben"])
    closed = desk.patch("ben", f"/api/v1/tickets/{ticket['id']}",
                        {"version": ticket["version"], "status": "resolved"})
    assert closed["closed"] and closed["resolved_at"]
    desk.post("lead", f"/api/v1/tickets/{ticket['id']}/messages",
              {"direction": "in", "body": "still burning"})
    reopened = desk.get("ben", f"/api/v1/tickets/{ticket['id']}")
    assert (reopened["status"], reopened["closed"]) == ("in_progress", False)
    assert desk.get("ben", "/api/v1/notifications")["counters"]["reply_on_closed"] == 1

    desk.patch("admin", f"/api/v1/ticket-queues/{queue['id']}", {"closed_reply": "new_ticket"})
    closed = desk.patch("ben", f"/api/v1/tickets/{ticket['id']}",
                        {"version": reopened["version"], "status": "closed"})
    message = desk.post("lead", f"/api/v1/tickets/{ticket['id']}/messages",
                        {"direction": "in", "body": "new fire"})
    assert message["ticket_id"] != ticket["id"]
    fresh = desk.get("lead", f"/api/v1/tickets/{message['ticket_id']}")
    assert fresh["linked_ticket_id"] == ticket["id"] and not fresh["closed"]
    old = desk.get("lead", f"/api/v1/tickets/{ticket['id']}")
    assert old["closed"] and old["linked_from"] == [{"id": fresh["id"],
                                                     "number": fresh["number"]}]

    desk.patch("admin", f"/api/v1/ticket-queues/{queue['id']}",
               {"closed_reply": "notify_owner"})
    desk.post("lead", f"/api/v1/tickets/{ticket['id']}/messages",
              {"direction": "in", "body": "just saying thanks"})
    assert desk.get("lead", f"/api/v1/tickets/{ticket['id']}")["status"] == "closed"


def test_the_shipped_rule_reopens_a_ticket_waiting_for_the_customer(desk):  # noqa: F811
    support_queue(desk)
    ticket = open_ticket(desk)
    waiting = desk.patch("lead", f"/api/v1/tickets/{ticket['id']}",
                         {"version": ticket["version"], "status": "waiting_customer"})
    assert waiting["status"] == "waiting_customer"
    desk.post("lead", f"/api/v1/tickets/{ticket['id']}/messages",
              {"direction": "in", "body": "here is the log"})
    assert desk.get("lead", f"/api/v1/tickets/{ticket['id']}")["status"] == "open"


def test_rules_are_validated_and_run_in_order(desk):  # noqa: F811
    support_queue(desk)
    bad = desk.post("admin", "/api/v1/automation-rules", {
        "name": "x", "event": "ticket_created",
        "conditions": [{"field": "priority", "op": "is", "value": "urgent"},
                       {"field": "priority", "op": "sounds_like", "value": "x"}],
        "actions": [{"action": "set_priority", "value": "high"}]}, expect=400)
    assert bad["details"]["field"] == "conditions[1].op"
    desk.post("admin", "/api/v1/automation-rules", {
        "name": "Urgent goes to escalation", "event": "ticket_created",
        "conditions": [{"field": "priority", "op": "is", "value": "urgent"},
                       {"field": "queue", "op": "is", "value": "support"}],
        "actions": [{"action": "add_tags", "value": ["escalated"]},
                    {"action": "notify", "value": "queue_agents"}]})
    urgent = open_ticket(desk, priority="urgent")
    normal = open_ticket(desk)
    assert urgent["tags"] == ["escalated"] and normal["tags"] == []


def test_snooze_wake_merge_and_split(desk):  # noqa: F811
    support_queue(desk)
    ticket = open_ticket(desk, owner_id=desk.ids["ben"])
    until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    snoozed = desk.post("ben", f"/api/v1/tickets/{ticket['id']}/snooze", {"until": until},
                        expect=200)
    assert snoozed["snoozed_until"]
    assert ticket["id"] not in {i["id"] for i in desk.get("ben", "/api/v1/tickets")["items"]}
    assert ticket["id"] in {i["id"] for i in
                            desk.get("ben", "/api/v1/tickets?snoozed=only")["items"]}
    desk.post("pia", f"/api/v1/tickets/{ticket['id']}/wake", {}, expect=403)
    desk.post("ben", f"/api/v1/tickets/{ticket['id']}/wake", {}, expect=200)

    other = open_ticket(desk, subject="Same fire, other mail")
    third = desk.post("lead", "/api/v1/tickets", {"subject": "Phone about it",
                                                  "channel": "phone",
                                                  "contact": {"phone": "+4930123456"}})
    merged = desk.post("lead", f"/api/v1/tickets/{ticket['id']}/merge",
                       {"tickets": [other["id"], third["id"]]}, expect=200)
    assert merged["merged_into_id"] is None
    gone = desk.get("lead", f"/api/v1/tickets/{other['id']}")
    assert gone["merged_into_id"] == ticket["id"] and gone["closed"]
    kinds = [entry["kind"] for entry in
             desk.get("lead", f"/api/v1/tickets/{ticket['id']}/timeline")]
    assert kinds.count("created") == 3 and kinds[-1] == "merged"
    desk.post("lead", f"/api/v1/tickets/{ticket['id']}/merge", {"tickets": [other["id"]]},
              expect=409)  # irreversible: a merged ticket cannot be merged again
    message = desk.post("lead", f"/api/v1/tickets/{ticket['id']}/messages",
                        {"direction": "in", "body": "Also: the fax is broken\ndetails..."})
    fresh = desk.post("lead", f"/api/v1/tickets/{ticket['id']}/split",
                      {"entry_id": message["id"]})
    assert fresh["subject"] == "Also: the fax is broken"
    assert fresh["linked_ticket_id"] == ticket["id"]
    moved = desk.get("lead", f"/api/v1/tickets/{fresh['id']}/timeline")
    assert any(entry["id"] == message["id"] for entry in moved)


def test_deactivating_asks_about_open_tickets(desk):  # noqa: F811
    support_queue(desk)
    held = [open_ticket(desk, owner_id=desk.ids["anna"]) for _ in range(2)]
    question = desk.patch("admin", f"/api/v1/users/{desk.ids['anna']}", {"active": False},
                          expect=409)
    assert question["details"]["open_tickets"] == 2
    desk.patch("admin", f"/api/v1/users/{desk.ids['anna']}",
               {"active": False, "open_tickets": "reassign", "reassign_to": desk.ids["ben"]})
    assert {desk.get("lead", f"/api/v1/tickets/{t['id']}")["owner_id"] for t in held} == \
        {desk.ids["ben"]}
    desk.call("admin", "DELETE", f"/api/v1/users/{desk.ids['anna']}", 409)  # took part
    desk.call("admin", "DELETE", f"/api/v1/users/{desk.ids['carl']}", 204)


def test_attachments_round_trip(desk):  # noqa: F811
    support_queue(desk)
    ticket = open_ticket(desk)
    entry = desk.call("lead", "POST", f"/api/v1/tickets/{ticket['id']}/attachments", 201,
                      data={"file": (io.BytesIO(b"%PDF-1.4 fake"), "invoice.pdf")},
                      content_type="multipart/form-data")
    response = desk.client.get(f"/api/v1/tickets/{ticket['id']}/attachments/{entry['id']}",
                               headers={"Authorization": f"Bearer {desk.tokens['lead']}"})
    assert response.status_code == 200 and response.data == b"%PDF-1.4 fake"
    assert "invoice.pdf" in response.headers["Content-Disposition"]


def test_reports_in_json_csv_and_xlsx(desk):  # noqa: F811
    support_queue(desk, resolution_minutes=60)
    first = open_ticket(desk, owner_id=desk.ids["ben"])
    open_ticket(desk)
    desk.post("ben", f"/api/v1/tickets/{first['id']}/messages", {"body": "on it"})
    desk.patch("ben", f"/api/v1/tickets/{first['id']}",
               {"version": desk.get("ben", f"/api/v1/tickets/{first['id']}")["version"],
                "status": "resolved"})
    today = datetime.now(UTC).date().isoformat()
    period = f"from={today}&to={today}&tz=UTC"
    report = desk.get("lead", f"/api/v1/reports/tickets?{period}&group_by=queue")
    row = next(item for item in report["rows"] if item["group"] == "support")
    assert (row["created"], row["resolved"], row["sla_met_percent"]) == (2, 1, 100.0)
    assert row["actions_per_ticket"] > 0
    desk.get("anna", f"/api/v1/reports/tickets?{period}", expect=403)
    csv_text = desk.client.get(f"/api/v1/reports/tickets/export?{period}&format=csv",
                               headers={"Authorization": f"Bearer {desk.tokens['lead']}"})
    lines = csv_text.data.decode().splitlines()
    assert lines[0].startswith("number,subject,queue") and len(lines) == 3
    xlsx = desk.client.get(f"/api/v1/reports/tickets/export?{period}&format=xlsx",
                           headers={"Authorization": f"Bearer {desk.tokens['lead']}"})
    sheet = load_workbook(io.BytesIO(xlsx.data), read_only=True).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)][1:] == \
        [first["number"], lines[2].split(",")[0]]
    with desk.sessions() as session:
        assert session.scalar(select(Ticket.handling_seconds).where(
            Ticket.id == first["id"])) >= 0


def test_an_agents_pages_merge_their_own_and_their_queues_tickets_in_order(desk):  # noqa: F811
    support_queue(desk, resolution_minutes=600)
    made = [open_ticket(desk, owner_id=desk.ids["anna"] if n % 2 else None) for n in range(5)]
    made.append(open_ticket(desk, owner_id=desk.ids["ben"]))  # not Anna's to see
    late = made[0]
    desk.patch("lead", f"/api/v1/tickets/{late['id']}", {"version": late["version"],
                                                         "status": "waiting_customer"})
    seen = []
    for page in (1, 2, 3):
        body = desk.get("anna", f"/api/v1/tickets?status=open,in_progress,waiting_customer"
                                f"&sort=resolution_due&per_page=2&page={page}")
        assert body["total"] == 5 and body["total_exact"] is True
        seen += [item["id"] for item in body["items"]]
    # Equal due times go by id; the paused ticket (no due time) comes last.
    assert seen == [t["id"] for t in made[1:5]] + [late["id"]]


def test_correcting_a_status_change_is_for_supervisors_and_checked(desk):  # noqa: F811
    support_queue(desk, resolution_minutes=600)
    ticket = open_ticket(desk)
    desk.patch("ben", f"/api/v1/tickets/{ticket['id']}",
               {"version": ticket["version"], "status": "waiting_customer"})
    entries = desk.get("lead", f"/api/v1/tickets/{ticket['id']}/timeline")
    paused = next(e for e in entries if e["kind"] == "status")
    created = datetime.fromisoformat(ticket["created_at"])
    path = f"/api/v1/tickets/{ticket['id']}/timeline/{paused['id']}"
    desk.call("ben", "PATCH", path, 403, json={"at": created.isoformat()})
    desk.call("lead", "PATCH", path, 400,
              json={"at": (created - timedelta(days=1)).isoformat()})
    desk.call("lead", "PATCH", f"/api/v1/tickets/{ticket['id']}/timeline/{entries[0]['id']}",
              400, json={"at": created.isoformat()})  # not a status change
    desk.call("lead", "PATCH", path, 200, json={"at": created.isoformat()})
    kinds = [e["kind"] for e in desk.get("lead", f"/api/v1/tickets/{ticket['id']}/timeline")]
    assert kinds[-1] == "corrected"


def test_the_tag_filter_matches_whole_tags_literally(desk):  # noqa: F811
    support_queue(desk)
    tagged = open_ticket(desk, tags=["vip_1", "billing"])
    open_ticket(desk, tags=["vipx1"])
    for tag, expected in (("vip_1", [tagged["id"]]), ("vip%", []), ("vip", []),
                          ("billing", [tagged["id"]])):
        found = desk.get("lead", f"/api/v1/tickets?tag={tag.replace('%', '%25')}")["items"]
        assert [item["id"] for item in found] == expected, tag


def test_calls_over_time_for_the_charts(desk):  # noqa: F811
    from ringdesk.callcenter.calls.models import Call

    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    with desk.sessions.begin() as session:
        for index, (answered, outcome, wait, queue) in enumerate([
                (True, "answered", 5, "support-L1"), (True, "answered", 45, "support-L2"),
                (False, "abandoned", 30, "support"), (True, "answered", 3, "sales")]):
            session.add(Call(linkedid=f"series-{index}", queue=queue, outcome=outcome,
                             started_at=day + timedelta(minutes=10 * index),
                             connected_at=day if answered else None, wait_seconds=wait,
                             state="ended"))
    today = day.date().isoformat()
    series = desk.get("lead", f"/api/v1/reports/calls/series?from={today}&to={today}&tz=UTC"
                              "&queue=support")
    assert [(hour["answered"], hour["abandoned"]) for hour in series["hours"]] == [(2, 1)]
    [figures] = series["days"]
    assert (figures["offered"], figures["service_level_percent"],
            figures["max_wait_seconds"]) == (3, 33.3, 45)
    assert series["heatmap"][day.weekday()][9] == 3
    desk.get("anna", f"/api/v1/reports/calls/series?from={today}&to={today}", expect=403)
    # A leveled queue's levels are the queue in the figures per queue too.
    rows = desk.get("lead", f"/api/v1/reports/calls?from={today}&to={today}&tz=UTC")["rows"]
    assert [(row["group"], row["offered"], row["answered"], row["avg_wait_seconds"])
            for row in rows] == [("sales", 1, 1, 3.0), ("support", 3, 2, 26.7)]
