"""The builder's second pass, as a first-time admin met it: work is never lost (autosave,
a guard on leaving and reloading), what changes live calls is confirmed and said, wires
connect by dropping anywhere on a node or from the keyboard, nodes carry names people
type, and no internal id is on screen."""

from __future__ import annotations

import copy
import re

from playwright.sync_api import Page, expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in
from tests.web.test_route_builder import drop, expect_selected, route_named

GRAPH = {"entry": "welcome", "nodes": {
    "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                "ports": {"next": "bye", "failed": "ring_7"}, "position": {"x": 60, "y": 60}},
    "ring_7": {"type": "ring", "params": {"seconds": 3}, "ports": {"next": "bye"},
               "position": {"x": 60, "y": 320}},
    "bye": {"type": "hangup", "position": {"x": 460, "y": 120}}}}


def open_route(page: Page, server, name: str, graph: dict = GRAPH) -> dict:
    _, route = server.api("POST", "/api/v1/routes", body={"name": name, "graph": graph})
    page.goto(f"/routes/{route['id']}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    return route


def saved_graph(server, route: dict) -> dict:
    return server.api("GET", f"/api/v1/routes/{route['id']}")[1]["graph"]


def test_changes_save_themselves_and_the_draft_says_it_differs(contexts, server):
    page = contexts(width=1440, height=900).page()
    sign_in(page, "ada")
    route = open_route(page, server, "Autosaved")
    assert server.api("POST", f"/api/v1/routes/{route['id']}/publish")[0] == 201
    page.reload()
    expect(page.get_by_text("Version 1 is live")).to_be_visible()
    drop(page, "voicemail", 300, 400)
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    # Nobody pressed Save: the draft reaches the server a moment after the change.
    expect(page.get_by_text("All changes saved")).to_be_visible(timeout=8000)
    assert "voicemail_1" in saved_graph(server, route)["nodes"]
    expect(page.get_by_text("Draft differs from version 1")).to_be_visible()
    page.get_by_role("link", name="← All routes").click()
    row = page.get_by_role("row", name=re.compile("^Autosaved"))
    expect(row).to_contain_text("Draft differs from version 1")
    screenshot(page, "routes-draft-differs")


def test_unsaved_work_is_guarded_on_leaving_and_reloading(contexts, server):
    page = contexts(width=1440, height=900).page()
    sign_in(page, "ada")
    route = open_route(page, server, "Guarded")
    # Someone else saves meanwhile: this tab's next save meets a conflict, so its change
    # stays unsaved until the admin decides.
    assert server.api("PUT", f"/api/v1/routes/{route['id']}",
                      body={"revision": route["revision"], "graph": GRAPH})[0] == 200
    drop(page, "voicemail", 300, 400)
    expect(page.get_by_role("alert").filter(has_text="changed this route meanwhile")) \
        .to_be_visible(timeout=8000)
    page.get_by_role("navigation").get_by_role("link", name="Routes").click()
    leave = page.get_by_role("alertdialog", name="Leave without your changes?")
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("heading", name="Guarded")).to_be_visible()
    expect(page.locator('[data-node-id="voicemail_1"]')).to_be_visible()  # nothing lost
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.evaluate("location.reload()")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.locator('[data-node-id="voicemail_1"]')).to_be_visible()
    page.remove_listener("dialog", answer)
    page.get_by_role("navigation").get_by_role("link", name="Routes").click()
    leave.get_by_role("button", name="Leave and lose changes").click()
    expect(page.get_by_role("heading", name="Routes")).to_be_visible()


