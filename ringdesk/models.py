"""Import every feature's models so metadata (and Alembic) sees all tables."""

from callcenter.agents.models import AgentState, WorkMode, WorkModeChange
from callcenter.calls.models import Call
from callcenter.pbx_models import AgentAccount, PbxQueue, QueueMember
from helpdesk.counters import TicketCounter
from helpdesk.models import Contact, Ticket
from ringdesk.db import Base
from ringdesk.users.models import User, UserToken
from routes.models import CallerList, InboundNumber, Route, RouteAudit, RouteVersion

__all__ = ["AgentAccount", "AgentState", "Base", "Call", "CallerList", "Contact", "InboundNumber",
           "PbxQueue", "QueueMember", "Route", "RouteAudit", "RouteVersion", "Ticket",
           "TicketCounter", "User", "UserToken", "WorkMode", "WorkModeChange"]
