"""Who must use a second factor and where people may sign in from: set by an admin on the
Users screen, or — until one saves them there — taken from the configuration file. Read in
the request's own database session, so a change holds in every process at once."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ringdesk.core.audit import record
from ringdesk.core.config import AuthConfig
from ringdesk.core.errors import InvalidInput, RingdeskError
from ringdesk.core.settings import read_setting, write_setting
from ringdesk.core.users.models import User
from ringdesk.core.users.permissions import RANKS
from ringdesk.core.users.second_factor import SecondFactorPolicy

KEY = "auth.sign_in"


class WouldLockOut(RingdeskError):
    """Allowed networks that leave out the admin saving them: they could not sign in again."""

    code = "would_lock_out"


@dataclass(frozen=True)
class SignInRules:
    second_factor_ranks: tuple[str, ...]
    allowed_networks: tuple[str, ...]
    trusted_networks: tuple[str, ...]
    revision: int  # 0: never saved on the screen, the configuration file's rules hold
    changed_at: datetime | None = None
    changed_by: int | None = None

    @property
    def policy(self) -> SecondFactorPolicy:
        return SecondFactorPolicy.parse(list(self.second_factor_ranks),
                                        list(self.trusted_networks),
                                        list(self.allowed_networks))

    def as_dict(self) -> dict[str, list[str]]:
        return {"second_factor_ranks": list(self.second_factor_ranks),
                "allowed_networks": list(self.allowed_networks),
                "trusted_networks": list(self.trusted_networks)}


def sign_in_rules(session: Session, file: AuthConfig) -> SignInRules:
    stored = read_setting(session, KEY)
    if stored is None:
        return SignInRules(tuple(file.second_factor_ranks), tuple(file.allowed_networks),
                           tuple(file.trusted_networks), 0)
    value = stored.value
    return SignInRules(tuple(value["second_factor_ranks"]), tuple(value["allowed_networks"]),
                       tuple(value["trusted_networks"]), stored.revision, stored.changed_at,
                       stored.changed_by)


def still_to_enrol(session: Session, rules: SignInRules) -> int:
    """Active people of the ranks that must use a second factor who have none yet: they are
    asked to set one up before anything else."""
    if not rules.second_factor_ranks:
        return 0
    return session.scalar(select(func.count()).select_from(User).where(
        User.active.is_(True), User.totp_secret.is_(None),
        User.rank.in_(rules.second_factor_ranks))) or 0


def set_sign_in_rules(session: Session, file: AuthConfig, wanted: dict[str, list[str]],
                      revision: int, user_id: int, address: str, now: datetime
                      ) -> SignInRules:
    """Saves the rules after checking them: known ranks, networks written as CIDR, and
    allowed networks that still hold ``address`` (the admin saving them). Audited as what
    changed, before and after."""
    ranks = wanted["second_factor_ranks"]
    unknown = [rank for rank in ranks if rank not in RANKS]
    if unknown:
        raise InvalidInput(f"no rank {unknown[0]!r}; ranks: {', '.join(RANKS)}",
                           {"field": "second_factor_ranks"})
    problems: list[dict[str, Any]] = []
    clean = {"second_factor_ranks": [rank for rank in RANKS if rank in ranks],
             "allowed_networks": _networks(wanted["allowed_networks"], "allowed_networks",
                                           problems),
             "trusted_networks": _networks(wanted["trusted_networks"], "trusted_networks",
                                           problems)}
    if problems:  # every unreadable entry of both lists, each named with its place
        raise InvalidInput(str(problems[0]["message"]), {"problems": problems})
    before = sign_in_rules(session, file)
    candidate = SignInRules(tuple(clean["second_factor_ranks"]),
                            tuple(clean["allowed_networks"]),
                            tuple(clean["trusted_networks"]), 0)
    if candidate.allowed_networks and not _holds(candidate.policy, address):
        raise WouldLockOut(f"your own address {address} is not in the allowed networks: "
                           "you could not sign in again", {"field": "allowed_networks",
                                                           "address": address})
    write_setting(session, KEY, dict(clean), revision, user_id, now)
    changes = {key: {"before": old, "after": clean[key]}
               for key, old in before.as_dict().items() if old != clean[key]}
    if changes:
        record(session, user_id, "settings.sign_in_changed", "sign-in rules", at=now, **changes)
    return sign_in_rules(session, file)


def _networks(texts: list[str], field: str, problems: list[dict[str, Any]]) -> list[str]:
    """Each written as its network (``10.1.2.3/8`` is ``10.0.0.0/8``), duplicates dropped;
    an unreadable one is added to ``problems`` with its place in the list."""
    found: list[str] = []
    for place, text in enumerate(texts):
        try:
            network = str(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            problems.append({"field": f"{field}.{place}", "value": text,
                             "message": f"{text!r} is not a network such as 192.168.1.0/24"})
            continue
        if network not in found:
            found.append(network)
    return found


def _holds(policy: SecondFactorPolicy, address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in policy.allowed_networks)
