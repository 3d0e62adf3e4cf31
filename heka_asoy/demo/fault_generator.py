"""A bulk generator of fault reports, for benchmarks and query-plan checks of the fault pages.

The resident's fault list and the desk's queue must stay fast with years of reports (Heka's
50,000 flats make about a million in three years). This module writes ``n`` reports with one
status event each, with ``insert_many`` in statements of at most ``MAX_PARAMS`` parameters and
one write transaction per ``batch`` reports, so a million reports take a couple of minutes on
SQLite.

What the rows look like:

* ``created_at`` is spread evenly over the three years before ``now`` (midnight UTC today unless
  given), in id order, as real reports are made one after another;
* the status depends on the report's age: old reports are nearly all done, cancelled or
  redirected; the open ones are mostly from the last weeks (a few old ones wait for parts);
  ``unconfirmed`` and ``review`` reports are public (no-login) ones, as the rules make them;
* ``status_changed_at`` is never before ``created_at`` nor after ``now``; ``forwarded_at``,
  ``visit_at``, ``done_at`` and ``feedback`` fit the status;
* each report has one ``status`` event for its current status, at ``status_changed_at``.

``concentrate_on`` gives one flat exactly ``round(n * concentrate_share)`` of the reports (the
benchmark's logged-in resident then has a long list); the other reports go to the other flats
(``flat_ids``, or every flat in the database), so the share is exact.

Rows are deterministic for a given seed, flat list and ``now``; the generator only adds rows, so
it can run beside the demo data and more than once.
"""

from __future__ import annotations

import random
import time
import unicodedata
from bisect import bisect
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from ..db import write_txn
from ..domain import faults as rules
from ..domain import responsibility as parties
from ..models import FaultEvent, FaultReport, Flat
from .data import FI_FEMALE, FI_LAST, FI_MALE, SV_FEMALE, SV_LAST, SV_MALE
from .generator import insert_rows

#: The span the reports are spread over, ending at ``now``.
SPAN = timedelta(days=3 * 365)

#: Status weights by the report's age (upper bound in days, weights): nearly every old report is
#: closed; open reports are mostly recent.
_STATUS_WEIGHTS: tuple[tuple[float, dict[str, float]], ...] = (
    (
        14,
        {
            rules.UNCONFIRMED: 2,
            rules.REVIEW: 2,
            rules.RECEIVED: 8,
            rules.SENT_TO_MAINTENANCE: 18,
            rules.VISIT_AGREED: 12,
            rules.IN_PROGRESS: 10,
            rules.WAITING_FOR_PARTS: 5,
            rules.DONE: 35,
            rules.CANCELLED: 5,
            rules.REDIRECTED: 3,
        },
    ),
    (
        90,
        {
            rules.UNCONFIRMED: 0.5,
            rules.REVIEW: 0.5,
            rules.RECEIVED: 0.5,
            rules.SENT_TO_MAINTENANCE: 3,
            rules.VISIT_AGREED: 3,
            rules.IN_PROGRESS: 4,
            rules.WAITING_FOR_PARTS: 6,
            rules.DONE: 70,
            rules.CANCELLED: 8,
            rules.REDIRECTED: 4.5,
        },
    ),
    (
        float("inf"),
        {
            rules.UNCONFIRMED: 0.3,
            rules.IN_PROGRESS: 0.1,
            rules.WAITING_FOR_PARTS: 0.2,
            rules.DONE: 88,
            rules.CANCELLED: 7,
            rules.REDIRECTED: 4.4,
        },
    ),
)

#: Statuses a report only reaches after being forwarded to maintenance.
_FORWARDED = frozenset(
    {rules.SENT_TO_MAINTENANCE, rules.VISIT_AGREED, rules.IN_PROGRESS, rules.WAITING_FOR_PARTS,
     rules.DONE}
)

