"""Import every feature's models so metadata (and Alembic) sees all tables."""

from callcenter.agents.models import AgentState, WorkMode, WorkModeChange
from callcenter.calls.models import Call
from callcenter.pbx_models import AgentAccount, PbxQueue, QueueMember
from core.db import Base
from core.users.models import BrowserSession, User, UserToken
from core.users.second_factor import RecoveryCode
from core.users.throttle import LoginFailure
from helpdesk.counters import TicketCounter
from helpdesk.models import Company, Contact, ContactAddress, Ticket, TicketEvent, TicketWatcher
from helpdesk.setup_models import (
    AuditEntry,
    AutomationRule,
    CalendarRecord,
    Notification,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from routes.models import CallerList, InboundNumber, Route, RouteAudit, RouteVersion

__all__ = [
    "AgentAccount",
    "AgentState",
    "AuditEntry",
    "AutomationRule",
    "Base",
    "BrowserSession",
    "CalendarRecord",
    "Call",
    "CallerList",
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
