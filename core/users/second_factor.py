"""Two-factor sign-in with TOTP (authenticator apps), one-time recovery codes, and where a
second factor is needed: by rank, and not from trusted networks. Sign-ins from outside the
allowed networks are refused outright when those are configured.

Each code works once: a TOTP code's time step is remembered and a recovery code is spent,
each by one conditional UPDATE, so two sign-ins racing with the same code cannot both pass.
The TOTP seed is sealed with the server's key and recovery codes are kept as keyed hashes:
the database alone opens no second factor.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from sqlalchemy import ForeignKey, String, delete, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from ringdesk.core.db import Base, UtcDateTime
from ringdesk.core.errors import InvalidInput, RingdeskError
from ringdesk.core.server_key import ServerKey
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import verify_password

ISSUER = "ringdesk"
RECOVERY_CODES = 10
TOTP_DIGITS = 6  # recovery codes are longer, so a code is read as one or the other
SEED = "totp-seed"  # what the sealed secret is for (the cipher's associated data)


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


def verify_second_factor(session: Session, user: User, code: str | None, now: datetime,
                         key: ServerKey) -> None:
    """A current TOTP code not used before, or an unused recovery code (then spent)."""
    if not code:
        raise SecondFactorRequired("enter the code from your authenticator app",
                                   {"field": "code"})
    cleaned = code.replace(" ", "").replace("-", "").lower()
    if len(cleaned) == TOTP_DIGITS and cleaned.isdigit():
        seed = key.decrypt(user.totp_secret, SEED) if user.totp_secret else None
        if seed is not None and _spend_totp(session, user, seed, cleaned, now):
            if not key.is_sealed(user.totp_secret):  # enrolled before seeds were sealed
                user.totp_secret = key.encrypt(seed, SEED)
            return
    elif _spend_recovery_code(session, user, cleaned, now, key):
        return
    raise SecondFactorRequired("the code is wrong or used; try the current one",
                               {"field": "code", "wrong": True})


def _spend_totp(session: Session, user: User, seed: str, code: str, now: datetime) -> bool:
    step = matching_step(seed, code, now)
    if step is not None:
        spent = session.execute(
            update(User).where(User.id == user.id, (User.totp_last_step.is_(None))
                               | (User.totp_last_step < step))
            .values(totp_last_step=step).execution_options(synchronize_session=False))
        if getattr(spent, "rowcount", 0) == 1:
            set_committed_value(user, "totp_last_step", step)
            return True
    return False  # wrong, or this code (or a later one) was used already


def matching_step(seed: str, code: str, now: datetime) -> int | None:
    """The time step ``code`` belongs to: now's, or one off either way (a clock adrift)."""
    totp = pyotp.TOTP(seed)
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if totp.generate_otp(step) == code:
            return step
    return None


def _spend_recovery_code(session: Session, user: User, code: str, now: datetime,
                         key: ServerKey) -> bool:
    spent = session.execute(
        update(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
            RecoveryCode.code_hash.in_((key.digest(code), _legacy_digest(code))))
        .values(used_at=now).execution_options(synchronize_session=False))
    return bool(getattr(spent, "rowcount", 0))


def check_proof(session: Session, user: User, password: str | None, code: str | None,
                now: datetime, key: ServerKey) -> None:
    """Replacing or removing a second factor needs the current password or a current code."""
    if password and verify_password(user, password):
        return
    if code and user.totp_secret:
        verify_second_factor(session, user, code, now, key)
        return
    raise InvalidInput("confirm with your current password or a current code",
                       {"field": "password"})


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_svg: str


def start_enrolment(user: User, key: ServerKey) -> Enrolment:
    """A new secret, kept pending (sealed) until a code from it is confirmed."""
    secret = pyotp.random_base32()
    user.totp_pending = key.encrypt(secret, SEED)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or user.login,
                                              issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return Enrolment(secret, uri, svg)


def confirm_enrolment(session: Session, user: User, code: str, now: datetime,
                      key: ServerKey) -> list[str]:
    """Turn the pending secret on; answer fresh recovery codes (shown once)."""
    pending = key.decrypt(user.totp_pending, SEED) if user.totp_pending else None
    step = matching_step(pending, code.strip(), now) if pending else None
    if step is None:
        raise InvalidInput("the code does not match; scan the QR code again and retry",
                           {"field": "code"})
    user.totp_secret, user.totp_pending = user.totp_pending, None
    user.totp_last_step = step  # the confirming code cannot sign in a second time
    return new_recovery_codes(session, user, key)


def new_recovery_codes(session: Session, user: User, key: ServerKey) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=key.digest(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def reset_second_factor(session: Session, user: User) -> None:
    """An admin's reset (a lost phone), or the user's own removal after proving who they
    are: the user signs in with the password alone, then enrols again where their rank
    requires it."""
    user.totp_secret = user.totp_pending = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _legacy_digest(code: str) -> str:
    """Recovery codes made before they were keyed (unkeyed SHA-256)."""
    return hashlib.sha256(code.encode()).hexdigest()
