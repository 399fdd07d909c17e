"""/healthz: the state of every part (AGI, AMI, database) in one answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from sqlalchemy import text

from core.health import OK
from web.contract import endpoint
from web.schemas.health import Health
from web.services import WebServices

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@endpoint("State of the AGI server, the AMI session and the database", permission=None,
          answers={200: Health, 503: Health})
def healthz() -> tuple[dict[str, Any], int]:
    services: WebServices = current_app.extensions["ringdesk"]
    components: dict[str, dict[str, str | None]] = {
        name: {"status": item.status, "detail": item.detail, "since": item.since.isoformat()}
        for name, item in services.health.snapshot().items()
    }
    # The writer reports failed writes (a read-only or full disk); the probe adds reads.
    database: dict[str, str | None] = components.get(
        "db", {"status": OK, "detail": "reachable", "since": None})
    try:
        with services.sessions() as session:
            session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure is the answer here
        database = {"status": "down", "detail": f"cannot query: {error}", "since": None}
    components["db"] = database
    healthy = all(item["status"] == OK for item in components.values())
    body = {"status": "ok" if healthy else "degraded", "components": components}
    return body, 200 if healthy else 503
