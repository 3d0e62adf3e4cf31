"""The bulk fault report generator used by ``bench/faults.py``."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from heka_asoy.demo.fault_generator import SPAN, generate_fault_reports
from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultEvent, FaultReport
from heka_asoy.services import faults as service
from tests.factories import make_company, make_flat, make_tenant

NOW = datetime(2026, 3, 2, 12, 0)  # naive UTC, as stored


def flats(count: int = 4) -> list[int]:
    company = make_company()
    return [make_flat(company).id for _ in range(count)]


def snapshot() -> tuple[list[tuple], list[tuple]]:
    """Every report (without its id) and every event (with its report's position instead of
    its id), in id order."""
    reports = list(FaultReport.select().order_by(FaultReport.id).tuples())
    position = {row[0]: i for i, row in enumerate(reports)}
    events = [
        (position[e.report_id], e.kind, e.status, e.text, e.visible_to_resident, e.actor_label,
         e.created_at)
        for e in FaultEvent.select().order_by(FaultEvent.id)
    ]
    return [row[1:] for row in reports], events


def test_does_it_make_n_reports_with_one_status_event_each(app):
    """Do 300 reports over several batches give 300 reports, each with exactly one status event
    for its current status at the time the status changed?"""
    ids = flats()
    counts = generate_fault_reports(300, seed=3, batch=70, flat_ids=ids, now=NOW)
    assert counts["fault_report"] == FaultReport.select().count() == 300
    assert counts["fault_event"] == FaultEvent.select().count() == 300
    reports = {r.id: r for r in FaultReport.select()}
    per_report = Counter(e.report_id for e in FaultEvent.select())
    assert set(per_report) == set(reports)
    assert set(per_report.values()) == {1}
    for event in FaultEvent.select():
        report = reports[event.report_id]
        assert event.kind == "status"
        assert event.status == report.status
        assert event.created_at == report.status_changed_at
    assert {r.flat_id for r in reports.values()} == set(ids)


def test_are_the_rows_valid_and_mostly_closed(app):
    """Are statuses and categories real codes, times in order within three years before ``now``,
    status-dependent fields consistent, and most reports closed?"""
    generate_fault_reports(300, seed=5, flat_ids=flats(), now=NOW)
    reports = list(FaultReport.select())
    statuses = Counter(r.status for r in reports)
    assert set(statuses) <= set(rules.STATUSES)
    assert sum(statuses[s] for s in rules.CLOSED_STATUSES) > 0.8 * len(reports)
    assert any(r.status in rules.OPEN_STATUSES for r in reports)
    for r in reports:
        assert r.category in rules.LEAF_CODES
        assert NOW - SPAN <= r.created_at <= r.status_changed_at <= NOW
        assert r.updated_at >= r.created_at
        assert r.description
        assert r.reporter_name
        assert r.reporter_email.endswith("@example.fi")
        assert (r.done_at is not None) == (r.status == rules.DONE)
        assert r.feedback in ("", "fixed", "not_fixed")
        assert r.feedback == "" or r.status == rules.DONE
        if r.status in (rules.UNCONFIRMED, rules.REVIEW):
            assert r.is_public
        if r.status == rules.UNCONFIRMED:
            assert r.confirmed_at is None
        if r.status == rules.REVIEW:
            assert not r.matches_register
        if r.forwarded_at is not None:
            assert r.created_at <= r.forwarded_at <= r.status_changed_at
        if r.status in (rules.SENT_TO_MAINTENANCE, rules.VISIT_AGREED, rules.DONE):
            assert r.forwarded_at is not None
    old = [r for r in reports if NOW - r.created_at > timedelta(days=90)]
    assert sum(r.status in rules.CLOSED_STATUSES for r in old) >= 0.95 * len(old)


def test_does_the_concentrated_flat_get_its_share_exactly(app):
    """Does ``concentrate_on`` get exactly ``round(n * share)`` reports, the others the rest,
    and does its resident's fault list show the newest of them?"""
    tenant = make_tenant()
    ids = [*flats(), tenant.flat.id]
    counts = generate_fault_reports(
        300, seed=9, flat_ids=ids, concentrate_on=tenant.flat.id, concentrate_share=0.1, now=NOW
    )
    assert counts["concentrated"] == 30
    assert FaultReport.select().where(FaultReport.flat == tenant.flat.id).count() == 30
    others = Counter(r.flat_id for r in FaultReport.select())
    assert sum(others.values()) - others[tenant.flat.id] == 270
    listed = service.flat_reports(tenant)
    visible = (
        FaultReport.select()
        .where((FaultReport.flat == tenant.flat.id) & (FaultReport.status != rules.UNCONFIRMED))
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
    )
    assert [r.id for r in listed] == [r.id for r in visible]


def test_is_the_same_seed_deterministic(app):
    """Does the same seed on the same flats and ``now`` write the same rows, and another seed
    different ones?"""
    ids = flats()
    generate_fault_reports(120, seed=4, batch=50, flat_ids=ids, concentrate_on=ids[0],
                           concentrate_share=0.2, now=NOW)
    first = snapshot()
    FaultEvent.delete().execute()
    FaultReport.delete().execute()
    generate_fault_reports(120, seed=4, batch=50, flat_ids=ids, concentrate_on=ids[0],
                           concentrate_share=0.2, now=NOW)
    assert snapshot() == first
    FaultEvent.delete().execute()
    FaultReport.delete().execute()
    generate_fault_reports(120, seed=5, batch=50, flat_ids=ids, concentrate_on=ids[0],
                           concentrate_share=0.2, now=NOW)
    assert snapshot() != first


def test_does_it_default_to_every_flat(app):
    """Without ``flat_ids`` are the reports spread over the flats in the database?"""
    ids = flats(3)
    generate_fault_reports(60, seed=2, now=NOW)
    assert {r.flat_id for r in FaultReport.select()} <= set(ids)


def test_are_bad_arguments_refused_before_writing(app):
    """Are a share outside 0..1, a bad batch and no flat to put reports in refused?"""
    ids = flats(1)
    with pytest.raises(ValueError, match="share"):
        generate_fault_reports(10, flat_ids=ids, concentrate_on=ids[0], concentrate_share=1.5)
    with pytest.raises(ValueError, match="batch"):
        generate_fault_reports(10, flat_ids=ids, batch=0)
    with pytest.raises(ValueError, match="no flats"):
        generate_fault_reports(10, flat_ids=ids, concentrate_on=ids[0], concentrate_share=0.5)
    assert FaultReport.select().count() == 0