def test_wires_connect_by_dropping_on_a_node_and_from_the_keyboard(contexts, server):
    page = contexts(width=1440, height=900).page()
    sign_in(page, "ada")
    loose = copy.deepcopy(GRAPH)
    loose["nodes"]["ring_7"]["ports"] = {}
    loose["nodes"]["welcome"]["ports"] = {"next": "bye"}
    route = open_route(page, server, "Wired", loose)
    # Dropped on the node's body (its title), not on its small input handle.
    source = page.locator('[data-node-id="ring_7"] .react-flow__handle[data-handleid="next"]')
    start, end = source.bounding_box(), page.locator('[data-node-id="bye"] .route-node__head') \
        .bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] * 0.6, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()
    expect(page.get_by_test_id("rf__edge-ring_7:next")).to_have_count(1)
    # The keyboard's way: select the node, pick where its way out leads in the inspector.
    page.locator('[data-node-id="welcome"] .route-node__head').click()
    expect_selected(page, "welcome")
    page.get_by_label("Name on the canvas").fill("Greeting")
    expect(page.locator('[data-node-id="welcome"]')).to_contain_text("Greeting")
    page.get_by_label("“Failed (sound missing...)” leads to").select_option(label="Ring 7")
    expect(page.get_by_test_id("rf__edge-welcome:failed")).to_have_count(1)
    page.get_by_label("“Next” leads to").select_option(label="Ring 7")
    expect(page.get_by_test_id("rf__edge-welcome:next")).to_have_count(1)
    expect(page.get_by_text("All changes saved")).to_be_visible(timeout=8000)
    nodes = saved_graph(server, route)["nodes"]
    assert nodes["welcome"]["label"] == "Greeting"
    assert nodes["welcome"]["ports"] == {"next": "ring_7", "failed": "ring_7"}
    assert nodes["ring_7"]["ports"] == {"next": "bye"}
    # Words for people: no internal id on the canvas, in the inspector or the problems.
    shown = page.locator(".builder").inner_text()
    for node_id in ("ring_7", "welcome", "bye"):
        found = re.search(rf".{{0,40}}\b{node_id}\b.{{0,40}}", shown)
        assert found is None, found.group(0)
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "builder-wired")


