"""/healthz: the state of every part."""

from __future__ import annotations

from typing import Literal

from ringdesk.web.schemas.common import Output, Stamp


class HealthComponent(Output):
    status: str
    detail: str | None
    since: Stamp | None


class Health(Output):
    status: Literal["ok", "degraded"]
    components: dict[str, HealthComponent]
