"""A node type that exists only in a test (tests/fixtures/node_plugin, found through its
entry point) appears in the builder's palette with its form, is validated by what it
declares, and saves and publishes like a built-in type."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, screenshot, sign_in
from tests.web.test_route_builder import choose, drop, open_builder, publish, route_named, wire

ROOT = Path(__file__).parents[2]
PLUGIN = ROOT / "tests" / "fixtures" / "node_plugin"


@pytest.mark.server_env(PYTHONPATH=f"{ROOT}{os.pathsep}{PLUGIN}")
def test_a_node_type_from_a_plugin_appears_in_the_palette_with_its_form(contexts, server):
    page = contexts(width=1500, height=1000).page()
    sign_in(page, "ada")
    open_builder(page, "Callbacks")
    offer = page.locator('[data-node-type="callback_offer"]')
    expect(offer).to_have_text("Offer a callback")
    drop(page, "callback_offer", 150, 150)
    drop(page, "hangup", 600, 150)
    choose(page, "callback_offer_1")
    attempts = page.get_by_label("Call-back attempts *")
    expect(attempts).to_have_value("3")
    attempts.fill("9")
    expect(page.locator(".param .problem")).to_have_text(
        ["Offer prompt is required", "Call-back attempts must be at most 5"])
    attempts.fill("2")
    page.get_by_label("Offer prompt *", exact=True).select_option("ringdesk/welcome")
    expect(page.get_by_label("Listen to Welcome")).to_be_visible()
    # Settings complete: the node drops its "settings missing" line (and its ports move up)
    # before the wires are drawn.
    expect(page.locator('[data-node-id="callback_offer_1"] .route-node__problems')) \
        .to_have_count(0)
    for port in ("accepted", "declined"):
        wire(page, "callback_offer_1", port, "hangup_1")
    expect(page.locator('[data-node-id="callback_offer_1"]')).to_contain_text("Caller accepts")
    expect(page.get_by_role("heading", name="0 problems")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "builder-plugin-node")
    publish(page)
    route = route_named(server, "Callbacks")
    node = server.api("GET", f"/api/v1/routes/{route['id']}/versions/1")[1]["graph"][
        "nodes"]["callback_offer_1"]
    assert node["type"] == "callback_offer"
    assert node["params"] == {"prompt": "ringdesk/welcome", "attempts": 2}
    logged = [json.loads(line) for line in server.log.read_text().splitlines()
              if line.startswith("{")]
    assert logged and [entry for entry in logged if entry["level"] in ("error", "critical")] == []
