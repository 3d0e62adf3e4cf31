"""Writing the audit log (who changed what)."""

from __future__ import annotations

from flask import has_request_context, request

from ..models import AuditLog, User


def record(action: str, actor: User | None = None, target=None, actor_label: str = "", **data):
    """Log an action in the caller's transaction; ``target`` is any model instance."""
    ip = ""
    if has_request_context():
        ip = request.remote_addr or ""
    return AuditLog.create(
        actor=actor if actor is not None and getattr(actor, "id", None) else None,
        actor_label=actor_label,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=getattr(target, "id", None),
        data=data or None,
        ip=ip,
    )
