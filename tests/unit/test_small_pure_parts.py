from datetime import UTC, datetime
from pathlib import Path

import pytest

from ringdesk.callcenter.ami.client import reconnect_delay
from ringdesk.callcenter.ami.parser import parse_frame
from ringdesk.callcenter.calls.fallback import parse_fallback_tree
from ringdesk.core.config import load_config, reference
from ringdesk.core.errors import ConfigError
from ringdesk.core.phone import to_e164
from ringdesk.ivr.agi.parser import AgiEnvironment
from ringdesk.ivr.call import identify


@pytest.mark.parametrize(("raw", "expected"), [
    ("+4915112345678", "+4915112345678"),
    ("004915112345678", "+4915112345678"),
    ("030 1234567", "+49301234567"),
    ("anonymous", None),
    ("", None),
    ("100", None),  # an internal extension is not a phone number
    ("+12025550123", "+12025550123"),
])
def test_numbers_become_e164(raw, expected):
    assert to_e164(raw, "DE") == expected


def test_identify_prefers_dialplan_arguments():
    environment = AgiEnvironment({"agi_uniqueid": "9.9", "agi_extension": "s",
                                  "agi_arg_1": "1.0", "agi_arg_2": "4930120000"})
    assert identify(environment).linkedid == "1.0"
    assert identify(environment).dialed == "4930120000"
    bare = AgiEnvironment({"agi_uniqueid": "9.9", "agi_extension": "4930120000"})
    assert identify(bare).linkedid == "9.9"


def test_fallback_tree_to_records():
    events = [parse_frame(f"Event: DBGetTreeResponse\r\nKey: /ringdesk/fallback/1.0/{key}"
                          f"\r\nVal: {value}")
              for key, value in [("caller", "+4915112345678"), ("dialed", "4930120000"),
                                 ("started", "1795332116.657"), ("ended", "1795332121.270"),
                                 ("agi_status", "FAILURE")]]
    events.append(parse_frame("Event: DBGetTreeResponse\r\nKey: /ringdesk/fallback/2.0/caller"
                              "\r\nVal: 1"))
    first, second = parse_fallback_tree(events)
    assert first.linkedid == "1.0" and first.agi_status == "FAILURE"
    assert first.ended_at == datetime.fromtimestamp(1795332121.27, tz=UTC)
    assert first.answered_at is None
    assert second.ended_at is None  # still live: not imported yet


def test_reconnect_delay_backs_off_to_a_cap():
    assert [reconnect_delay(n) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]
    assert reconnect_delay(50) == 30.0


def test_config_layers_file_then_environment(tmp_path: Path):
    path = tmp_path / "ringdesk.toml"
    path.write_text('[ami]\nport = 6000\ninbound_contexts = ["a", "b"]\n[web]\nport = 9000\n')
    config = load_config(path, {"RINGDESK_WEB_PORT": "9100",
                                "RINGDESK_AMI_INBOUND_CONTEXTS": "x, y"})
    assert config.ami.port == 6000
    assert config.web.port == 9100
    assert config.ami.inbound_contexts == ["x", "y"]
    assert config.agi.port == 4573


@pytest.mark.parametrize(("text", "environ", "fragment"), [
    ("[ami]\nprot = 1\n", {}, "unknown setting ami.prot"),
    ("[nope]\n", {}, "unknown configuration sections"),
    ("[ami]\nport = 'x'\n", {}, "invalid value for ami.port"),
    ("", {"RINGDESK_AGI_PORT": "many"}, "invalid value for agi.port"),
    ("[ami\n", {}, "cannot read configuration"),
])
def test_bad_configuration_names_the_setting(tmp_path: Path, text, environ, fragment):
    path = tmp_path / "ringdesk.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=fragment):
        load_config(path, environ)


def test_readme_documents_every_setting():
    readme = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    missing = [name for name, *_ in reference() if f"`{name}`" not in readme]
    assert missing == []


