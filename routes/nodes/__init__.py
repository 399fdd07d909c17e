"""Every route node type, by the name graphs use: an explicit registry."""

from __future__ import annotations

from routes.nodes.base import NodeType
from routes.nodes.conditions import HolidayCondition, TimeCondition, VipCondition
from routes.nodes.destinations import (
    AgentAccount,
    ExternalTransfer,
    HangupNode,
    QueueNode,
    TicketFields,
)
from routes.nodes.media import Announcement, IvrMenu, RingNode, Voicemail

NODE_TYPES: dict[str, NodeType] = {
    node.type_name: node
    for node in (TimeCondition(), HolidayCondition(), VipCondition(), IvrMenu(),
                 Announcement(), RingNode(), QueueNode(), AgentAccount(), ExternalTransfer(),
                 Voicemail(), TicketFields(), HangupNode())
}
