"""Reading the audit log (the events every unit of work records): the administrator's only."""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import AuditEvent

from .errors import Forbidden
from .unit_of_work import UnitOfWork

MAX_EVENTS = 1000


def _require_admin(ctx: UnitOfWork) -> None:
    if not ctx.principal.is_admin:
        raise Forbidden("Only the administrator may read the event log")


def events(ctx: UnitOfWork, *, after_id: int | None = None, limit: int = MAX_EVENTS) -> list[AuditEvent]:
    """The events after ``after_id`` (the newest ``limit`` of them without it), oldest first."""
    _require_admin(ctx)
    limit = max(1, min(int(limit), MAX_EVENTS))
    if after_id is not None:
        q = select(AuditEvent).where(AuditEvent.id > after_id).order_by(AuditEvent.id).limit(limit)
        return list(ctx.session.scalars(q))
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    return list(reversed(list(ctx.session.scalars(q))))


def last_id(ctx: UnitOfWork) -> int:
    _require_admin(ctx)
    return ctx.session.scalar(select(func.max(AuditEvent.id))) or 0
