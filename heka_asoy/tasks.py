"""Background jobs (huey): sending the outbox, routing confirmed public fault reports, now and
every minute.

The huey instance is built from the environment at import, because the consumer imports the
queue before any app exists. SQLite storage by default, Redis when ``HUEY_URL``/``REDIS_URL`` is
a redis:// URL. The consumer starts from ``heka_asoy.worker``, which hands the app factory here
(``use_app_factory``): this module sits below the factory and never imports it. Jobs run in the
current app when there is one (immediate mode, tests).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_app_context
from huey import RedisHuey, SqliteHuey, crontab
from huey.api import PeriodicTask

from . import logs
from .config import INSTANCE
from .services import jobs


def make_huey(name: str = "heka_asoy"):
    """The queue named by ``HUEY_URL`` or ``REDIS_URL``; ``name`` keeps queues sharing one Redis
    apart."""
    url = os.environ.get("HUEY_URL") or os.environ.get("REDIS_URL") or ""
    if url.startswith("redis://"):
        return RedisHuey(name, url=url)
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    path = path or str(INSTANCE / "huey.db")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey(name, filename=path)


huey = make_huey()
_worker_app = None
_app_factory: Callable[[], Flask] | None = None
log = logging.getLogger(__name__)


def soon(task, *args) -> None:
    """Enqueue ``task`` for the worker. If the queue itself is unreachable the periodic sweep of
    the same work picks it up, so a failure here is only logged."""
    try:
        task(*args, **jobs.carried())
    except Exception:  # noqa: BLE001
        log.warning("could not enqueue %s; the sweep will do it", task.name, exc_info=True)


def init_app(app: Flask) -> None:
    """Jobs run at once in tests (``HUEY_IMMEDIATE``); the jobs a request's services asked for
    (``services.jobs``: sending queued mail, routing a public report) are queued when it ends;
    each job's periodic sweep is the backstop."""
    huey.immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    app.extensions[jobs.EXTENSION] = huey

    @app.after_request
    def queue_jobs(response):
        for job, args in g.pop("queued_jobs", ()):
            soon(JOBS[job], *args)
        return response


def use_app_factory(factory: Callable[[], Flask]) -> None:
    """How the consumer builds the app its jobs run in (set by ``heka_asoy.worker``); the app
    is built at the first job, so importing the worker module has no side effect."""
    global _app_factory
    _app_factory = factory


#: Counter keys of the periodic guard live a little over the minute they name.
_PERIODIC_KEY_SECONDS = 180


@huey.pre_execute()
def once_per_minute(task) -> None:
    """Every consumer runs a scheduler, so with a consumer per host each periodic task is
    enqueued once per host each time it is due. The first run of a task in a minute (UTC) goes
    on; the others are cancelled. The count lives in the shared counter store (the database, or
    Redis with ``REDIS_URL``), so it holds across hosts. Plain tasks and direct calls
    (``call_local``) are not touched; without rate limits (no counter store) nothing is."""
    from huey.exceptions import CancelExecution

    from .counters import store
    from .domain.clock import file_stamp
    from .models.base import utcnow

    if not isinstance(task, PeriodicTask):
        return
    with app_context() as app:
        if not app.config.get("RATELIMIT_ENABLED"):
            return  # no counter store (tests that switch limits off)
        key = f"periodic:{task.name}:{file_stamp(utcnow())}"
        if store().incr(key, _PERIODIC_KEY_SECONDS) != 1:
            log.info("periodic %s already ran this minute on another consumer", task.name)
            raise CancelExecution()
        log.info("periodic %s runs", task.name)


@huey.pre_execute()
def take_request_id(task) -> None:
    """A job queued in a request runs under that request's id (its log lines carry it); the id
    is taken off the arguments before the job's function sees them."""
    request_id = task.kwargs.pop(jobs.REQUEST_ID_KWARG, None) if task.kwargs else None
    task.heka_request_id = request_id
    task.heka_request_token = logs.bind(request_id)
    if request_id:
        log.info("job %s started", task.name)


@huey.post_execute()
def end_request_id(task, _value, exc) -> None:
    """Give the id back to the arguments (a retry runs under it too), end it here, and note a
    periodic job's last run for the staff home."""
    if getattr(task, "heka_request_id", None):
        task.kwargs[jobs.REQUEST_ID_KWARG] = task.heka_request_id
    token = getattr(task, "heka_request_token", None)
    if token is not None:
        logs.unbind(token)
        task.heka_request_token = None
    if isinstance(task, PeriodicTask):
        try:
            ended = datetime.now(UTC).replace(tzinfo=None)
            huey.put(jobs.LAST_RUN_KEY.format(task.name), {"at": ended, "ok": exc is None})
        except Exception:  # noqa: BLE001 - the record is for people; never fail the job for it
            log.warning("could not record the last run of %s", task.name, exc_info=True)


