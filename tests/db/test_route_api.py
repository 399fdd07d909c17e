"""The route API through Flask's test client on SQLite and PostgreSQL, every answer checked
against the OpenAPI description."""

from __future__ import annotations

import copy
import io
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.routes.models import CallerList, RouteAudit
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.unit.test_route_engine import GRAPH
from tests.users import user_and_token

SOUNDS = Path(__file__).parents[2] / "sounds" / "ringdesk"


@pytest.fixture
def api(database_url: str, tmp_path: Path):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        _, token = user_and_token(session, "ada", "Ada", rank="admin")
        _, other = user_and_token(session, "bob", "Bob", rank="admin")
        session.add_all([PbxQueue(name="sales"), AgentAccount(endpoint="agent-1001"),
                         CallerList(name="gold", entries=["+4915112345678"])])
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    for name in ("welcome", "menu", "closed", "invalid", "voicemail"):
        (sounds / f"{name}.wav").write_bytes((SOUNDS / "welcome.wav").read_bytes())
    config = load_config(environ={"RINGDESK_MEDIA_SOUNDS_DIR": str(sounds)})
    changed: list[bool] = []
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: changed.append(True)))
    client = app.test_client()

    class Api:
        def __init__(self, token: str) -> None:
            self.headers = {"Authorization": f"Bearer {token}"}

        def call(self, method: str, path: str, **kwargs):
            response = getattr(client, method)(path, headers=self.headers, **kwargs)
            return response.status_code, check(response, path, method)

        def fetch(self, path: str):
            response = client.get(path, headers=self.headers)
            check(response, path, "get")
            return response

    ada, bob = Api(token), Api(other)
    ada.sessions, ada.changed, ada.sounds, ada.bob = sessions, changed, sounds, bob
    return ada


def test_without_a_token_nothing_is_readable_or_writable(api):
    api.headers = {}
    assert api.call("get", "/api/v1/routes")[0] == 401
    status, body = api.call("post", "/api/v1/routes", json={"name": "x"})
    assert status == 401 and body["code"] == "not_authenticated"


def test_draft_publish_versions_diff_rollback(api):
    status, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    assert status == 201 and route["published_version"] is None and route["draft_differs"]
    path = f"/api/v1/routes/{route['id']}"
    # Nobody answers the sales queue yet: said, and publishing is still allowed.
    checked = api.call("post", f"{path}/validate")[1]
    assert (checked["valid"], checked["issues"]) == (True, [])
    assert [(w["code"], w["node"], w["param"], w["params"]) for w in checked["warnings"]] == [
        ("empty_queue", "sales", "queue", {"queue": "sales"})]
    status, v1 = api.call("post", f"{path}/publish", json={"note": "first"})
    assert status == 201 and v1["number"] == 1 and api.changed
    # Publishing the same draft again would make a version that changes nothing.
    status, again = api.call("post", f"{path}/publish")
    assert status == 409 and again["code"] == "nothing_to_publish"
    assert again["details"] == {"version": 1}
    assert api.call("get", path)[1]["draft_differs"] is False

    changed = copy.deepcopy(GRAPH)
    changed["nodes"]["welcome"]["params"]["sound"] = "ringdesk/closed"
    status, saved = api.call("put", path, json={"revision": route["revision"],
                                                "graph": changed})
    assert status == 200 and saved["revision"] == route["revision"] + 1
    assert saved["draft_differs"] and api.call("get", "/api/v1/routes")[1][0]["draft_differs"]
    v2 = api.call("post", f"{path}/publish")[1]
    assert v2["number"] == 2 and v2["note"] == ""  # no note given: none made up
    status, diff = api.call("get", f"{path}/diff?from=1&to=2")
    assert diff["changed"][0]["node"] == "welcome"
    assert api.call("get", f"{path}/versions/1")[1]["graph"] == GRAPH
    status, v3 = api.call("post", f"{path}/rollback", json={"version": 1})
    assert status == 201 and v3["number"] == 3 and (v3["restores"], v3["note"]) == (1, "")
    versions = api.call("get", f"{path}/versions")[1]
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert api.call("get", path)[1]["published_version"] == 3
    assert api.call("get", path)[1]["draft_differs"] is False


