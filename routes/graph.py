"""The route graph, declared once as a pydantic model: the JSON Schema file
(routes/schema/route-graph.schema.json), the API's description of graphs (and so the web
app's TypeScript types) and the engine's input (``parse_graph``) all come from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import Issue

SCHEMA_FILE = Path(__file__).with_name("schema") / "route-graph.schema.json"
NodeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Position(_Part):
    """Where the route builder draws it."""

    x: float
    y: float


class NoteSize(_Part):
    width: Annotated[float, Field(ge=40, le=4000)]
    height: Annotated[float, Field(ge=30, le=4000)]


class GraphNote(_Part):
    """A sticky note on the canvas: kept with the graph, ignored by calls."""

    text: Annotated[str, Field(max_length=4000)]
    position: Position | None = None
    size: NoteSize | None = None


class GraphNode(_Part):
    """A node: its type (GET /api/v1/route-node-types), parameters and output ports."""

    type: str = Field(description="a node type of GET /api/v1/route-node-types (the served "
                                  "schema lists them)")
    label: Annotated[str, Field(max_length=200)] = ""
    params: dict[str, Any] = Field(default_factory=dict)
    ports: dict[str, str] = Field(default_factory=dict,
                                  description="output port name -> id of the next node")
    position: Position | None = None


class RouteGraphDocument(_Part):
    """A route: typed nodes with parameters, and edges from a node's named output port to
    the next node."""

    entry: str | None = Field(description="id of the node every call starts at")
    nodes: dict[NodeId, GraphNode] = Field(description="nodes by id")
    notes: Annotated[dict[NodeId, GraphNote], Field(max_length=500)] = Field(
        default_factory=dict, description="sticky notes by id")


def document_schema() -> dict[str, Any]:
    """The JSON Schema of a graph document, as routes/schema/route-graph.schema.json holds it."""
    schema = RouteGraphDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://ringdesk.example/schemas/route-graph.json", **schema,
            "title": "ringdesk route graph"}


@cache
def graph_schema() -> dict[str, Any]:
    """The schema with this process's node types (built-in and plugins) as an enum."""
    schema = document_schema()
    schema["$defs"]["GraphNode"]["properties"]["type"]["enum"] = list(NODE_TYPES)
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
    """The engine's graph from the JSON form, when it is well formed; else the problems."""
    if not isinstance(document, dict):
        return None, [_issue([], "a route graph is a JSON object")]
    try:
        parsed = RouteGraphDocument.model_validate(document)
    except ValidationError as error:
        return None, [_issue(list(problem["loc"]), problem["msg"])
                      for problem in error.errors(include_url=False, include_input=False)]
    unknown = [_issue(["nodes", node_id, "type"], f"unknown node type {node.type!r}")
               for node_id, node in parsed.nodes.items() if node.type not in NODE_TYPES]
    if unknown:
        return None, unknown
    nodes = {node_id: Node(node_id, node.type, dict(node.params), dict(node.ports), node.label)
             for node_id, node in parsed.nodes.items()}
    return RouteGraph(parsed.entry, nodes), []


def _issue(location: list[str | int], message: str) -> Issue:
    path = [str(part) for part in location]
    node = path[1] if len(path) > 1 and path[0] == "nodes" else None
    where = "/".join(path) or "graph"
    return Issue("invalid_graph", f"{where}: {message}", node=node, key="invalid_graph",
                 params={"where": where, "detail": message})
