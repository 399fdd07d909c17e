"""Route validation, the engine and the simulator on whole graphs (pure)."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ringdesk.routes.engine import step_dicts
from ringdesk.routes.graph import parse_graph
from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import References
from ringdesk.routes.simulator import Script, simulate
from ringdesk.routes.validation import validate_document

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
SUNDAY_10 = datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)
CHRISTMAS_10 = datetime(2026, 12, 24, 10, 0, tzinfo=BERLIN)  # a Thursday

REFS = References(
    sounds=frozenset({"ringdesk/welcome", "ringdesk/menu", "ringdesk/closed",
                      "ringdesk/invalid", "ringdesk/voicemail"}),
    queues=frozenset({"sales"}),
    agents=frozenset({"agent-1001"}),
    caller_lists={"gold": frozenset({"+4915112345678"})},
)

GRAPH = {
    "entry": "hours",
    "nodes": {
        "hours": {"type": "time_condition", "params": {
            "timezone": "Europe/Berlin",
            "hours": {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}},
            "ports": {"open": "holidays", "closed": "closed"}},
        "holidays": {"type": "holiday", "params": {"timezone": "Europe/Berlin", "periods": [
            {"name": "Christmas", "from": "24.12", "to": "26.12"}]},
            "ports": {"holiday": "closed", "regular": "vip"}},
        "vip": {"type": "vip", "params": {"lists": ["gold"]},
                "ports": {"vip": "vip_fields", "other": "menu"}},
        "vip_fields": {"type": "ticket_fields", "params": {"priority": "urgent",
                                                           "tags": ["vip"]},
                       "ports": {"next": "menu"}},
        "menu": {"type": "ivr_menu", "params": {
            "prompt": "ringdesk/menu", "choices": {"1": "Sales", "2": "Agent"},
            "timeout": 3, "max_retries": 1, "invalid_prompt": "ringdesk/invalid"},
            "ports": {"1": "sales_fields", "2": "agent", "timeout": "welcome",
                      "invalid": "welcome"}},
        "sales_fields": {"type": "ticket_fields", "params": {"category": "sales"},
                         "ports": {"next": "sales"}},
        "sales": {"type": "queue", "params": {"queue": "sales", "max_wait": 60},
                  "ports": {"timeout": "voicemail", "no_agents": "voicemail",
                            "full": "voicemail"}},
        "agent": {"type": "agent", "params": {"agent": "agent-1001", "seconds": 15},
                  "ports": {"no_answer": "voicemail", "busy": "voicemail",
                            "unavailable": "voicemail"}},
        "voicemail": {"type": "voicemail", "params": {"greeting": "ringdesk/voicemail"}},
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "bye"}},
        "closed": {"type": "announcement", "params": {"sound": "ringdesk/closed"},
                   "ports": {"next": "bye"}},
        "bye": {"type": "hangup"},
    },
}


def run(graph=GRAPH, at=MONDAY_10, caller="+4940123456", refs=REFS, **script):
    parsed, issues = parse_graph(graph)
    assert parsed is not None, issues
    return simulate(parsed, caller, caller or "anonymous", "+4930120000", at, refs,
                    Script(**script))


def nodes(result):
    return [step.node for step in result.steps]


def test_the_example_graph_is_valid():
    assert validate_document(GRAPH, REFS) == []


def test_closed_on_sunday_and_on_christmas():
    assert nodes(run(at=SUNDAY_10)) == ["hours", "closed", "bye"]
    christmas = run(at=CHRISTMAS_10)
    assert nodes(christmas) == ["hours", "holidays", "closed", "bye"]
    assert "Christmas" in christmas.steps[1].reason


def test_vip_gets_urgent_ticket_and_sales_queue_answers():
    result = run(caller="+4915112345678", digits=["1"], queue_statuses=[""])
    assert nodes(result) == ["hours", "holidays", "vip", "vip_fields", "menu",
                             "sales_fields", "sales"]
    assert result.completed and "connected to an agent" in result.reason
    assert result.steps[3].effects == [{"effect": "SetTicketFields", "category": "",
                                        "priority": "urgent", "tags": ["vip"]}]


def test_queue_timeout_goes_to_voicemail():
    result = run(digits=["1"], queue_statuses=["TIMEOUT"])
    assert nodes(result)[-2:] == ["sales", "voicemail"]
    assert result.steps[-2].port == "timeout"


def test_wrong_key_then_no_key_plays_the_retry_prompt_and_ends_at_welcome():
    result = run(digits=["7", ""])
    menu = result.steps[3]
    assert [effect["effect"] for effect in menu.effects] == ["CollectDigit", "Play",
                                                             "CollectDigit"]
    assert menu.port == "timeout" and nodes(result)[-2:] == ["welcome", "bye"]


def test_the_menus_reason_tells_each_attempt_and_which_one_decided():
    wrong_then_nothing = run(digits=["9", ""]).steps[3]
    assert wrong_then_nothing.port == "timeout"
    assert wrong_then_nothing.reason == ("caller pressed 9 (no such choice), then pressed "
                                         "nothing; attempt 2 decided: no key")
    nothing_then_wrong = run(digits=["", "7"]).steps[3]
    assert nothing_then_wrong.port == "invalid"
    assert nothing_then_wrong.reason.endswith("attempt 2 decided: a wrong key")
    second_try = run(digits=["9", "1"], queue_statuses=[""]).steps[3]
    assert second_try.port == "1"
    assert second_try.reason == "caller pressed 9 (no such choice), then pressed 1 (Sales)"


def test_a_reason_is_a_key_with_facts_the_web_app_translates():
    menu = run(digits=["9", ""]).steps[3]
    assert (menu.why, menu.facts) == ("menu_gave_up", {"attempts": [{"key": "9"}, {"key": ""}],
                                                       "decided": "timeout"})
    queue = run(digits=["1"], queue_statuses=["TIMEOUT"]).steps[-2]
    assert (queue.why, queue.facts) == ("queue_timeout", {"queue": "sales",
                                                          "status": "TIMEOUT"})
    assert queue.as_dict()["reason"] == "waited too long in sales (QUEUESTATUS=TIMEOUT)"


@pytest.mark.parametrize(("status", "port"), [("NOANSWER", "no_answer"), ("BUSY", "busy"),
                                              ("CHANUNAVAIL", "unavailable")])
def test_agent_outcomes(status, port):
    result = run(digits=["2"], dial_statuses=[status])
    assert result.steps[-2].port == port and nodes(result)[-1] == "voicemail"


def test_runtime_failure_without_a_branch_leaves_the_call_to_the_fallback():
    refs = References(sounds=REFS.sounds - {"ringdesk/welcome"}, queues=REFS.queues,
                      agents=REFS.agents, caller_lists=REFS.caller_lists)
    result = run(digits=["", ""], refs=refs)  # welcome was deleted after publishing
    assert not result.completed
    assert "'failed' of 'welcome' is not connected" in result.reason
    assert result.steps[-1].effects[0]["failed"] is True


def test_failure_branch_is_taken_when_connected():
    graph = copy.deepcopy(GRAPH)
    graph["nodes"]["welcome"]["ports"]["failed"] = "bye"
    refs = References(sounds=REFS.sounds - {"ringdesk/welcome"}, queues=REFS.queues,
                      agents=REFS.agents, caller_lists=REFS.caller_lists)
    result = run(graph, digits=["", ""], refs=refs)
    assert result.completed and nodes(result)[-2:] == ["welcome", "bye"]


def test_a_prompt_past_the_given_keys_hears_nothing_as_a_silent_caller_would():
    wrong_then_silent = run(digits=["9"]).steps[3]
    assert (wrong_then_silent.port, wrong_then_silent.facts["attempts"]) == (
        "timeout", [{"key": "9"}, {"key": ""}])


def issues_of(graph, refs=REFS):
    return {(issue.code, issue.node, issue.param or issue.port)
            for issue in validate_document(graph, refs)}


def broken(change):
    graph = copy.deepcopy(GRAPH)
    change(graph)
    return issues_of(graph)


def test_validation_finds_each_kind_of_problem():
    assert ("no_entry", None, None) in broken(lambda g: g.update(entry=None))
    assert ("no_entry", None, None) in broken(lambda g: g.update(entry="ghost"))
    assert ("unreachable", "agent", None) in broken(
        lambda g: g["nodes"]["menu"]["ports"].update({"2": "welcome"}))
    assert ("unconnected_port", "closed", "next") in broken(
        lambda g: g["nodes"]["closed"]["ports"].clear())
    assert ("missing_node", "welcome", "next") in broken(
        lambda g: g["nodes"]["welcome"]["ports"].update(next="nowhere"))
    assert ("unknown_port", "welcome", "later") in broken(
        lambda g: g["nodes"]["welcome"]["ports"].update(later="bye"))
    assert ("missing_reference", "welcome", "sound") in broken(
        lambda g: g["nodes"]["welcome"]["params"].update(sound="ringdesk/gone"))
    assert ("missing_reference", "sales", "queue") in broken(
        lambda g: g["nodes"]["sales"]["params"].update(queue="nobody"))
    assert ("missing_reference", "agent", "agent") in broken(
        lambda g: g["nodes"]["agent"]["params"].update(agent="agent-9999"))
    assert ("missing_reference", "vip", "lists") in broken(
        lambda g: g["nodes"]["vip"]["params"].update(lists=["platinum"]))
    assert ("invalid_schedule", "hours", "hours") in broken(
        lambda g: g["nodes"]["hours"]["params"].update(hours={"mon": [["9", "5"]]}))
    assert ("invalid_param", "sales", "max_wait") in broken(
        lambda g: g["nodes"]["sales"]["params"].update(max_wait=0))
    assert ("missing_param", "welcome", "sound") in broken(
        lambda g: g["nodes"]["welcome"]["params"].clear())
    assert ("invalid_param", "menu", "choices") in broken(
        lambda g: g["nodes"]["menu"]["params"]["choices"].update({"12": "x"}))


def test_a_loop_of_conditions_spins_and_is_rejected_but_a_menu_loop_is_fine():
    spinning = broken(lambda g: g["nodes"]["vip"]["ports"].update(other="hours"))
    assert any(code == "spinning_loop" for code, _, _ in spinning)
    menu_loop = broken(lambda g: g["nodes"]["welcome"]["ports"].update(next="menu"))
    assert not any(code == "spinning_loop" for code, _, _ in menu_loop)


def test_malformed_documents_are_issues_not_exceptions():
    assert ("invalid_graph", None, None) in issues_of({"nodes": {}})
    assert ("invalid_graph", "x", None) in issues_of(
        {"entry": "x", "nodes": {"x": {"type": "teleport"}}})
    assert ("invalid_graph", None, None) in issues_of("not a graph")


def test_every_node_type_describes_itself_for_the_builder():
    for name, node in NODE_TYPES.items():
        described = node.describe()
        assert described["type"] == name and described["title"]
        assert all({"name", "kind", "label", "required"} <= set(p) for p in described["params"])


def test_time_given_without_zone_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        run(at=datetime(2026, 11, 23, 10, 0))  # noqa: DTZ001 - the point of the test


def test_step_records_read_back_as_the_step_dicts_the_simulator_shows():
    result = run(caller="+4915112345678", digits=["1"], queue_statuses=[""])
    at = "2026-11-23T09:00:00+00:00"
    records = [step.as_record(datetime.fromisoformat(at).timestamp()) for step in result.steps]
    note = {"at": at, "step": "caller_hung_up"}
    assert step_dicts([*records, note]) == [
        *(step.as_dict(at) for step in result.steps), note]
    assert any(effect["effect"] == "SetTicketFields"
               for step in step_dicts(records) for effect in step["effects"])


def test_sticky_notes_are_kept_with_the_graph_and_ignored_by_calls():
    noted = copy.deepcopy(GRAPH)
    noted["notes"] = {"note_1": {"text": "Christmas hours agreed with Anna",
                                 "position": {"x": 40, "y": -120},
                                 "size": {"width": 220, "height": 120}}}
    assert validate_document(noted, REFS) == []
    assert nodes(run(noted, at=CHRISTMAS_10)) == ["hours", "holidays", "closed", "bye"]
    noted["notes"]["note_1"]["colour"] = "red"
    assert ("invalid_graph", None, None) in issues_of(noted)
