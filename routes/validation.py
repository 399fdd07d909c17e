"""Validate a route graph: a structured list of issues, each naming the node and the
parameter or port, never an exception. A graph with any issue cannot be published."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ringdesk.routes.graph import RouteGraph, parse_graph
from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import Issue, NodeType, ParamSpec, References

SOUND_NAME = re.compile(r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*$")
PHONE = re.compile(r"^\+?[0-9]{2,20}$")


def validate_document(document: Any, refs: References) -> list[Issue]:
    graph, issues = parse_graph(document)
    return issues if graph is None else validate_graph(graph, refs)


def validate_graph(graph: RouteGraph, refs: References) -> list[Issue]:
    issues: list[Issue] = []
    if not graph.nodes:
        return [Issue("no_entry", "the route has no nodes", key="route_empty")]
    if graph.entry is None:
        issues.append(Issue("no_entry", "choose the node every call starts at",
                            key="choose_entry"))
    elif graph.entry not in graph.nodes:
        issues.append(Issue("no_entry", f"the entry {graph.entry!r} is not a node",
                            key="entry_not_a_node", params={"entry": graph.entry}))
    for node in graph.nodes.values():
        kind = NODE_TYPES[node.type]
        issues += [issue.at(node.id) for issue in _check_params(kind, node.params, refs)]
        if not any(issue.node == node.id for issue in issues):
            issues += [issue.at(node.id) for issue in kind.check(node.params, refs)]
        issues += _check_ports(graph, node.id, kind)
    issues += _unreachable(graph)
    issues += _spinning_loops(graph)
    return issues


def _check_params(kind: NodeType, params: Mapping[str, Any], refs: References) -> list[Issue]:
    issues = []
    known = {spec.name for spec in kind.params}
    for name in params:
        if name not in known:
            issues.append(Issue("unknown_param", f"{kind.title} has no parameter {name!r}",
                                param=name, key="unknown_param", params={"param": name}))
    for spec in kind.params:
        value = params.get(spec.name)
        if value is None or value == "":
            if spec.required and spec.default is None:
                issues.append(Issue("missing_param", f"{spec.label} is required",
                                    param=spec.name))
            continue
        problem = _kind_problem(spec, value, refs)
        if problem:
            key, words, message = problem
            code = "missing_reference" if key.startswith("unknown_") else "invalid_param"
            issues.append(Issue(code, message, param=spec.name, key=key, params=words))
    return issues


Problem = tuple[str, dict[str, str], str]  # key, its parameters, the English rendering


def _kind_problem(spec: ParamSpec, value: Any, refs: References) -> Problem | None:
    if spec.kind in ("integer", "number"):
        numeric = isinstance(value, int) or (spec.kind == "number" and isinstance(value, float))
        if isinstance(value, bool) or not numeric:
            whole = spec.kind == "integer"
            return ("not_whole_number" if whole else "not_number", {},
                    f"{spec.label} must be a {'whole ' if whole else ''}number")
        if spec.minimum is not None and value < spec.minimum:
            return ("below_minimum", {"minimum": f"{spec.minimum:g}"},
                    f"{spec.label} must be at least {spec.minimum:g}")
        if spec.maximum is not None and value > spec.maximum:
            return ("above_maximum", {"maximum": f"{spec.maximum:g}"},
                    f"{spec.label} must be at most {spec.maximum:g}")
        return None
    expected = {"object": dict, "weekly_hours": dict, "digit_choices": dict, "list": list,
                "caller_lists": list, "date_periods": list}.get(spec.kind, str)
    if not isinstance(value, expected):
        kind = {list: "list", dict: "object"}.get(expected, "text")
        article = {"list": "a list", "object": "an object"}.get(kind, kind)
        return f"not_{kind}", {}, f"{spec.label} must be {article}"
    if spec.kind == "sound":
        if not SOUND_NAME.match(value):
            return ("not_a_sound_name", {"value": value},
                    f"{value!r} is not a sound name such as ringdesk/welcome")
        if value not in refs.sounds:
            return "unknown_sound", {"name": value}, f"sound {value!r} does not exist"
    if spec.kind == "queue" and value not in refs.queues:
        return "unknown_queue", {"name": value}, f"queue {value!r} does not exist"
    if spec.kind == "agent" and value not in refs.agents:
        return "unknown_agent", {"name": value}, f"agent account {value!r} does not exist"
    if spec.kind == "phone" and not PHONE.match(value):
        return "not_a_phone_number", {"value": value}, f"{value!r} is not a phone number"
    if spec.kind == "choice" and value not in spec.choices:
        return ("not_a_choice", {"choices": ", ".join(spec.choices)},
                f"{spec.label} must be one of {', '.join(spec.choices)}")
    return None


def _check_ports(graph: RouteGraph, node_id: str, kind: NodeType) -> list[Issue]:
    node = graph.nodes[node_id]
    ports = {spec.name: spec for spec in kind.ports(node.params)}
    issues = []
    for port, target in node.ports.items():
        if port not in ports:
            issues.append(Issue("unknown_port", f"{kind.title} has no port {port!r}",
                                node_id, port=port, key="unknown_port",
                                params={"port": port}))
        elif target not in graph.nodes:
            issues.append(Issue("missing_node", f"port {port!r} leads to {target!r}, which "
                                "is not a node", node_id, port=port, key="missing_node",
                                params={"target": target}))
    for spec in ports.values():
        if spec.required and spec.name not in node.ports:
            issues.append(Issue("unconnected_port", f"connect the {spec.label!r} port",
                                node_id, port=spec.name))
    return issues


def _unreachable(graph: RouteGraph) -> list[Issue]:
    if graph.entry not in graph.nodes:
        return []
    seen, stack = set(), [graph.entry]
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in graph.nodes:
            continue
        seen.add(node_id)
        stack.extend(graph.nodes[node_id].ports.values())
    return [Issue("unreachable", "no call can reach this node", node_id)
            for node_id in graph.nodes if node_id not in seen]


def _spinning_loops(graph: RouteGraph) -> list[Issue]:
    """Cycles made only of nodes that take none of the caller's time would spin forever."""
    instant = {node_id for node_id, node in graph.nodes.items()
               if not NODE_TYPES[node.type].waits_for_caller}
    edges = {node_id: [target for target in graph.nodes[node_id].ports.values()
                       if target in instant] for node_id in instant}
    state: dict[str, int] = {}
    issues: list[Issue] = []

    def visit(node_id: str, trail: list[str]) -> None:
        state[node_id] = 1
        for target in edges[node_id]:
            if state.get(target) == 1:
                loop = [*trail[trail.index(target):], target] if target in trail else [target]
                issues.append(Issue("spinning_loop", "this loop never waits for the caller: "
                                    + " -> ".join(loop), target, key="spinning_loop",
                                    params={"loop": " → ".join(loop)}))
            elif target not in state:
                visit(target, [*trail, target])
        state[node_id] = 2

    for node_id in sorted(instant):
        if node_id not in state:
            visit(node_id, [node_id])
    return issues