def test_a_queue_with_agents_warns_no_more(api):
    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    with api.sessions.begin() as session:
        queue = session.query(PbxQueue).filter_by(name="sales").one()
        agent = session.query(AgentAccount).filter_by(endpoint="agent-1001").one()
        session.add(QueueMember(queue_id=queue.id, account_id=agent.id, level=2))
    checked = api.call("post", f"/api/v1/routes/{route['id']}/validate")[1]
    assert checked["warnings"] == []


def test_stale_revision_is_a_conflict_and_loses_nothing(api):
    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    path = f"/api/v1/routes/{route['id']}"
    assert api.call("put", path, json={"revision": route["revision"], "name": "Main 2"})[0] \
        == 200
    status, body = api.bob.call("put", path, json={"revision": route["revision"],
                                                   "description": "stale"})
    assert status == 409 and body["code"] == "conflict"
    assert api.call("get", path)[1]["name"] == "Main 2"


def test_invalid_draft_saves_but_cannot_be_published(api):
    broken = copy.deepcopy(GRAPH)
    broken["nodes"]["welcome"]["params"]["sound"] = "ringdesk/gone"
    del broken["nodes"]["closed"]["ports"]["next"]
    status, route = api.call("post", "/api/v1/routes", json={"name": "Draft", "graph": broken})
    assert status == 201
    status, body = api.call("post", f"/api/v1/routes/{route['id']}/publish")
    assert status == 422 and body["code"] == "validation_failed"
    found = {(i["code"], i["node"], i.get("param") or i.get("port"))
             for i in body["details"]["issues"]}
    assert found == {("missing_reference", "welcome", "sound"),
                     ("unconnected_port", "closed", "next")}
    assert api.call("get", f"/api/v1/routes/{route['id']}/versions")[1] == []


def test_a_number_leads_to_one_route(api):
    _, first = api.call("post", "/api/v1/routes", json={"name": "A", "graph": GRAPH})
    _, second = api.call("post", "/api/v1/routes", json={"name": "B", "graph": GRAPH})
    status, number = api.call("post", f"/api/v1/routes/{first['id']}/numbers",
                              json={"number": "030 120000"})
    assert status == 201 and number["number"] == "+4930120000"
    status, body = api.call("post", f"/api/v1/routes/{second['id']}/numbers",
                            json={"number": "+4930120000"})
    assert status == 409 and body["code"] == "number_taken"
    assert "already leads to route 'A'" in body["message"]
    assert body["details"] == {"field": "number", "number": "+4930120000",
                               "route_id": first["id"], "route": "A"}
    status, body = api.call("post", f"/api/v1/routes/{first['id']}/numbers",
                            json={"number": "hello"})
    assert status == 400 and body["code"] == "not_a_phone_number"
    assert body["details"] == {"field": "number", "value": "hello"}
    assert api.call("delete", f"/api/v1/routes/{first['id']}/numbers/+4930120000")[0] == 204
    assert api.call("post", f"/api/v1/routes/{second['id']}/numbers",
                    json={"number": "+4930120000"})[0] == 201
    assert api.call("get", "/api/v1/numbers")[1] == [
        {"number": "+4930120000", "route_id": second["id"], "label": ""}]


