"""Which ranks see callers' numbers masked on the live board: set by an admin on the Users
screen, or — until one saves it there — ``live.mask_numbers_for`` from the configuration
file. Open boards take a change within their next access check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ringdesk.core.audit import record
from ringdesk.core.errors import InvalidInput
from ringdesk.core.settings import read_setting, write_setting
from ringdesk.core.users.permissions import RANKS

KEY = "live.masking"


@dataclass(frozen=True)
class Masking:
    ranks: tuple[str, ...]
    revision: int  # 0: never saved on the screen, the configuration file's list holds
    changed_at: datetime | None = None


def masking(session: Session, file_ranks: list[str]) -> Masking:
    stored = read_setting(session, KEY)
    if stored is None:
        return Masking(tuple(file_ranks), 0)
    return Masking(tuple(stored.value["ranks"]), stored.revision, stored.changed_at)


def set_masking(session: Session, file_ranks: list[str], ranks: list[str], revision: int,
                user_id: int, now: datetime) -> Masking:
    unknown = [rank for rank in ranks if rank not in RANKS]
    if unknown:
        raise InvalidInput(f"no rank {unknown[0]!r}; ranks: {', '.join(RANKS)}",
                           {"field": "ranks"})
    clean = [rank for rank in RANKS if rank in ranks]
    before = masking(session, file_ranks)
    write_setting(session, KEY, {"ranks": clean}, revision, user_id, now)
    if list(before.ranks) != clean:
        record(session, user_id, "settings.masking_changed", "masked numbers", at=now,
               ranks={"before": list(before.ranks), "after": clean})
    return masking(session, file_ranks)
