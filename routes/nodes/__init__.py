"""Every route node type, by the name graphs use: the built-in ones and those plugins
declare as entry points in the group ``ringdesk.route_nodes`` (a NodeType subclass or
instance), loaded once per process."""

from __future__ import annotations

from importlib.metadata import entry_points

from ringdesk.core.errors import ConfigError
from ringdesk.routes.nodes.base import PARAM_KINDS, NodeType
from ringdesk.routes.nodes.conditions import HolidayCondition, TimeCondition, VipCondition
from ringdesk.routes.nodes.destinations import (
    AgentAccount,
    ExternalTransfer,
    HangupNode,
    QueueNode,
    TicketFields,
)
from ringdesk.routes.nodes.media import Announcement, IvrMenu, RingNode, Voicemail

PLUGIN_GROUP = "ringdesk.route_nodes"
BUILT_IN: tuple[NodeType, ...] = (
    TimeCondition(), HolidayCondition(), VipCondition(), IvrMenu(), Announcement(),
    RingNode(), QueueNode(), AgentAccount(), ExternalTransfer(), Voicemail(), TicketFields(),
    HangupNode())


def checked_plugin(name: str, loaded: object, taken: set[str]) -> NodeType:
    """A plugin's node type, or a ConfigError saying what is wrong with it."""
    node = loaded() if isinstance(loaded, type) and issubclass(loaded, NodeType) else loaded
    if not isinstance(node, NodeType):
        raise ConfigError(f"route node plugin {name!r} is not a NodeType", {"plugin": name})
    type_name = getattr(node, "type_name", "")
    if not type_name or type_name in taken:
        raise ConfigError(f"route node plugin {name!r} needs a type_name of its own",
                          {"plugin": name, "type": type_name})
    for spec in node.params:
        if spec.kind not in PARAM_KINDS:
            raise ConfigError(f"route node plugin {name!r}: parameter {spec.name!r} has "
                              f"kind {spec.kind!r}; use one of {', '.join(PARAM_KINDS)}",
                              {"plugin": name, "param": spec.name})
    return node


def _registry() -> dict[str, NodeType]:
    types = {node.type_name: node for node in BUILT_IN}
    for entry in entry_points(group=PLUGIN_GROUP):
        node = checked_plugin(entry.name, entry.load(), set(types))
        types[node.type_name] = node
    return types


NODE_TYPES: dict[str, NodeType] = _registry()