#: Who set each status (the status event's ``actor_label``).
_ACTOR_LABEL = {
    rules.UNCONFIRMED: "",
    rules.REVIEW: "system",
    rules.RECEIVED: "system",
    rules.SENT_TO_MAINTENANCE: "system",
    rules.VISIT_AGREED: "maintenance",
    rules.IN_PROGRESS: "maintenance",
    rules.WAITING_FOR_PARTS: "maintenance",
    rules.DONE: "maintenance",
    rules.CANCELLED: "asoy",
    rules.REDIRECTED: "asoy",
}

#: Short fault descriptions per top-level category (what residents write).
_DESCRIPTIONS = {
    "water": [
        "Hana vuotaa tippumalla, ei mene kunnolla kiinni.",
        "WC-istuin valuttaa vettä koko ajan.",
        "Suihkun letku on rikki ja vesi roiskuu.",
        "Lavuaarin viemäri vetää hitaasti.",
        "Lämmin vesi tulee vasta pitkän juoksutuksen jälkeen.",
    ],
    "electricity": [
        "Eteisen kattovalaisin ei syty, lamppu vaihdettu.",
        "Pistorasia keittiössä on irti seinästä.",
        "Kylpyhuoneen valo välkkyy.",
        "Parvekkeen pistorasiassa ei ole virtaa.",
    ],
    "doors_windows": [
        "Ulko-oven lukko jumittaa, avain kääntyy huonosti.",
        "Makuuhuoneen ikkuna ei mene kunnolla kiinni, vetää.",
        "Parvekkeen oven tiiviste on irronnut.",
        "Väliovi laahaa lattiaa vasten.",
    ],
    "appliances": [
        "Jääkaappi ei kylmennä kunnolla.",
        "Liedestä toimii vain kaksi levyä.",
        "Astianpesukone jättää vettä pohjalle.",
        "Uunin ovi ei pysy kiinni.",
    ],
    "ventilation_heating": [
        "Olohuoneen patteri on kylmä.",
        "Keittiön liesituuletin pitää kovaa ääntä.",
        "Ilmanvaihto ei tunnu toimivan, ikkunat huurtuvat.",
    ],
    "common_areas": [
        "Porraskäytävän valo ei syty kolmannessa kerroksessa.",
        "Pesutuvan kone nro 2 ei käynnisty.",
        "Saunan kiuas ei lämpene.",
        "Pihan keinu on rikki.",
    ],
    "other": [
        "Kellarikomeron ovi on rikki.",
        "Postiluukku jää auki.",
    ],
}
_LOCATIONS = ["", "keittiö", "kylpyhuone", "olohuone", "makuuhuone", "eteinen", "parveke", "wc"]
_PETS = ["", "", "", "kissa", "koira"]
_VISITING = ["", "", "arkisin 8-16", "iltapäivisin", "soittakaa ensin"]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class FaultGenerator:
    """Generates ``n`` fault reports; see :func:`generate_fault_reports`."""

    def __init__(
        self,
        n: int,
        seed: int,
        batch: int,
        flat_ids: list[int] | None,
        concentrate_on: int | None,
        concentrate_share: float,
        now: datetime | None,
    ) -> None:
        if n < 0 or batch < 1:
            raise ValueError("n must not be negative and batch must be positive")
        if not 0.0 <= concentrate_share <= 1.0:
            raise ValueError("concentrate_share must be between 0 and 1")
        self.n = n
        self.batch = batch
        self.rng = random.Random(seed)
        if flat_ids is None:
            flat_ids = [i for (i,) in Flat.select(Flat.id).order_by(Flat.id).tuples()]
        self.concentrate_on = concentrate_on
        self.others = [f for f in flat_ids if f != concentrate_on]
        self.concentrated = round(n * concentrate_share) if concentrate_on is not None else 0
        if self.concentrated < n and not self.others:
            raise ValueError("no flats to put the reports in")
        if now is None:
            today = datetime.now(UTC).replace(tzinfo=None)
            now = today.replace(hour=0, minute=0, second=0, microsecond=0)
        elif now.tzinfo is not None:
            now = now.astimezone(UTC).replace(tzinfo=None)
        self.now = now  # naive UTC, as the database stores times
        self.start = now - SPAN
        self.tables = [
            (bound, list(weights), list(accumulate(weights.values())))
            for bound, weights in _STATUS_WEIGHTS
        ]
        self.people = [self._person() for _ in range(2000)]
        self.leaves = list(rules.LEAF_CODES)

    # -- pools ---------------------------------------------------------------------------------

    def _person(self) -> tuple[str, str, str]:
        """(name, e-mail, phone) of a reporter."""
        swedish = self.rng.random() < 0.1
        female = self.rng.random() < 0.5
        if swedish:
            first = self.rng.choice(SV_FEMALE if female else SV_MALE)
            last = self.rng.choice(SV_LAST)
        else:
            first = self.rng.choice(FI_FEMALE if female else FI_MALE)
            last = self.rng.choice(FI_LAST)
        first = first.split()[0]
        email = f"{_ascii(first)}.{_ascii(last)}{self.rng.randint(1, 99)}@example.fi"
        phone = f"040 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"
        return f"{first} {last}", email, phone

    # -- driver ----------------------------------------------------------------------------------

    def run(self) -> dict:
        started = time.perf_counter()
        # Which report numbers go to the concentrated flat: exactly ``self.concentrated`` of them.
        chosen = set(self.rng.sample(range(self.n), self.concentrated))
        counts = {"fault_report": 0, "fault_event": 0, "concentrated": 0}
        for first in range(0, self.n, self.batch):
            rows = [
                self._report(i, self.concentrate_on if i in chosen else None)
                for i in range(first, min(self.n, first + self.batch))
            ]
            with write_txn():
                ids = self._insert_reports(rows)
                events = [
                    (report_id, "status", row[13], "", True, _ACTOR_LABEL[row[13]], row[18])
                    for report_id, row in zip(ids, rows, strict=True)
                ]
                f = FaultEvent
                insert_rows(
                    f,
                    [f.report, f.kind, f.status, f.text, f.visible_to_resident, f.actor_label,
                     f.created_at],
                    events,
                    self.batch,
                )
            counts["fault_report"] += len(rows)
            counts["fault_event"] += len(events)
        counts["concentrated"] = len(chosen)
        counts["seconds"] = round(time.perf_counter() - started, 2)
        return counts

    def _insert_reports(self, rows: list[tuple]) -> list[int]:
        """Insert ``rows``; returns their ids in row order. Ids are handed out in VALUES order
        (SQLite's rowid and PostgreSQL's sequence alike), whatever order RETURNING lists them."""
        f = FaultReport
        fields = [
            f.flat, f.reporter_name, f.reporter_email, f.reporter_phone, f.is_public,
            f.confirmed_at, f.matches_register, f.category, f.location, f.description,
            f.master_key_allowed, f.pets, f.visiting_times, f.status, f.forwarded_at, f.visit_at,
            f.done_at, f.feedback, f.status_changed_at, f.version, f.created_at, f.updated_at,
            f.responsible,
        ]
        ids = sorted(i for (i,) in insert_rows(f, fields, rows, self.batch, [f.id]))
        if len(ids) != len(rows):  # pragma: no cover - the database lost rows
            raise RuntimeError("inserted reports and returned ids differ")
        return ids

    # -- one report ------------------------------------------------------------------------------

    def _status(self, age_days: float) -> str:
        for bound, statuses, cumulative in self.tables:
            if age_days < bound:
                return statuses[bisect(cumulative, self.rng.random() * cumulative[-1])]
        raise AssertionError("unreachable")  # pragma: no cover

    def _after(self, moment: datetime, low_h: float, high_h: float) -> datetime:
        """A moment ``low_h``..``high_h`` hours after ``moment``, never after ``now``."""
        return min(self.now, moment + timedelta(hours=self.rng.uniform(low_h, high_h)))

    def _report(self, i: int, flat_id: int | None) -> tuple:
        rng = self.rng
        # Evenly spread in id order, with jitter inside each report's slot.
        created = self.start + SPAN * ((i + rng.random()) / self.n)
        age_days = (self.now - created).total_seconds() / 86400
        status = self._status(age_days)
        if flat_id is None:
            flat_id = self.others[rng.randrange(len(self.others))]
        category = self.leaves[rng.randrange(len(self.leaves))]
        top = category.split(".", 1)[0]
        name, email, phone = self.people[rng.randrange(len(self.people))]

        public = status in (rules.UNCONFIRMED, rules.REVIEW) or rng.random() < 0.06
        confirmed_at = None
        matches = True
        if public:
            if status != rules.UNCONFIRMED:
                confirmed_at = self._after(created, 0.01, 2)
            matches = status != rules.REVIEW and rng.random() < 0.9

        forwarded_at = visit_at = done_at = None
        feedback = ""
        if status == rules.UNCONFIRMED:
            changed = created
        elif status == rules.REVIEW:
            changed = confirmed_at
        elif status == rules.RECEIVED:
            changed = confirmed_at or created
        else:
            base = confirmed_at or created
            if status in _FORWARDED or rng.random() < 0.5:
                forwarded_at = self._after(base, 0.01, 16)
                base = forwarded_at
            if status == rules.SENT_TO_MAINTENANCE:
                changed = base
            elif status in rules.CLOSED_STATUSES:
                changed = self._after(base, 1, 24 * rng.choice((1, 3, 7, 21)))
            else:  # maintenance is working on it: some time since it was forwarded
                changed = self._after(base, 1, max(1.0, (self.now - base).total_seconds() / 3600))
            if status == rules.VISIT_AGREED:
                visit_at = changed + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
            elif status in (rules.IN_PROGRESS, rules.WAITING_FOR_PARTS, rules.DONE) and (
                rng.random() < 0.4
            ):
                visit_at = max(base, changed - timedelta(hours=rng.randint(1, 48)))
            if status == rules.DONE:
                done_at = changed
                roll = rng.random()
                feedback = "fixed" if roll < 0.35 else "not_fixed" if roll < 0.37 else ""
        updated = changed
        return (
            flat_id, name, email, phone, public, confirmed_at, matches, category,
            _LOCATIONS[rng.randrange(len(_LOCATIONS))],
            _DESCRIPTIONS[top][rng.randrange(len(_DESCRIPTIONS[top]))],
            rng.random() < 0.6, _PETS[rng.randrange(len(_PETS))],
            _VISITING[rng.randrange(len(_VISITING))],
            status, forwarded_at, visit_at, done_at, feedback, changed, 1, created, updated,
            parties.default_for(category),  # who repairs, as the table's default routes it
        )


def generate_fault_reports(
    n: int,
    seed: int = 1,
    batch: int = 5000,
    flat_ids: list[int] | None = None,
    concentrate_on: int | None = None,
    concentrate_share: float = 0.0,
    now: datetime | None = None,
) -> dict:
    """Insert ``n`` fault reports, each with one status event, in one write transaction per
    ``batch`` reports; returns the rows made (``fault_report``, ``fault_event``), how many went
    to ``concentrate_on`` (``concentrated``) and ``seconds``.

    ``flat_ids`` are the flats to spread the reports over (default: every flat). The flat
    ``concentrate_on`` gets exactly ``round(n * concentrate_share)`` reports and the other flats
    the rest. ``now`` (default: midnight UTC today) is where the three years of reports end.
    """
    return FaultGenerator(
        n, seed, batch, flat_ids, concentrate_on, concentrate_share, now
    ).run()
