"""What routes can send calls to on the PBX: queues and agents' phone accounts.

Minimal here (a name each); the call-center module adds levels, members, credentials and
generates the Asterisk configuration from these rows.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.db import Base


class PbxQueue(Base):
    __tablename__ = "pbx_queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)  # Asterisk's queue name


class AgentAccount(Base):
    __tablename__ = "agent_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(80), unique=True)  # PJSIP endpoint name
    display_name: Mapped[str] = mapped_column(String(200), default="")
