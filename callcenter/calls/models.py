"""One row per call, keyed by Asterisk's Linkedid so replays and imports never duplicate it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.core.db import Base, UtcDateTime


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    linkedid: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(16), default="inbound")
    caller_number: Mapped[str | None] = mapped_column(String(32), index=True)
    caller_raw: Mapped[str] = mapped_column(String(80), default="")
    dialed_number: Mapped[str | None] = mapped_column(String(32))
    dialed_raw: Mapped[str] = mapped_column(String(80), default="")
    channel: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(24))
    hangup_cause: Mapped[int | None]
    hangup_cause_text: Mapped[str] = mapped_column(String(80), default="")
    source: Mapped[str] = mapped_column(String(16), default="ami")
    path: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    route_version_id: Mapped[int | None] = mapped_column(ForeignKey("route_versions.id"))
    ticket_category: Mapped[str] = mapped_column(String(100), default="")
    ticket_priority: Mapped[str] = mapped_column(String(16), default="")
    ticket_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What AMI reported: the call's state machine, its legs, queues and agents.
    state: Mapped[str] = mapped_column(String(16), default="arriving", index=True)
    connected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    agent: Mapped[str] = mapped_column(String(120), default="")
    queue: Mapped[str] = mapped_column(String(80), default="")
    wait_seconds: Mapped[int | None]
    hold_seconds: Mapped[int | None]
    talk_seconds: Mapped[int | None]
    hangup_side: Mapped[str] = mapped_column(String(16), default="")
    recording: Mapped[str] = mapped_column(String(200), default="")
    legs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    queue_events: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    agents_rung: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    transfers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # What the agent said the call came to in wrap-up (one of its queue's codes).
    disposition: Mapped[str | None] = mapped_column(String(60))

    def recordings(self) -> list[str]:
        """The files this call produced: the conversation (MixMonitor) first, then any
        voicemail the caller left."""
        voicemails = [effect["recording"] for step in self.path
                      for effect in step.get("effects", [])
                      if effect.get("effect") == "RecordVoicemail" and effect.get("recording")
                      and not effect.get("failed")]
        return [self.recording, *voicemails] if self.recording else voicemails
