"""What the web layer is handed by the composition root: no globals, no imports of servers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ringdesk.config import Config
from ringdesk.health import HealthBoard


@dataclass(frozen=True)
class WebServices:
    sessions: sessionmaker[Session]
    health: HealthBoard
    config: Config
    routes_changed: Callable[[], None]
    # Writes the generated Asterisk configuration and reloads it; raises PbxUnavailable
    # when Asterisk cannot be reached. Called from a web thread.
    apply_pbx: Callable[[], dict[str, Any]] | None = None