def test_route_node_plugins_are_checked_before_they_are_offered():
    from typing import get_args

    from ringdesk.core.errors import ConfigError
    from ringdesk.routes.nodes import NODE_TYPES, checked_plugin
    from ringdesk.routes.nodes.base import PARAM_KINDS, NodeType, ParamSpec
    from ringdesk.web.schemas.routes import ParamKind

    assert get_args(ParamKind) == PARAM_KINDS  # the API describes every kind there is

    class Greeting(NodeType):
        type_name = "greeting"
        title = "Greeting"
        description = "Say hello."
        params = (ParamSpec("sound", "sound", "Sound"),)

    assert checked_plugin("greeting", Greeting, set(NODE_TYPES)).type_name == "greeting"
    with pytest.raises(ConfigError, match="own"):
        checked_plugin("copy", Greeting, set(NODE_TYPES) | {"greeting"})
    with pytest.raises(ConfigError, match="not a NodeType"):
        checked_plugin("junk", object(), set(NODE_TYPES))

    class Odd(Greeting):
        type_name = "odd"
        params = (ParamSpec("colour", "rgb", "Colour"),)

    with pytest.raises(ConfigError, match="kind 'rgb'"):
        checked_plugin("odd", Odd, set(NODE_TYPES))


def test_the_route_graph_schema_file_is_the_one_its_model_writes():
    import json

    from ringdesk.routes.graph import SCHEMA_FILE, document_schema

    assert json.loads(SCHEMA_FILE.read_text()) == document_schema(), \
        "run ./dev api (ringdesk route-schema) after changing routes/graph.py"


def test_each_holiday_country_is_offered_once_by_its_iso_code():
    from ringdesk.routes.calendars import holiday_countries

    countries = holiday_countries()
    assert "GB" in countries and "UK" not in countries  # one United Kingdom, not two
    assert "PL" in countries and "DE" in countries and "BY" in countries
    assert all(len(code) == 2 and code.isupper() for code in countries)


def test_a_draft_differs_from_its_version_only_in_what_calls_or_paths_show():
    from ringdesk.routes.diff import differs

    published = {"entry": "a", "nodes": {"a": {"type": "hangup", "position": {"x": 1, "y": 2}}}}
    moved = {"entry": "a", "nodes": {"a": {"type": "hangup", "position": {"x": 90, "y": 2}}},
             "notes": {"n": {"text": "why"}}}
    renamed = {"entry": "a", "nodes": {"a": {"type": "hangup", "label": "Bye"}}}
    assert not differs(published, moved)
    assert differs(published, renamed) and differs(None, moved)


def test_listening_in_rings_the_supervisor_then_spies_on_that_agent_only():
    from ringdesk.callcenter.calls.spy import Spy

    listen = Spy("lead-phone", "PJSIP/desk-anna", 'Anna "A" <Nowak>', "listen").originate()
    assert listen["Channel"] == "PJSIP/lead-phone" and listen["Application"] == "ChanSpy"
    # The dash: desk-anna's channels, never desk-anna2's; quiet, ends with the call.
    assert listen["Data"] == "PJSIP/desk-anna-,qE"
    assert listen["CallerID"] == '"Listen: Anna A Nowak" <spy>'
    assert Spy("p", "PJSIP/a", "A", "whisper").originate()["Data"] == "PJSIP/a-,qEw"
    assert Spy("p", "PJSIP/a", "A", "barge").originate()["Data"] == "PJSIP/a-,qEB"


def test_calls_are_bucketed_by_the_reports_local_hours_days_and_weekdays():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from ringdesk.helpdesk.report_series import CallFact, call_series

    berlin = ZoneInfo("Europe/Berlin")
    calls = [
        CallFact(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), True, "answered", 10),  # Sun 00:30
        CallFact(datetime(2026, 10, 24, 22, 50, tzinfo=UTC), True, "answered", 40),
        CallFact(datetime(2026, 10, 24, 23, 10, tzinfo=UTC), False, "abandoned", 70),
        CallFact(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), False, "out_of_hours", None),
        CallFact(datetime(2026, 10, 25, 2, 30, tzinfo=UTC), False, "ivr", None),  # clocks back
    ]
    series = call_series(calls, berlin, service_level_seconds=20)
    assert [(hour["at"][11:16], hour["answered"], hour["abandoned"], hour["missed"],
             hour["other"]) for hour in series["hours"]] == [
        ("00:00", 2, 0, 0, 0), ("01:00", 0, 1, 0, 0), ("02:00", 0, 0, 1, 0),
        ("03:00", 0, 0, 0, 1)]
    [sunday] = series["days"]
    assert sunday == {"day": "2026-10-25", "offered": 5, "answered": 2,
                      "service_level_percent": 20.0, "abandoned_percent": 20.0,
                      "avg_wait_seconds": 40.0, "max_wait_seconds": 70}
    assert series["heatmap"][6][0] == 2 and sum(map(sum, series["heatmap"])) == 5
