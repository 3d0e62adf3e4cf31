"""The export's bookings: parking contracts of the person's leases and the sauna turns of those
flats while the lease ran."""

from __future__ import annotations

from ...models import Lease, ParkingContract, ParkingSpace, Sauna, SaunaHour, SaunaTurn


def bookings(leases: list[Lease]) -> list[dict]:
    """Parking contracts of the person's leases, and the weekly sauna turns of those flats
    while the lease ran (their fees are on the lease's invoices): two queries."""
    if not leases:
        return []
    lease_ids = [lease.id for lease in leases]
    rows = [
        {
            "kind": "parking",
            "space": c.space.code,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
        }
        for c in ParkingContract.select(ParkingContract, ParkingSpace)
        .join(ParkingSpace)
        .where(ParkingContract.lease.in_(lease_ids))
        .order_by(ParkingContract.starts_on, ParkingContract.id)
    ]
    by_flat: dict[int, list[Lease]] = {}
    for lease in leases:
        by_flat.setdefault(lease.flat_id, []).append(lease)
    turns = (
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where(SaunaTurn.flat.in_(list(by_flat)))
        .order_by(SaunaTurn.starts_on, SaunaTurn.id)
    )
    for t in turns:
        if not any(_overlaps(t, lease) for lease in by_flat[t.flat_id]):
            continue
        rows.append(
            {
                "kind": "sauna",
                "sauna": t.hour.sauna.name,
                "weekday": t.hour.weekday + 1,
                "start_hour": f"{t.hour.start_hour:02d}:00",
                "starts_on": t.starts_on,
                "ends_on": t.ends_on,
            }
        )
    return rows


def _overlaps(turn, lease: Lease) -> bool:
    """The turn ran while the lease did (either may be open-ended)."""
    starts_before_lease_ends = lease.ends_on is None or turn.starts_on <= lease.ends_on
    ends_after_lease_starts = turn.ends_on is None or turn.ends_on >= lease.starts_on
    return starts_before_lease_ends and ends_after_lease_starts
