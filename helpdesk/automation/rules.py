"""Automation rules: parsed and checked once, evaluated against a ticket's facts (pure).

A rule runs on one event; its conditions (all must hold, in order) test ticket fields;
its actions are returned for the service layer to carry out. Invalid rules are rejected
with the failing part named, e.g. ``conditions[1].op``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ringdesk.core.errors import InvalidInput

EVENTS = ("ticket_created", "customer_replied", "status_changed", "reaction_time_passed",
          "resolution_time_passed", "snooze_ended")
FIELDS = ("status", "priority", "queue", "channel", "tags", "owner", "subject")
OPERATORS = ("is", "is_not", "in", "not_in", "contains", "empty", "not_empty")
ACTIONS = ("assign_round_robin", "assign_by_load", "set_status", "set_priority", "set_queue",
           "add_tags", "remove_tags", "notify")
NOTIFY_TARGETS = ("owner", "watchers", "queue_agents")
_VALUELESS = {"empty", "not_empty", "assign_round_robin", "assign_by_load"}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Action:
    action: str
    value: Any


@dataclass(frozen=True)
class Rule:
    id: int
    event: str
    conditions: tuple[Condition, ...]
    actions: tuple[Action, ...]


def _bad(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, {"field": field})


def parse_rule(rule_id: int, event: Any, conditions: Any, actions: Any) -> Rule:
    if event not in EVENTS:
        raise _bad(f"event must be one of {', '.join(EVENTS)}", "event")
    if not isinstance(conditions, list):
        raise _bad("conditions must be a list", "conditions")
    if not isinstance(actions, list) or not actions:
        raise _bad("a rule needs at least one action", "actions")
    return Rule(rule_id, event,
                tuple(_condition(item, f"conditions[{index}]")
                      for index, item in enumerate(conditions)),
                tuple(_action(item, f"actions[{index}]") for index, item in enumerate(actions)))


def _condition(item: Any, where: str) -> Condition:
    if not isinstance(item, dict):
        raise _bad("a condition is an object {field, op, value}", where)
    field, op, value = item.get("field"), item.get("op"), item.get("value")
    if field not in FIELDS:
        raise _bad(f"field must be one of {', '.join(FIELDS)}", f"{where}.field")
    if op not in OPERATORS:
        raise _bad(f"op must be one of {', '.join(OPERATORS)}", f"{where}.op")
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise _bad(f"{op} needs a list of values", f"{where}.value")
    elif op not in _VALUELESS and not isinstance(value, str | int):
        raise _bad(f"{op} needs a value (text or number)", f"{where}.value")
    return Condition(field, op, value)


def _action(item: Any, where: str) -> Action:
    if not isinstance(item, dict):
        raise _bad("an action is an object {action, value}", where)
    action, value = item.get("action"), item.get("value")
    if action not in ACTIONS:
        raise _bad(f"action must be one of {', '.join(ACTIONS)}", f"{where}.action")
    if action in ("add_tags", "remove_tags"):
        if not isinstance(value, list) or not value or not all(
                isinstance(tag, str) and tag for tag in value):
            raise _bad(f"{action} needs a list of tags", f"{where}.value")
    elif action == "notify":
        if value not in NOTIFY_TARGETS and not (isinstance(value, int) and value > 0):
            raise _bad(f"notify needs one of {', '.join(NOTIFY_TARGETS)} or a user id",
                       f"{where}.value")
    elif action not in _VALUELESS and (not isinstance(value, str) or not value):
        raise _bad(f"{action} needs a value", f"{where}.value")
    return Action(action, value)


def holds(condition: Condition, facts: dict[str, Any]) -> bool:
    actual = facts.get(condition.field)
    op, value = condition.op, condition.value
    if op == "empty":
        return actual in (None, "", [])
    if op == "not_empty":
        return actual not in (None, "", [])
    if isinstance(actual, list):  # tags
        if op in ("is", "contains"):
            return value in actual
        if op == "is_not":
            return value not in actual
        return any(item in actual for item in value) == (op == "in")
    if op == "is":
        return bool(actual == value)
    if op == "is_not":
        return bool(actual != value)
    if op == "in":
        return actual in value
    if op == "not_in":
        return actual not in value
    return isinstance(actual, str) and str(value).lower() in actual.lower()


def matching_actions(rules: list[Rule], event: str, facts: dict[str, Any]) -> list[Action]:
    """The actions of every rule for ``event`` whose conditions all hold, rules in order."""
    return [action for rule in rules if rule.event == event
            and all(holds(condition, facts) for condition in rule.conditions)
            for action in rule.actions]