def test_simulate_over_the_api(api):
    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    status, result = api.call("post", f"/api/v1/routes/{route['id']}/simulate", json={
        "caller": "+4915112345678", "dialed": "+4930120000",
        "at": "2026-11-23T10:00:00+01:00", "digits": ["1"], "queue_statuses": ["TIMEOUT"]})
    assert status == 200 and result["completed"]
    assert [step["node"] for step in result["path"]] == [
        "hours", "holidays", "vip", "vip_fields", "menu", "sales_fields", "sales", "voicemail"]
    status, body = api.call("post", f"/api/v1/routes/{route['id']}/simulate",
                            json={"at": "2026-11-23T10:00:00"})
    assert status == 400 and body["details"]["field"] == "at"
    status, body = api.call("post", f"/api/v1/routes/{route['id']}/simulate",
                            json={"at": "2026-11-23T10:00:00+01:00", "digits": []})
    [menu] = [step for step in body["path"] if step["node"] == "menu"]
    assert status == 200 and menu["port"] == "timeout"  # a silent caller
    status, body = api.call("post", f"/api/v1/routes/{route['id']}/simulate",
                            json={"at": "2026-11-23T10:00:00+01:00", "digits": "12"})
    assert status == 400 and body["details"]["field"] == "digits"
    # "_" is not a key: no key at a prompt is an empty string, and it is a timeout.
    status, body = api.call("post", f"/api/v1/routes/{route['id']}/simulate",
                            json={"at": "2026-11-23T10:00:00+01:00", "digits": ["9", "_"]})
    assert status == 400 and body["details"]["field"].startswith("digits")
    status, result = api.call("post", f"/api/v1/routes/{route['id']}/simulate", json={
        "caller": "+4930999", "at": "2026-11-23T10:00:00+01:00", "digits": ["9", "", ""]})
    assert status == 200, result
    menu = [step for step in result["path"] if step["node"] == "menu"]
    assert menu[0]["port"] == "timeout", menu


def test_every_change_is_attributed_in_the_audit_trail(api):
    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    api.bob.call("put", f"/api/v1/routes/{route['id']}", json={"revision": 1, "name": "M2"})
    api.call("post", f"/api/v1/routes/{route['id']}/publish")
    with api.sessions() as session:
        trail = [(entry.action, entry.user_id) for entry in
                 session.scalars(select(RouteAudit).order_by(RouteAudit.id))]
    assert trail == [("created", 1), ("draft_saved", 2), ("published", 1)]


def test_routes_that_ran_calls_or_have_numbers_are_kept(api):
    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    api.call("post", f"/api/v1/routes/{route['id']}/numbers", json={"number": "+4930120000"})
    status, body = api.call("delete", f"/api/v1/routes/{route['id']}")
    assert status == 409 and body["code"] == "route_has_numbers" and "detach" in body["message"]
    assert body["details"] == {"numbers": ["+4930120000"], "count": 1}
    api.call("delete", f"/api/v1/routes/{route['id']}/numbers/+4930120000")
    assert api.call("delete", f"/api/v1/routes/{route['id']}")[0] == 204
    assert api.call("get", f"/api/v1/routes/{route['id']}")[0] == 404


def test_sound_upload_converts_mp3_and_rejects_junk(api, tmp_path: Path):
    mp3 = tmp_path / "hello.mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=1.5:sample_rate=44100", "-ac", "2",
                    str(mp3)], check=True)
    status, sound = api.call("post", "/api/v1/sounds", data={
        "name": "hello", "file": (io.BytesIO(mp3.read_bytes()), "hello.mp3")},
        content_type="multipart/form-data")
    assert status == 201 and sound["name"] == "ringdesk/hello"
    assert 1.4 < sound["seconds"] < 1.7
    stored = subprocess.run(["soxi", str(api.sounds / "hello.wav")], capture_output=True,
                            text=True, check=True).stdout
    assert "Sample Rate    : 8000" in stored and "Channels       : 1" in stored
    status, body = api.call("post", "/api/v1/sounds", data={
        "name": "junk", "file": (io.BytesIO(b"this is not audio" * 100), "junk.mp3")},
        content_type="multipart/form-data")
    assert status == 400 and "not a readable mp3" in body["message"]
    assert not (api.sounds / "junk.wav").exists()
    status, body = api.call("post", "/api/v1/sounds", data={
        "name": "Bad Name", "file": (io.BytesIO(mp3.read_bytes()), "x.mp3")},
        content_type="multipart/form-data")
    assert status == 400 and body["details"]["field"] == "name"
    names = [s["name"] for s in api.call("get", "/api/v1/sounds")[1]]
    assert "ringdesk/hello" in names
    audio = api.fetch("/api/v1/sounds/hello")
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert audio.data == (api.sounds / "hello.wav").read_bytes()
    assert api.call("delete", "/api/v1/sounds/hello")[0] == 204
    assert api.call("get", "/api/v1/sounds/hello")[0] == 404
    assert api.call("delete", "/api/v1/sounds/hello")[0] == 404


