"""The resident dashboard's view model in one call: the user's started flats, the feature cards
open to them, the announcements summary and the next office visit."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import User
from . import access, announcements
from .appointments.requests import next_visit
from .features import resident_features


@dataclass(frozen=True)
class Dashboard:
    flats: list
    features: list
    announcements: object
    next_visit: object


def dashboard(user: User, language: str) -> Dashboard:
    flats = access.started_flats(user)
    return Dashboard(
        flats=access.describe(flats),
        features=resident_features(flats),
        announcements=announcements.dashboard_summary(user, language),
        next_visit=next_visit(user),
    )
