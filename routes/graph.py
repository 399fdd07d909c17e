"""The route graph: parsed from its JSON form (routes/schema/route-graph.schema.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from routes.nodes import NODE_TYPES
from routes.nodes.base import Issue

SCHEMA_PATH = Path(__file__).with_name("schema") / "route-graph.schema.json"


@cache
def graph_schema() -> dict[str, Any]:
    """The schema file, its node types those of this process (built-in and plugins)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
    schema["$defs"]["node"]["properties"]["type"]["enum"] = list(NODE_TYPES)
    return schema


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    ports: dict[str, str] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class RouteGraph:
    entry: str | None
    nodes: dict[str, Node]


def parse_graph(document: Any) -> tuple[RouteGraph | None, list[Issue]]:
    """Check the JSON form against the schema; a graph only when it is well-formed."""
    validator = jsonschema.Draft202012Validator(graph_schema())
    issues = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
        path = [str(part) for part in error.path]
        node = path[1] if len(path) > 1 and path[0] == "nodes" else None
        issues.append(Issue("invalid_graph", f"{'/'.join(path) or 'graph'}: {error.message}",
                            node=node))
    if issues:
        return None, issues
    nodes = {
        node_id: Node(node_id, raw["type"], dict(raw.get("params", {})),
                      dict(raw.get("ports", {})), raw.get("label", ""))
        for node_id, raw in document["nodes"].items()
    }
    return RouteGraph(document["entry"], nodes), []
