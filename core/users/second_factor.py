"""Two-factor sign-in with TOTP (authenticator apps), one-time recovery codes, and where a
second factor is needed: by rank, and not from trusted networks. Sign-ins from outside the
allowed networks are refused outright when those are configured."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime
from core.errors import InvalidInput, RingdeskError
from core.users.models import User

ISSUER = "ringdesk"
RECOVERY_CODES = 10


class SecondFactorRequired(RingdeskError):
    code = "second_factor_required"


class AddressRefused(RingdeskError):
    code = "address_refused"


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class SecondFactorPolicy:
    required_ranks: frozenset[str]
    exempt_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, required_ranks: list[str], exempt: list[str],
              allowed: list[str]) -> SecondFactorPolicy:
        return cls(frozenset(required_ranks), tuple(_networks(exempt)),
                   tuple(_networks(allowed)))


def _networks(texts: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(text.strip(), strict=False) for text in texts if text.strip()]


def _within(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...],
            ) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def check_address(policy: SecondFactorPolicy, address: str) -> None:
    if policy.allowed_networks and not _within(address, policy.allowed_networks):
        raise AddressRefused("signing in is not allowed from this address",
                             {"address": address})


def needs_second_factor(policy: SecondFactorPolicy, user: User, address: str) -> bool:
    """Enrolled users give their code, and so do users of ranks that must have one; but
    not from a trusted network."""
    if _within(address, policy.exempt_networks):
        return False
    return user.totp_secret is not None or user.rank in policy.required_ranks


def must_enrol(policy: SecondFactorPolicy, user: User) -> bool:
    return user.rank in policy.required_ranks and user.totp_secret is None


def verify_second_factor(session: Session, user: User, code: str | None, now: datetime) -> None:
    """A current TOTP code, or an unused recovery code (then used up)."""
    if not code:
        raise SecondFactorRequired("enter the code from your authenticator app",
                                   {"field": "code"})
    cleaned = code.replace(" ", "").replace("-", "").lower()
    if user.totp_secret and cleaned.isdigit() and \
            pyotp.TOTP(user.totp_secret).verify(cleaned, for_time=now, valid_window=1):
        return
    row = session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _digest(cleaned),
        RecoveryCode.used_at.is_(None))).first()
    if row is None:
        raise SecondFactorRequired("the code is wrong or used; try the current one",
                                   {"field": "code", "wrong": True})
    row.used_at = now


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_svg: str


def start_enrolment(user: User) -> Enrolment:
    """A new secret, kept pending until a code from it is confirmed."""
    secret = pyotp.random_base32()
    user.totp_pending = secret
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or user.login,
                                              issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return Enrolment(secret, uri, svg)


def confirm_enrolment(session: Session, user: User, code: str, now: datetime) -> list[str]:
    """Turn the pending secret on; answer fresh recovery codes (shown once)."""
    if not user.totp_pending or not pyotp.TOTP(user.totp_pending).verify(
            code.strip(), for_time=now, valid_window=1):
        raise InvalidInput("the code does not match; scan the QR code again and retry",
                           {"field": "code"})
    user.totp_secret, user.totp_pending = user.totp_pending, None
    return new_recovery_codes(session, user)


def new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def reset_second_factor(session: Session, user: User) -> None:
    """An admin's reset (a lost phone): the user signs in with the password alone, then
    enrols again where their rank requires it."""
    user.totp_secret = user.totp_pending = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
