"""/healthz: the state of every part (AGI, AMI, database) in one answer. Anyone (a load
balancer, a monitor) gets the states; what went wrong, in words, only a manager who sends
their credential (error texts name hosts, users and paths)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from sqlalchemy import text

from ringdesk.core.health import OK
from ringdesk.web.auth import AccessCheck, request_credentials
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.health import Health
from ringdesk.web.services import WebServices

blueprint = Blueprint("health", __name__)
DETAILS = "pbx.read"  # who reads what went wrong


@blueprint.get("/healthz")
@endpoint("State of the AGI server, the AMI session and the database", permission=None,
          answers={200: Health, 503: Health})
def healthz() -> tuple[dict[str, Any], int]:
    body = _health(current_app.extensions["ringdesk"])
    return body, 200 if body["status"] == "ok" else 503


@blueprint.get("/api/v1/health")
@endpoint("The same state for the web app's badge: answered 200 when degraded too (a page "
          "showing the state is not failing; /healthz's 503 is for balancers and monitors)",
          permission="me", answers={200: Health})
def health_for_people() -> dict[str, Any]:
    return _health(current_app.extensions["ringdesk"])


def _health(services: WebServices) -> dict[str, Any]:
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
    if not _may_read_details(services):
        components = {name: {**item, "detail": None} for name, item in components.items()}
    return {"status": "ok" if healthy else "degraded", "components": components}


def _may_read_details(services: WebServices) -> bool:
    credentials = request_credentials()
    if not credentials.present:
        return False
    try:
        AccessCheck(services.sessions, services.config, "health.healthz", DETAILS)(
            credentials, touch=False)
    except Exception:  # noqa: BLE001 - refused, or the database is down (the states say so)
        return False
    return True
