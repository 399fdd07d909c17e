"""The route builder in a real browser: an admin draws a route from scratch by dragging node
types onto the canvas and connecting their ports, watches the problems appear and clear,
saves, publishes and attaches a number; two tabs editing one route meet a conflict and
lose nothing; supervisors only look."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ringdesk.callcenter.pbx.models import PbxQueue
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.routes.models import CallerList
from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in

ALWAYS = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                "sun")}
# Where each node is dropped on the canvas, and its ports' targets.
LAYOUT = {
    "time_condition": (60, 60), "holiday": (340, 60), "vip": (620, 60),
    "ivr_menu": (60, 330), "ticket_fields": (340, 330), "queue": (620, 330),
    "hangup": (900, 200),
}
WIRES = [
    ("time_condition_1", "open", "holiday_1"), ("time_condition_1", "closed", "hangup_1"),
    ("holiday_1", "regular", "vip_1"), ("holiday_1", "holiday", "hangup_1"),
    ("vip_1", "vip", "ivr_menu_1"), ("vip_1", "other", "ivr_menu_1"),
    ("ivr_menu_1", "1", "ticket_fields_1"), ("ivr_menu_1", "timeout", "hangup_1"),
    ("ivr_menu_1", "invalid", "hangup_1"), ("ticket_fields_1", "next", "queue_1"),
    ("queue_1", "timeout", "hangup_1"), ("queue_1", "no_agents", "hangup_1"),
    ("queue_1", "full", "hangup_1"),
]


@pytest.fixture
def references(server):
    with make_sessionmaker(make_engine(server.database)).begin() as session:
        session.add(PbxQueue(name="support"))
        session.add(CallerList(name="vip", entries=["+4915112345678"]))


def open_builder(page: Page, name: str) -> None:
    page.goto("/routes")
    page.get_by_label("Name of the new route").fill(name)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def route_named(server, name: str) -> dict:
    [route] = [item for item in server.api("GET", "/api/v1/routes")[1] if item["name"] == name]
    return route


def publish(page: Page, version: int = 1, note: str = "") -> None:
    """Publishing asks first, says what happens to calls, and takes a note."""
    page.get_by_role("button", name="Publish", exact=True).click()
    dialog = page.get_by_role("alertdialog", name=f"Publish version {version}?")
    expect(dialog).to_contain_text("Calls that start from now on run version")
    if note:
        dialog.get_by_label("Note for the history (optional)").fill(note)
    dialog.get_by_role("button", name=f"Publish version {version}").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".builder__status")).to_have_text(f"Published as version {version}.")


def drop(page: Page, node_type: str, x: int, y: int) -> None:
    canvas = page.locator(".builder__canvas")
    page.locator(f'[data-node-type="{node_type}"]').drag_to(
        canvas, target_position={"x": x, "y": y})


def wire(page: Page, source: str, port: str, target: str) -> None:
    """Drag from a port onto the target's input. Live validation may grow or shrink a node
    (its problem lines) between Playwright measuring the target and the drop: a drag that
    missed is made again, as a person would."""
    edge = page.get_by_test_id(f"rf__edge-{source}:{port}")
    for _ in range(3):
        page.locator(f'[data-node-id="{source}"] .react-flow__handle[data-handleid="{port}"]') \
            .drag_to(page.locator(f'[data-node-id="{target}"] .react-flow__handle.target'))
        try:
            expect(edge).to_have_count(1, timeout=2000)
            return
        except AssertionError:
            page.wait_for_timeout(300)
    expect(edge).to_have_count(1)


def choose(page: Page, node: str) -> None:
    page.locator(f'[data-node-id="{node}"] .route-node__head').click()
    expect_selected(page, node)


def expect_selected(page: Page, node: str) -> None:
    expect(page.locator(f'[data-node-id="{node}"]')).to_have_class(
        re.compile("route-node--selected"))


def fill_text(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.blur()


def fill_support_settings(page: Page) -> None:
    """Every setting of the support route (LAYOUT): open always, German holidays, the VIP
    list, the support category and queue. Starts on the selected opening-hours node."""
    page.get_by_label("Timezone *").select_option("Europe/Berlin")
    page.get_by_role("button", name="Open 24/7").click()
    choose(page, "holiday_1")
    page.get_by_label("Timezone *").select_option("Europe/Berlin")
    page.get_by_label("Public holidays of", exact=True).select_option("DE")
    choose(page, "vip_1")
    page.get_by_role("checkbox", name="vip", exact=True).check()
    choose(page, "ticket_fields_1")
    page.get_by_label(re.compile("^Category")).fill("support")
    choose(page, "queue_1")
    page.get_by_label("Queue *", exact=True).select_option("support")


def problems(page: Page) -> int:
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ problems?$"))
    return int(heading.inner_text().split()[0])


def test_an_admin_draws_validates_publishes_and_attaches_a_route(contexts, server,
                                                                references):
    page = contexts(width=1700, height=1200).page()
    sign_in(page, "ada")
    open_builder(page, "Support line")
    for node_type, (x, y) in LAYOUT.items():
        drop(page, node_type, x, y)
    expect(page.locator(".react-flow__node")).to_have_count(7)
    choose(page, "ivr_menu_1")
    page.get_by_label("Prompt *", exact=True).select_option("ringdesk/menu")
    fill_text(page, "Choices *", "1: Support")
    expect(page.locator('[data-node-id="ivr_menu_1"] [data-handleid="1"]')).to_have_count(1)
    for source, port, target in WIRES:
        wire(page, source, port, target)
    expect(page.locator(".react-flow__edge")).to_have_count(len(WIRES))
    # Parameters still missing: the problems are on the nodes and in the list.
    expect(page.locator(".route-node--invalid")).not_to_have_count(0)
    before = problems(page)
    assert before >= 3
    screenshot(page, "builder-problems")
    # Problems name nodes as people do (their kind), never by id.
    page.get_by_role("button", name=re.compile("^Opening hours: ")).first.click()
    expect_selected(page, "time_condition_1")
    fill_support_settings(page)
    # The queue picker tells who answers the queue: this one has nobody yet.
    expect(page.get_by_label("Queue *", exact=True).locator("option:checked")) \
        .to_have_text("support · nobody answers it yet")
    expect(page.get_by_role("heading", name="1 warning")).to_be_visible()
    expect(page.locator(".builder__warnings")).to_contain_text(
        "Queue: nobody answers the queue “support”")
    expect(page.get_by_role("heading", name="0 problems")).to_be_visible()
    expect(page.locator(".route-node--invalid")).to_have_count(0)
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "builder-valid")
    publish(page, 1, note="First support line")
    # Typed as people write it; said back as stored.
    page.get_by_label("Number", exact=True).fill("030 12 00 99")
    page.get_by_role("button", name="Attach number").click()
    expect(page.get_by_role("status").filter(has_text="+4930120099 now leads")) \
        .to_be_visible()
    [route] = [item for item in server.api("GET", "/api/v1/routes")[1]
               if item["name"] == "Support line"]
    assert route["published_version"] == 1 and route["numbers"] == ["+4930120099"]
    status, published = server.api("GET", f"/api/v1/routes/{route['id']}/versions/1")
    nodes = published["graph"]["nodes"]
    assert published["graph"]["entry"] == "time_condition_1"
    assert nodes["ivr_menu_1"]["ports"] == {"1": "ticket_fields_1", "timeout": "hangup_1",
                                            "invalid": "hangup_1"}
    assert nodes["queue_1"]["params"] == {"queue": "support", "max_wait": 300}
    status, path = server.api("POST", f"/api/v1/routes/{route['id']}/simulate", body={
        "caller": "+4915112345678", "dialed": "+4930120099",
        "at": "2026-11-23T10:00:00+01:00", "digits": ["1"], "queue_statuses": ["TIMEOUT"]})
    assert status == 200, path
    walked = ["time_condition_1", "holiday_1", "vip_1", "ivr_menu_1", "ticket_fields_1",
              "queue_1", "hangup_1"]
    assert [step["node"] for step in path["path"]] == walked
    assert published["note"] == "First support line"
    # The simulator panel: the same engine, the path drawn on the canvas.
    page.get_by_label("Caller's number").fill("+4915112345678")
    page.get_by_label("Date and time").fill("2026-11-23T10:00")
    page.get_by_label("Keys pressed, one per prompt (comma separated)").fill("1")
    page.get_by_label("What the queues do").select_option(label="the caller waits too long")
    page.get_by_role("button", name="Simulate").click()
    steps = page.locator(".simulator__steps li strong")
    expect(steps).to_have_count(len(walked))
    assert steps.all_inner_texts() == ["Opening hours", "Holidays and dates", "VIP callers",
                                       "IVR menu", "Ticket fields", "Queue", "Hang up"]
    expect(page.locator(".react-flow__node.on-path")).to_have_count(len(walked))
    expect(page.locator(".react-flow__edge.on-path")).to_have_count(len(walked) - 1)
    page.locator(".simulator__steps").get_by_role("button", name=re.compile("^VIP callers")) \
        .click()  # step by step
    expect(page.locator(".react-flow__node.on-path")).to_have_count(3)
    screenshot(page, "builder-simulated")
    page.get_by_role("button", name="Detach +4930120099").click()
    dialog = page.get_by_role("alertdialog", name="Detach +4930120099?")
    expect(dialog).to_contain_text("stop reaching “Support line” at once")
    dialog.get_by_role("button", name="Detach", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="no longer leads here")).to_be_visible()
    assert server.api("GET", f"/api/v1/routes/{route['id']}")[1]["numbers"] == []


def test_two_tabs_editing_one_route_meet_a_conflict_and_lose_nothing(contexts, server,
                                                                     references):
    graph = {"entry": "bye", "nodes": {"bye": {"type": "hangup", "params": {}, "ports": {},
                                               "position": {"x": 300, "y": 150}}}}
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Shared", "graph": graph})
    first = contexts(width=1500, height=900).page()
    second = contexts(width=1500, height=900).page()
    for page in (first, second):
        sign_in(page, "ada")
        page.goto(f"/routes/{route['id']}")
        expect(page.get_by_role("heading", name="Shared")).to_be_visible()
    drop(first, "announcement", 80, 80)
    first.get_by_role("button", name="Save draft").click()
    expect(first.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    drop(second, "ring", 80, 300)
    second.get_by_role("button", name="Save draft").click()
    expect(second.get_by_role("alert").filter(has_text="changed this route meanwhile")) \
        .to_be_visible()
    expect(second.locator('[data-node-id="ring_1"]')).to_be_visible()  # nothing typed lost
    screenshot(second, "builder-conflict")
    second.get_by_role("button", name="Keep mine").click()
    expect(second.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    saved = server.api("GET", f"/api/v1/routes/{route['id']}")[1]
    assert set(saved["graph"]["nodes"]) == {"bye", "ring_1"}
    first.get_by_role("button", name="Save draft").click()
    expect(first.get_by_role("alert")).to_be_visible()
    first.get_by_role("button", name="Reload theirs").click()
    expect(first.locator('[data-node-id="ring_1"]')).to_be_visible()
    expect(first.locator('[data-node-id="announcement_1"]')).to_have_count(0)


def test_a_supervisor_sees_the_route_but_cannot_change_it(contexts, server):
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Look only", "graph": {
        "entry": "bye", "nodes": {"bye": {"type": "hangup"}}}})
    page = contexts("pl-PL").page()
    sign_in(page, "sam")
    page.goto(f"/routes/{route['id']}")
    expect(page.get_by_role("heading", name="Look only")).to_be_visible()
    expect(page.get_by_role("button", name="Zapisz szkic")).to_have_count(0)
    expect(page.get_by_label("Typy węzłów")).to_have_count(0)
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "builder-readonly-pl")


def test_versions_show_a_visual_diff_and_roll_back(contexts, server):
    first = {"entry": "welcome", "nodes": {
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "extra"}, "position": {"x": 40, "y": 40}},
        "extra": {"type": "ring", "params": {"seconds": 3}, "ports": {"next": "bye"},
                  "position": {"x": 40, "y": 260}},
        "bye": {"type": "hangup", "position": {"x": 360, "y": 40}}}}
    second = {"entry": "ring", "nodes": {
        "ring": {"type": "ring", "params": {"seconds": 5}, "ports": {"next": "welcome"},
                 "position": {"x": 40, "y": 260}},
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/sales"},
                    "ports": {"next": "bye"}, "position": {"x": 40, "y": 40}},
        "bye": {"type": "hangup", "position": {"x": 600, "y": 120}}}}  # moved only
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Versions", "graph": first})
    path = f"/api/v1/routes/{route['id']}"
    assert server.api("POST", f"{path}/publish")[0] == 201
    assert server.api("PUT", path, body={"revision": 1, "graph": second})[0] == 200
    assert server.api("POST", f"{path}/publish")[0] == 201
    page = contexts(width=1600, height=1400).page()
    sign_in(page, "ada")
    page.goto(f"/routes/{route['id']}")
    expect(page.get_by_role("row", name=re.compile("^2 .* Ada "))).to_be_visible()
    page.get_by_role("button", name="Compare with 1").click()
    diff = page.get_by_role("region", name="Changes from version 1 to 2")
    expect(diff.locator(".react-flow__node")).to_have_count(4)
    expect(diff.locator(".react-flow__node.diff-added")).to_have_attribute("data-id", "ring")
    expect(diff.locator(".react-flow__node.diff-removed")).to_have_attribute("data-id", "extra")
    expect(diff.locator(".react-flow__node.diff-changed")).to_have_attribute("data-id",
                                                                             "welcome")
    expect(diff.locator(".react-flow__node.diff-same")).to_have_attribute("data-id", "bye")
    expect(diff.locator(".react-flow__edge.diff-added")).to_have_count(1)  # ring -> welcome
    expect(diff.locator(".react-flow__edge.diff-removed")).to_have_count(1)  # extra -> bye
    expect(diff.locator(".react-flow__edge.diff-changed")).to_have_count(1)  # welcome ->
    diff.scroll_into_view_if_needed()
    assert_accessible(page)
    screenshot(page, "builder-diff")
    page.get_by_role("button", name="Roll back to 1").click()
    dialog = page.get_by_role("alertdialog", name="Roll back to version 1?")
    expect(dialog).to_contain_text("published again as version 3")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert server.api("GET", path)[1]["published_version"] == 2  # cancelled: nothing changed
    page.get_by_role("button", name="Roll back to 1").click()
    dialog.get_by_role("button", name="Roll back to 1").click()
    expect(page.get_by_role("row", name=re.compile("^3 .*Rollback to version 1"))) \
        .to_be_visible()
    expect(page.locator('.builder__canvas [data-node-id="extra"]')).to_be_visible()
    assert server.api("GET", path)[1]["published_version"] == 3


def test_undo_redo_copy_paste_and_find_by_keyboard(contexts, server):
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Keys", "graph": {
        "entry": "bye", "nodes": {"bye": {"type": "hangup",
                                          "position": {"x": 400, "y": 100}}}}})
    page = contexts(width=1500, height=1000).page()
    sign_in(page, "ada")
    page.goto(f"/routes/{route['id']}")
    nodes = page.locator(".builder__canvas .react-flow__node")
    expect(nodes).to_have_count(1)
    drop(page, "ring", 80, 80)
    expect(nodes).to_have_count(2)
    page.wait_for_timeout(500)  # the change settles into the history
    page.locator(".react-flow__pane").click(position={"x": 600, "y": 500})
    page.keyboard.press("Control+z")
    expect(nodes).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(nodes).to_have_count(2)
    choose(page, "ring_1")
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(page.locator('[data-node-id="ring_2"]')).to_be_visible()
    expect(nodes).to_have_count(3)
    page.keyboard.press("Control+f")
    expect(page.get_by_role("searchbox", name="Find a node")).to_be_focused()
    page.keyboard.type("Hang")
    page.keyboard.press("Enter")
    expect_selected(page, "bye")
    page.get_by_role("button", name="Undo").click()
    expect(nodes).to_have_count(2)
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    assert set(server.api("GET", f"/api/v1/routes/{route['id']}")[1]["graph"]["nodes"]) == \
        {"bye", "ring_1"}


def test_tidy_up_lays_the_route_out_from_its_start(contexts, server):
    piled = {"entry": "welcome", "nodes": {
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "ring"}, "position": {"x": 0, "y": 0}},
        "ring": {"type": "ring", "params": {"seconds": 3}, "ports": {"next": "bye"},
                 "position": {"x": 0, "y": 0}},
        "bye": {"type": "hangup", "position": {"x": 0, "y": 0}}}}
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Piled", "graph": piled})
    page = contexts(width=1500, height=1000).page()
    sign_in(page, "ada")
    page.goto(f"/routes/{route['id']}")
    page.get_by_role("button", name="Tidy up").click()
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    nodes = server.api("GET", f"/api/v1/routes/{route['id']}")[1]["graph"]["nodes"]
    xs = [nodes[name]["position"]["x"] for name in ("welcome", "ring", "bye")]
    assert xs == sorted(xs) and len(set(xs)) == 3, nodes
    screenshot(page, "builder-tidy")


def test_traffic_on_the_canvas_counts_real_calls_and_lists_an_edges_calls(contexts, server):
    from datetime import timedelta

    from ringdesk.callcenter.calls.models import Call
    from ringdesk.core.db import utcnow
    from ringdesk.routes.models import RouteVersion

    graph = {"entry": "hours", "nodes": {
        "hours": {"type": "time_condition",
                  "params": {"timezone": "Europe/Berlin", "hours": ALWAYS},
                  "ports": {"open": "welcome", "closed": "bye"},
                  "position": {"x": 40, "y": 100}},
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "bye"}, "position": {"x": 360, "y": 40}},
        "bye": {"type": "hangup", "position": {"x": 680, "y": 140}}}}
    _, route = server.api("POST", "/api/v1/routes", body={"name": "Busy", "graph": graph})
    assert server.api("POST", f"/api/v1/routes/{route['id']}/publish")[0] == 201
    now = utcnow()
    with make_sessionmaker(make_engine(server.database)).begin() as session:
        version = session.query(RouteVersion).filter_by(route_id=route["id"]).one()
        for n in range(3):
            session.add(Call(linkedid=f"9.{n}", route_version_id=version.id,
                             started_at=now - timedelta(minutes=10 + n),
                             caller_number=f"+4915100000{n}", path=[
                                 {"node": "hours", "port": "open"},
                                 {"node": "welcome", "port": "next"},
                                 {"node": "bye", "port": None}]))
        session.add(Call(linkedid="9.9", route_version_id=version.id,
                         started_at=now - timedelta(minutes=5), caller_number="+4915199999",
                         path=[{"node": "hours", "port": "closed"},
                               {"node": "bye", "port": None}]))
    page = contexts(width=1500, height=1000).page()
    sign_in(page, "sam")  # supervisors read the route and its traffic
    page.goto(f"/routes/{route['id']}")
    page.get_by_label("Traffic").select_option("day")
    expect(page.get_by_text("4 calls", exact=True)).to_be_visible()
    expect(page.locator('[data-node-id="bye"] .route-node__traffic')) \
        .to_have_text("4 calls ended here")
    expect(page.locator(".react-flow__edgelabel-renderer, .react-flow__edge-text")
           .filter(has_text=re.compile("^3$"))).not_to_have_count(0)
    page.locator('[data-testid="rf__edge-hours:closed"]').click(force=True)
    calls = page.get_by_role("region", name="Calls that left Opening hours by “Closed”")
    expect(calls.get_by_role("listitem")).to_have_count(1)
    expect(calls).to_contain_text("+4915199999")
    assert_accessible(page)
    screenshot(page, "builder-traffic")