@contextmanager
def app_context():
    """Run inside the current app (immediate mode, tests) or the worker's own app."""
    global _worker_app
    if has_app_context():
        yield current_app
        return
    if _worker_app is None:
        if _app_factory is None:
            raise RuntimeError("no app for the jobs: start the consumer with heka_asoy.worker.huey")
        _worker_app = _app_factory()
    with _worker_app.app_context():
        db = _worker_app.config["DATABASE"]
        db.connect(reuse_if_open=True)
        try:
            yield _worker_app
        finally:
            db.close()


@huey.task(retries=3, retry_delay=30)
def send_outbox():
    """Send what is due now (enqueued after a request that queued mail)."""
    from .services.mailer import send_due

    with app_context():
        return send_due()


@huey.periodic_task(crontab(minute="*"))
def sweep_outbox():
    """Every minute: retries after backoff, and mail queued while no worker was running."""
    from .services.mailer import send_due

    with app_context():
        return send_due()


@huey.periodic_task(crontab(minute="*"))
def forward_due_faults():
    """Every minute: reports received outside office hours go to maintenance at the opening."""
    from .services.faults import forward_due

    with app_context():
        return forward_due()


@huey.periodic_task(crontab(minute="*"))
def read_desk_mailbox():
    """Every minute: new mails of the desk mailbox (IMAP, or the local Maildir of
    ``make run``) become messages of their threads or new cases; at most ``DESK_INTAKE_BATCH``
    a run, the rest next minute. One run at a time: a slow server must not have two runs
    take the same mails (the Message-ID would still make one message of each)."""
    from .counters import lease
    from .services.mailbox import run

    with app_context(), lease("read-desk-mailbox", 600) as mine:
        if not mine:
            log.info("desk mailbox intake still running elsewhere")
            return None
        return run()


@huey.periodic_task(crontab(minute="17"))
def sweep_login_sessions():
    """Hourly: delete the rows of login sessions past their end that nobody logged out of."""
    from .services.sessions import sweep_expired

    with app_context():
        return sweep_expired()


@huey.task(retries=3, retry_delay=30)
def route_public_report(report_id: int):
    """A confirmed public fault report: match it to the register and route it, away from the
    request, so that the sender cannot tell a match by the time the confirmation takes."""
    from .services.faults import route_public_report as route

    with app_context():
        route(report_id)


@huey.periodic_task(crontab(minute="*"))
def route_confirmed_reports():
    """Every minute: confirmed public reports whose routing job never ran."""
    from .services.faults import route_confirmed

    with app_context():
        return route_confirmed()


@huey.periodic_task(crontab(minute="*/5"))
def bookings_housekeeping():
    """Every five minutes: lapsed offers go to the next in line; ended turns and contracts let go
    of their hour or space, which is offered to the first in its queue."""
    from .services.bookings import expire_offers, release_ended

    with app_context():
        return {"expired": expire_offers(), "released": release_ended()}


@huey.periodic_task(crontab(minute="*/15"))
def sweep_counters():
    """Every quarter hour: expired rate-limit counters leave the database (Redis expires its
    own keys)."""
    from .counters import sweep

    with app_context():
        return sweep()


@huey.periodic_task(crontab(hour="4", minute="30"))
def issue_invoices():
    """Daily in the early morning: from the invoicing day (``INVOICE_DAY``) on, next month's
    invoices for every running lease; the run is idempotent, so the days after the first make
    only the invoices of leases signed since."""
    from .services.billing import run_scheduled

    with app_context():
        result = run_scheduled()
        return None if result is None else {"period": str(result.period),
                                            "issued": result.issued}


@huey.task(retries=3, retry_delay=30)
def mail_announcement(announcement_id: int):
    """Mail an announcement to the residents it targets, once each (idempotent)."""
    from .services.announcements import mail_announcement as fan_out

    with app_context():
        return fan_out(announcement_id)


@huey.periodic_task(crontab(minute="*"))
def sweep_announcement_mail():
    """Every minute: announcements whose publish time has come (or whose job never ran) and
    that ask for mail."""
    from .services.announcements import mail_due

    with app_context():
        return mail_due()
@huey.periodic_task(crontab(minute="7"))
def appointment_reminders():
    """Hourly: the reminder of each confirmed office visit on the working day before it (from
    8 Helsinki time), once; and the public requests never confirmed leave the database. One run
    at a time; two would still mail each reminder once (``services.appointments.reminders``)."""
    from .counters import lease
    from .services.appointments.reminders import run

    with app_context(), lease("appointment-reminders", 600) as mine:
        return run() if mine else None


#: The jobs a service may ask for by name (``services.jobs.after_request``).
JOBS = {
    "route_public_report": route_public_report,
    "send_outbox": send_outbox,
    "mail_announcement": mail_announcement,
}
