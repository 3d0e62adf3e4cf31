"""Giving a case to a desk worker (or taking it back): one write, audited."""

from __future__ import annotations

from ...db import locked, write_txn
from ...domain import inbox as rules
from ...models import FaultReport, MessageThread, ServiceRequest, User
from ...models.accounts import STAFF_ROLES
from .. import audit
from ..errors import NotFound, Refused

_MODELS = {
    rules.FAULT_TABLE: FaultReport,
    rules.THREAD_TABLE: MessageThread,
    rules.REQUEST_TABLE: ServiceRequest,
}
#: The URL names of the tables (``/staff/inbox/assign/<kind>/<id>``).
TABLE_NAMES = {"fault": rules.FAULT_TABLE, "thread": rules.THREAD_TABLE,
               "request": rules.REQUEST_TABLE}  # fmt: skip
NAME_OF_TABLE = {table: name for name, table in TABLE_NAMES.items()}


def assign(table_name: str, item_id: int, worker_id: int | None, actor: User) -> User | None:
    """Assign the case to ``worker_id`` (a staff account, not disabled), or to nobody with None.

    ``NotFound`` for an unknown table or case, ``Refused`` when the worker is not on the desk.
    Returns the worker. The case's activity time is not touched: assigning is not news in the
    queue's order."""
    if not actor.is_staff:
        raise Refused("not_staff")
    table = TABLE_NAMES.get(table_name)
    if table is None:
        raise NotFound("no_such_kind")
    model = _MODELS[table]
    worker = None
    if worker_id is not None:
        worker = User.get_or_none(
            (User.id == worker_id) & User.role.in_(STAFF_ROLES) & (User.disabled == False)  # noqa: E712
        )
        if worker is None:
            raise Refused("not_a_worker")
    with write_txn():
        item = locked(model.select(model.id, model.assigned_to).where(model.id == item_id)).first()
        if item is None:
            raise NotFound("no_such_case")
        before = item.assigned_to_id
        if before == worker_id:
            return worker
        model.update(assigned_to=worker_id).where(model.id == item_id).execute()
        audit.record("inbox_assigned", actor, item, kind=table_name, before=before, after=worker_id)
    return worker
