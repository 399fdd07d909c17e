"""Customers: contacts with their phone numbers and email addresses, and companies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ringdesk.core.db import Base, UtcDateTime, utcnow


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Contacts whose email is at this domain join the company.
    domain: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    addresses: Mapped[list[ContactAddress]] = relationship(
        lazy="selectin", order_by="ContactAddress.id", cascade="all, delete-orphan")
    company: Mapped[Company | None] = relationship(lazy="joined")

    def first(self, kind: str) -> str | None:
        return next((item.value for item in self.addresses if item.kind == kind), None)

    def values(self, kind: str) -> list[str]:
        """Every address of a kind (phone, email), first added first."""
        return [item.value for item in self.addresses if item.kind == kind]

    @property
    def phone(self) -> str | None:
        """The first phone number (the one calls found the contact by, usually)."""
        return self.first("phone")


class ContactAddress(Base):
    """A phone number (E.164) or an email address (lowercase) of one contact."""

    __tablename__ = "contact_addresses"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(8))  # phone | email
    value: Mapped[str] = mapped_column(String(254))
