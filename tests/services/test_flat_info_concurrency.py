"""A scope keeps one current rescue plan, also when several desk workers upload one at the same
moment (SQLite file or PostgreSQL, as the run's database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from heka_asoy.models import AuditLog, Document
from tests import processes
from tests.factories import make_company, make_staff
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

WORKERS = 4


def _upload_worker(url, folder, staff_id, company_id, n, start, results):
    from heka_asoy.models import User
    from heka_asoy.services import flat_info
    from heka_asoy.services.errors import ServiceError
    from tests.factories import flat_doc_pdf

    app = _run_app(url, folder)
    with app.app_context(), app.test_request_context():
        staff = User.get_by_id(staff_id)
        data = flat_doc_pdf(f"Versio {n}")
        start.wait(30)
        try:
            flat_info.upload_document(staff, company_id, None, "rescue_plan", f"Versio {n}",
                                      flat_info.Upload(f"v{n}.pdf", data))  # fmt: skip
            results.put("ok")
        except ServiceError as exc:
            results.put(exc.code or type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - report anything else to the parent
            results.put(repr(exc))


def test_concurrent_rescue_plans_leave_one(app, database_url, tmp_path):
    """Four workers upload the company's rescue plan at once: is there one document, one file
    on disk (the others' files removed as they were replaced) and an audit row for each?"""
    company, staff = make_company(), make_staff()
    app.config["DATABASE"].close()
    ctx = processes.context()
    start, results = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(
            target=_upload_worker,
            args=(database_url, str(tmp_path), staff.id, company.id, n, start, results),
        )
        for n in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    start.set()
    answers = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)

    assert answers == ["ok"] * WORKERS, answers
    assert Document.select().count() == 1
    folder = Path(app.config["UPLOAD_FOLDER"]) / "documents"
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [Path(Document.get().storage_key).name]
    actions = sorted(a.action for a in AuditLog.select())
    assert actions == ["document_replaced"] * (WORKERS - 1) + ["document_uploaded"]
