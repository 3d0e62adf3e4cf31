"""Writing the audit log (who changed what)."""

from __future__ import annotations

from flask import g, has_request_context, request

from ..models import AuditLog, User


def acting_staff_id() -> int | None:
    """The desk worker acting for the resident in this request (on-behalf mode), or None.

    Set by the on-behalf gate (``heka_asoy.on_behalf``) when a resident page runs for a desk
    worker; every audit row written in such a request names them beside the resident."""
    if not has_request_context():
        return None
    return g.get("acting_staff_id")


def record(
    action: str,
    actor: User | None = None,
    target=None,
    actor_label: str = "",
    acting_staff: int | None = None,
    **data,
):
    """Log an action in the caller's transaction; ``target`` is any model instance. In on-behalf
    mode the row also names the desk worker (``acting_staff``): "by staff X for resident Y"."""
    ip = ""
    if has_request_context():
        ip = request.remote_addr or ""
    return AuditLog.create(
        actor=actor if actor is not None and getattr(actor, "id", None) else None,
        acting_staff=acting_staff or acting_staff_id(),
        actor_label=actor_label,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=getattr(target, "id", None),
        data=data or None,
        ip=ip,
    )
