"""Import every feature's models so metadata (and Alembic) sees all tables."""

from callcenter.agents.models import AgentState, WorkMode, WorkModeChange
from callcenter.calls.models import Call
from callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from core.db import Base
from core.users.models import BrowserSession, User, UserToken
from core.users.second_factor import RecoveryCode
from core.users.throttle import LoginFailure
from helpdesk.customers.models import Company, Contact, ContactAddress
from helpdesk.numbering.counters import TicketCounter
from helpdesk.setup.models import (
    AuditEntry,
    AutomationRule,
    CalendarRecord,
    Notification,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher
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