def test_publishing_attaching_and_deleting_say_what_happens(contexts, server):
    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ada")
    route = open_route(page, server, "Nowa linia")
    page.get_by_label("Numer", exact=True).fill("030 120 00 77")
    page.get_by_role("button", name="Przypisz numer").click()
    warned = page.get_by_role("alertdialog", name="Przypisać numer do nieopublikowanej trasy?")
    expect(warned).to_contain_text("nie była jeszcze publikowana")
    screenshot(page, "builder-attach-unpublished-pl")
    warned.get_by_role("button", name="Przypisz mimo to").click()
    expect(page.get_by_role("status").filter(has_text="+49301200077")).to_be_visible()
    page.get_by_role("button", name="Opublikuj", exact=True).click()
    dialog = page.get_by_role("alertdialog", name="Opublikować wersję 1?")
    expect(dialog).to_contain_text("Prowadzi tu numer +49301200077.")
    dialog.get_by_label("Notatka do historii (opcjonalnie)").fill("Start linii")
    assert_accessible(page)
    screenshot(page, "builder-publish-pl")
    dialog.get_by_role("button", name="Opublikuj wersję 1").click()
    expect(page.get_by_text("Działa wersja 1")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^1 .*Start linii"))).to_be_visible()
    # A route numbers lead to is kept, and the refusal says why in Polish.
    page.get_by_role("button", name="Usuń trasę").click()
    delete = page.get_by_role("alertdialog", name="Usunąć trasę „Nowa linia”?")
    delete.get_by_role("button", name="Usuń trasę").click()
    expect(delete.get_by_role("alert")).to_have_text(
        "Do tej trasy prowadzą jeszcze numery (+49301200077): najpierw je odłącz.")
    delete.get_by_role("button", name="Anuluj").click()
    page.get_by_role("button", name="Odłącz +49301200077").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Odłącz", exact=True).click()
    expect(page.get_by_text("Żaden numer jeszcze tu nie prowadzi.")).to_be_visible()
    page.get_by_role("button", name="Usuń trasę").click()
    delete.get_by_role("button", name="Usuń trasę").click()
    expect(page.get_by_role("heading", name="Trasy")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Trasa „Nowa linia” została usunięta."))\
        .to_be_visible()
    assert server.api("GET", f"/api/v1/routes/{route['id']}")[0] == 404
    assert_no_raw_keys(page)


def test_on_a_phone_the_route_opens_for_reading(contexts, server):
    page = contexts("pl-PL", 390, 844).page()
    sign_in(page, "ada")
    open_route(page, server, "Telefon")
    expect(page.get_by_text("Edycja tras wymaga większego ekranu")).to_be_visible()
    expect(page.get_by_text("Wybierz węzeł, aby zobaczyć jego ustawienia.")).to_be_visible()
    expect(page.get_by_role("button", name="Opublikuj", exact=True)).to_have_count(0)
    expect(page.get_by_label("Typy węzłów")).to_have_count(0)
    expect(page.locator(".builder__canvas .react-flow__node")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "builder-phone-pl")
    assert route_named(server, "Telefon")["draft_differs"] is True


def test_a_supervisor_reads_a_route_on_a_canvas_that_fills_the_room(contexts, server):
    page = contexts("pl-PL", 1440, 900).page()
    sign_in(page, "sam")
    open_route(page, server, "Do czytania")
    expect(page.get_by_text("Tylko do odczytu")).to_be_visible()
    canvas = page.locator(".builder__canvas").bounding_box()
    side = page.locator(".builder__side").bounding_box()
    assert canvas is not None and side is not None
    assert canvas["width"] > 900 and side["x"] > canvas["x"] + canvas["width"], (canvas, side)
    expect(page.get_by_text("Symulacja najpierw zapisuje szkic")).to_have_count(0)
    screenshot(page, "builder-read-only-supervisor-pl")


def test_opening_hours_start_from_a_preset_and_copy_a_day(contexts, server):
    page = contexts(width=1440, height=900).page()
    sign_in(page, "ada")
    route = open_route(page, server, "Hours", {"entry": "hours", "nodes": {
        "hours": {"type": "time_condition", "position": {"x": 80, "y": 80}}}})
    page.locator('[data-node-id="hours"] .route-node__head').click()
    page.get_by_role("button", name=re.compile("^Weekdays 9.17$")).click()
    expect(page.get_by_label("Monday", exact=True)).to_have_value("09:00-17:00")
    expect(page.get_by_label("Saturday", exact=True)).to_have_value("")
    page.get_by_label("Saturday", exact=True).fill("10:00-14:00")
    page.get_by_label("Saturday", exact=True).blur()
    page.get_by_role("button", name="Copy Saturday's hours to every day").click()
    expect(page.get_by_label("Monday", exact=True)).to_have_value("10:00-14:00")
    zone = page.get_by_label("Timezone *")
    expect(zone.locator("optgroup").first.locator("option", has_text="Europe/Warsaw")) \
        .to_have_count(1)
    zone.select_option("Europe/Prague")
    expect(page.get_by_text("All changes saved")).to_be_visible(timeout=8000)
    params = saved_graph(server, route)["nodes"]["hours"]["params"]
    assert params["timezone"] == "Europe/Prague"
    assert params["hours"] == {day: [["10:00", "14:00"]] for day in
                               ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    screenshot(page, "builder-opening-hours")


def test_a_wire_that_leads_back_goes_around_the_nodes(contexts, server):
    """The menu's retry announcement leads back to the menu on its left: the wire must not
    cross either node (it runs past their tops or bottoms), while forward wires stay plain."""
    graph = {"entry": "menu", "nodes": {
        "menu": {"type": "ivr_menu", "label": "Menu", "params": {
            "prompt": "ringdesk/menu", "choices": {"1": "Sales"}},
            "ports": {"timeout": "again", "1": "bye", "invalid": "bye"},
            "position": {"x": 80, "y": 120}},
        "again": {"type": "announcement", "label": "Say again",
                  "params": {"sound": "ringdesk/invalid"}, "ports": {"next": "menu"},
                  "position": {"x": 480, "y": 140}},
        "bye": {"type": "hangup", "position": {"x": 480, "y": 420}}}}
    page = contexts(width=1440, height=900).page()
    sign_in(page, "ada")
    open_route(page, server, "Loop back", graph)
    boxes = page.evaluate("""() => {
        const rect = (element) => { const r = element.getBoundingClientRect();
                                    return [r.left, r.top, r.right, r.bottom]; };
        const nodes = Object.fromEntries([...document.querySelectorAll(
            '.react-flow__node')].map((node) => [node.dataset.id, rect(node)]));
        const edge = (id) => rect(document.querySelector(
            `.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`));
        return {nodes, back: edge('again:next'), forward: edge('menu:timeout')};
    }""")
    menu, again = boxes["nodes"]["menu"], boxes["nodes"]["again"]
    back = boxes["back"]
    # Around, not through: the wire reaches beyond both nodes' top or bottom edge, and out
    # to the right of the announcement and in from the left of the menu.
    assert back[3] > max(menu[3], again[3]) or back[1] < min(menu[1], again[1]), boxes
    assert back[2] > again[2] and back[0] < menu[0], boxes
    forward = boxes["forward"]
    assert forward[0] >= menu[2] - 2 and forward[2] <= again[0] + 2, boxes
    screenshot(page, "builder-wire-around")
