"""Import every feature's models so metadata (and Alembic) sees all tables."""

from callcenter.calls.models import Call
from helpdesk.models import Contact, Ticket
from ringdesk.db import Base
from routes.models import InboundNumber

__all__ = ["Base", "Call", "Contact", "InboundNumber", "Ticket"]
