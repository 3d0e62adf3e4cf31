"""On-behalf mode: the desk finds a resident and sees the resident pages as them (see
``heka_asoy.on_behalf`` for the gate)."""

from .views import bp

__all__ = ["bp"]