def test_node_types_and_schema_for_the_builder(api):
    types = api.call("get", "/api/v1/route-node-types")[1]
    assert {t["type"] for t in types} >= {"time_condition", "holiday", "vip", "ivr_menu",
                                          "announcement", "queue", "agent", "transfer",
                                          "voicemail", "ticket_fields", "hangup"}
    schema = api.call("get", "/api/v1/route-schema")[1]
    assert schema["title"] == "ringdesk route graph"
    assert set(schema["$defs"]["GraphNode"]["properties"]["type"]["enum"]) == {
        t["type"] for t in types}


def test_ids_no_database_can_hold_are_not_found(api):
    huge = 5245747983347264124830815770116096
    status, body = api.call("post", f"/api/v1/routes/{huge}/numbers", json={"number": "1"})
    assert status == 404 and body["code"] == "not_found"
    assert api.call("get", f"/api/v1/routes/{huge}")[0] == 404


def test_traffic_counts_the_edges_real_calls_took(api):
    from ringdesk.callcenter.calls.models import Call
    from ringdesk.routes.models import RouteVersion

    _, route = api.call("post", "/api/v1/routes", json={"name": "Main", "graph": GRAPH})
    assert api.call("post", f"/api/v1/routes/{route['id']}/publish")[0] == 201
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    paths = {
        "1.1": [{"step": "answer"}, {"node": "hours", "port": "open"},
                {"node": "menu", "port": "1"}, {"node": "sales", "port": None}],
        "1.2": [{"node": "hours", "port": "open"}, {"node": "menu", "port": "2"},
                {"node": "support", "port": None}],
        "1.3": [{"node": "hours", "port": "closed"}, {"node": "closed", "port": None}],
        "1.4": [{"node": "hours", "port": "open"}],  # outside the period asked for
    }
    with api.sessions.begin() as session:
        version = session.query(RouteVersion).filter_by(route_id=route["id"]).one()
        for n, (linkedid, path) in enumerate(paths.items()):
            at = start + timedelta(minutes=n) if linkedid != "1.4" else start + timedelta(days=9)
            session.add(Call(linkedid=linkedid, route_version_id=version.id, started_at=at,
                             path=path, caller_number=f"+49151000000{n}"))
    period = "from=2026-11-23T00:00:00%2B00:00&to=2026-11-24T00:00:00%2B00:00"
    status, traffic = api.call("get", f"/api/v1/routes/{route['id']}/traffic?{period}")
    assert status == 200, traffic
    assert traffic["calls"] == 3
    assert traffic["edges"] == {"hours:open": 2, "menu:1": 1, "menu:2": 1, "hours:closed": 1}
    assert traffic["ended"] == {"sales": 1, "support": 1, "closed": 1}
    assert traffic["listed"] == []
    status, one = api.call("get", f"/api/v1/routes/{route['id']}/traffic?{period}"
                                  "&edge=hours:open")
    assert [call["linkedid"] for call in one["listed"]] == ["1.2", "1.1"]  # newest first
    naive = api.call("get", f"/api/v1/routes/{route['id']}/traffic?from=2026-11-23T00:00:00"
                            "&to=2026-11-24T00:00:00%2B00:00")
    assert naive[0] == 400 and naive[1]["details"]["field"] == "from"


