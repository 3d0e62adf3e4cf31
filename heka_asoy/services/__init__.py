"""Use cases: one transaction each, with access checks, events and notifications."""
