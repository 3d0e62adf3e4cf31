"""Open cases for the desk queue's bench: fault reports, message threads (some from the desk
mailbox, some waiting for triage) and service requests, all open or waiting, spread over the
stock's flats and the last 90 days (``flask generate-stock --open-cases 100000``).

Written with ``insert_many`` in batches, one write transaction per batch, like the stock and
fault generators; no timeline rows: the queue reads only the cases themselves.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from ..db import write_txn
from ..domain import faults as fault_rules
from ..models import FaultReport, Flat, MessageThread, ServiceRequest, User, utcnow
from ..models.accounts import ROLE_RESIDENT, STAFF_ROLES
from .generator import insert_rows

_FAULT_STATUSES = (fault_rules.RECEIVED, fault_rules.SENT_TO_MAINTENANCE, fault_rules.IN_PROGRESS,
                   fault_rules.VISIT_AGREED, fault_rules.WAITING_FOR_PARTS)  # fmt: skip
_THREAD_STATUSES = ("open", "open", "answered")
_REQUEST_STATUSES = ("received", "in_progress", "waiting_for_resident")
_REQUEST_KINDS = ("disturbance", "smoking", "renovation", "tenancy_transfer", "inspection", "other")
_SUBJECTS = ("Vuokranmaksu", "Asukasdemokratia", "Vuokrasopimus", "Kysymys saunavuorosta",
             "Hyresbetalning", "Question about my lease")  # fmt: skip
_CATEGORIES = ("water.tap", "kitchen.fridge", "electric.socket", "door.lock", "ventilation.none")


def generate_open_cases(n: int, seed: int = 1, batch: int = 5000) -> dict:
    """Insert ``n`` open cases (about 40 % fault reports, 35 % threads, 25 % service requests);
    returns how many of each and ``seconds``. Needs flats and at least one resident account."""
    rng = random.Random(seed)
    started = time.perf_counter()
    flats = [f.id for f in Flat.select(Flat.id)]
    users = [u.id for u in User.select(User.id).where(User.role == ROLE_RESIDENT).limit(5000)]
    workers = [u.id for u in User.select(User.id).where(User.role.in_(STAFF_ROLES))]
    if not flats or not users:
        raise ValueError("generate the stock and load the demo data first")
    now = utcnow()
    counts = {"fault_report": 0, "message_thread": 0, "service_request": 0}

    def times():
        created = now - timedelta(seconds=rng.randrange(90 * 24 * 3600))
        since = int((now - created).total_seconds())
        updated = created + timedelta(seconds=rng.randrange(since + 1))
        return created, updated

    def assignee():
        return rng.choice(workers) if workers and rng.random() < 0.3 else None

    done = 0
    while done < n:
        size = min(batch, n - done)
        faults, threads, requests = [], [], []
        for _ in range(size):
            created, updated = times()
            roll = rng.random()
            if roll < 0.40:
                faults.append((
                    rng.choice(flats), "Generoitu Asukas", rng.choice(_CATEGORIES),
                    "Generoitu vikailmoitus jonon mittaamiseen.",
                    rng.choice(_FAULT_STATUSES), updated, assignee(), created, updated,
                ))  # fmt: skip
            elif roll < 0.75:
                mail = rng.random() < 0.3
                triage = mail and rng.random() < 0.3
                answered = None if rng.random() < 0.6 else updated
                threads.append((
                    None if triage else rng.choice(flats), None if triage else rng.choice(users),
                    "other", rng.choice(_SUBJECTS), rng.choice(_THREAD_STATUSES),
                    "email" if mail else "web", "lahettaja@example.com" if mail else "", triage,
                    assignee(), answered, created, updated,
                ))  # fmt: skip
            else:
                requests.append((
                    rng.choice(flats), rng.choice(users), rng.choice(_REQUEST_KINDS),
                    rng.choice(_REQUEST_STATUSES), {}, assignee(),
                    None if rng.random() < 0.6 else updated, created, updated,
                ))  # fmt: skip
        with write_txn():
            insert_rows(FaultReport, [
                FaultReport.flat, FaultReport.reporter_name, FaultReport.category,
                FaultReport.description, FaultReport.status, FaultReport.status_changed_at,
                FaultReport.assigned_to, FaultReport.created_at, FaultReport.updated_at,
            ], faults, batch)  # fmt: skip
            insert_rows(MessageThread, [
                MessageThread.flat, MessageThread.user, MessageThread.topic,
                MessageThread.subject, MessageThread.status, MessageThread.source,
                MessageThread.sender_email, MessageThread.needs_triage,
                MessageThread.assigned_to, MessageThread.first_answered_at,
                MessageThread.created_at, MessageThread.updated_at,
            ], threads, batch)  # fmt: skip
            insert_rows(ServiceRequest, [
                ServiceRequest.flat, ServiceRequest.user, ServiceRequest.kind,
                ServiceRequest.status, ServiceRequest.data, ServiceRequest.assigned_to,
                ServiceRequest.first_answered_at, ServiceRequest.created_at,
                ServiceRequest.updated_at,
            ], requests, batch)  # fmt: skip
        counts["fault_report"] += len(faults)
        counts["message_thread"] += len(threads)
        counts["service_request"] += len(requests)
        done += size
    return {**counts, "seconds": round(time.perf_counter() - started, 2)}
