"""Import every feature's models so metadata (and Alembic) sees all tables."""

from ringdesk.callcenter.agents.models import AgentState, WorkMode, WorkModeChange
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from ringdesk.core.audit import AuditEntry
from ringdesk.core.db import Base
from ringdesk.core.settings import StoredSetting
from ringdesk.core.users.models import BrowserSession, User, UserToken
from ringdesk.core.users.second_factor import RecoveryCode
from ringdesk.core.users.throttle import LoginFailure
from ringdesk.helpdesk.callbacks.models import Callback
from ringdesk.helpdesk.canned.models import CannedReply
from ringdesk.helpdesk.customers.models import Company, Contact, ContactAddress
from ringdesk.helpdesk.numbering.counters import TicketCounter
from ringdesk.helpdesk.setup.models import (
    AutomationRule,
    CalendarRecord,
    Notification,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher
from ringdesk.helpdesk.views.models import SavedView
from ringdesk.routes.models import CallerList, InboundNumber, Route, RouteAudit, RouteVersion

__all__ = [
    "AgentAccount",
    "AgentState",
    "AuditEntry",
    "AutomationRule",
    "Base",
    "BrowserSession",
    "CalendarRecord",
    "Call",
    "Callback",
    "CallerList",
    "CannedReply",
    "Company",
    "Contact",
    "ContactAddress",
    "InboundNumber",
    "LoginFailure",
    "Notification",
    "PbxQueue",
    "Priority",
    "QueueMember",
    "RecoveryCode",
    "Route",
    "RouteAudit",
    "RouteVersion",
    "SavedView",
    "StoredSetting",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketQueue",
    "TicketQueueAgent",
    "TicketStatus",
    "TicketWatcher",
    "User",
    "UserToken",
    "WorkMode",
    "WorkModeChange",
]
