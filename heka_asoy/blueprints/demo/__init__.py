"""Demo-only pages (registered only when DEMO_MODE is on): the sent-mail viewer."""

from .views import bp

__all__ = ["bp"]
