"""What routes send calls to on the PBX: queues with leveled members, and agents' phone
accounts. The Asterisk configuration is generated from these rows (callcenter/pbx_config.py).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ringdesk.core.db import Base
from ringdesk.core.users.models import User

# Who watches a queue on the live board; a supervisor who watches none sees every queue.
queue_supervisors = Table(
    "pbx_queue_supervisors", Base.metadata,
    Column("queue_id", Integer, ForeignKey("pbx_queues.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
           index=True))


class PbxQueue(Base):
    __tablename__ = "pbx_queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)  # as routes refer to it
    ring_timeout: Mapped[int] = mapped_column(default=15)  # seconds each agent rings
    retry: Mapped[int] = mapped_column(default=2)  # seconds between two agents
    max_wait: Mapped[int] = mapped_column(default=300)
    wrapup: Mapped[int] = mapped_column(default=0)  # seconds an agent rests after a call
    music_class: Mapped[str] = mapped_column(String(80), default="default")
    announce_frequency: Mapped[int] = mapped_column(default=0)  # 0: no announcements
    announce_position: Mapped[bool] = mapped_column(default=False)
    announce_holdtime: Mapped[bool] = mapped_column(default=False)
    record_calls: Mapped[bool] = mapped_column(default=True)
    caller_id: Mapped[str] = mapped_column(String(32), default="")  # shown on click-to-call
    dispositions: Mapped[list[str]] = mapped_column(JSON, default=list)  # wrap-up codes
    members: Mapped[list[QueueMember]] = relationship(
        back_populates="queue", cascade="all, delete-orphan",
        order_by="(QueueMember.level, QueueMember.position)")
    supervisors: Mapped[list[User]] = relationship(secondary=queue_supervisors,
                                                   order_by=User.id)

    @property
    def supervisor_ids(self) -> list[int]:
        return [user.id for user in self.supervisors]


class AgentAccount(Base):
    """An agent's SIP account (IP phone or softphone). Only the digest hash of the password
    is kept: Asterisk accepts it as ``md5_cred``, and the password is shown once."""

    __tablename__ = "agent_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(80), unique=True)  # PJSIP endpoint name
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_ha1: Mapped[str] = mapped_column(String(32), default="")
    # A phone that does not register (a desk phone at a fixed address): sip:user@host:port.
    static_contact: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    caller_id: Mapped[str] = mapped_column(String(32), default="")  # shown on click-to-call


class QueueMember(Base):
    __tablename__ = "pbx_queue_members"
    __table_args__ = (UniqueConstraint("queue_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("pbx_queues.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("agent_accounts.id",
                                                       ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(default=1)  # rung level 1 first, then 2...
    position: Mapped[int] = mapped_column(default=1)  # order inside the level
    queue: Mapped[PbxQueue] = relationship(back_populates="members")
    account: Mapped[AgentAccount] = relationship()
