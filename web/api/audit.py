"""/api/v1/audit-log: who changed or did what, and when, newest first."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from ringdesk.core.audit import AuditEntry as AuditRow
from ringdesk.web.api.transactions import reading
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.audit import AuditEntry, AuditPage, AuditQuery

blueprint = Blueprint("audit", __name__, url_prefix="/api/v1")


@blueprint.get("/audit-log")
@endpoint("The audit log, newest first, filtered by action, person or target",
          permission="audit.read", query=AuditQuery, answers={200: AuditPage})
def audit_log(query: AuditQuery) -> AuditPage:
    wanted = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
    if query.action:
        wanted = wanted.where(AuditRow.action.startswith(query.action, autoescape=True)
                              if query.action.endswith(".") else AuditRow.action == query.action)
    if query.user_id is not None:
        wanted = wanted.where(AuditRow.user_id == query.user_id)
    if query.target:
        wanted = wanted.where(AuditRow.target.contains(query.target, autoescape=True))
    with reading() as session:
        rows = list(session.scalars(wanted.offset((query.page - 1) * query.per_page)
                                    .limit(query.per_page + 1)))
        return AuditPage(items=[AuditEntry.model_validate(row) for row in rows[:query.per_page]],
                         page=query.page, per_page=query.per_page,
                         more=len(rows) > query.per_page)