def test_caller_lists_are_kept_in_e164_and_guarded_while_routes_use_them(api):
    status, body = api.call("post", "/api/v1/caller-lists", json={
        "name": "Key accounts", "description": "Our biggest customers",
        "entries": ["+49 151 1234 5679", "0049 30 901820", "+4930*", " ", "+4930*"]})
    assert status == 201
    assert body["entries"] == ["+4915112345679", "+4930901820", "+4930*"]
    assert body["updated_by"]["login"] == "ada" and body["used_by"] == [] and api.changed
    path = f"/api/v1/caller-lists/{body['id']}"
    status, error = api.call("patch", path, json={"revision": body["revision"],
                                                  "entries": ["+4930901820", "call me"]})
    assert status == 400 and error["details"] == {"field": "entries", "index": 1,
                                                  "entry": "call me"}
    status, changed = api.call("patch", path, json={"revision": body["revision"],
                                                    "entries": ["+48 22 123 45 67"]})
    assert status == 200 and changed["entries"] == ["+48221234567"]
    status, stale = api.bob.call("patch", path, json={"revision": body["revision"],
                                                      "description": "stale"})
    assert status == 409 and stale["code"] == "conflict"
    assert api.call("get", path)[1]["description"] == "Our biggest customers"
    assert api.call("post", "/api/v1/caller-lists", json={"name": "gold"})[0] == 400

    graph = copy.deepcopy(GRAPH)
    graph["nodes"]["vip"]["params"]["lists"] = ["Key accounts"]
    api.call("post", "/api/v1/routes", json={"name": "Main", "graph": graph})
    listed = {row["name"]: row for row in api.call("get", "/api/v1/caller-lists")[1]}
    assert listed["Key accounts"]["used_by"] == ["Main"] and listed["gold"]["used_by"] == []
    status, error = api.call("delete", path)
    assert status == 400 and error["details"]["routes"] == ["Main"]
    status, error = api.call("patch", path, json={"revision": changed["revision"],
                                                  "name": "Renamed"})
    assert status == 400 and error["details"]["field"] == "name"
    assert api.call("delete", f"/api/v1/caller-lists/{listed['gold']['id']}")[0] == 204
    assert [row["name"] for row in api.call("get", "/api/v1/caller-lists")[1]] == \
        ["Key accounts"]


def test_holiday_calendars_show_a_countrys_days_in_the_users_language(api):
    countries = {row["country"]: row["regions"] for row in
                 api.call("get", "/api/v1/holiday-calendars")[1]}
    assert {"code": "BE", "name": "Berlin"} in countries["DE"]
    assert {"code": "12", "name": "Małopolskie"} in countries["PL"] and "POL" not in countries
    status, polish = api.call("get", "/api/v1/holiday-calendars/PL?year=2026&language=pl")
    assert status == 200 and polish["language"] == "pl"
    assert {"date": "2026-11-11", "name": "Narodowe Święto Niepodległości"} in polish["holidays"]
    status, berlin = api.call("get", "/api/v1/holiday-calendars/DE?year=2026&region=BE"
                                     "&language=pl")  # no Polish names: English
    assert status == 200 and berlin["language"] == "en_US"
    assert {"date": "2026-03-08", "name": "Women's Day"} in berlin["holidays"]
    status, error = api.call("get", "/api/v1/holiday-calendars/DE?year=2026&region=XX")
    assert status == 400 and error["details"]["field"] == "subdivision"
    assert api.call("get", "/api/v1/holiday-calendars/QQ?year=2026")[0] == 404
    holiday = next(node for node in api.call("get", "/api/v1/route-node-types")[1]
                   if node["type"] == "holiday")
    kinds = {param["name"]: param["kind"] for param in holiday["params"]}
    assert kinds == {"timezone": "timezone", "periods": "date_periods",
                     "country": "holiday_country", "subdivision": "holiday_region"}
    assert "CZ" in next(p for p in holiday["params"] if p["name"] == "country")["choices"]
