"""The health check the load balancer asks: the database answers."""

from __future__ import annotations

from ..db import database


def check_database() -> None:
    """Run the cheapest query there is; a database that does not answer raises."""
    database().execute_sql("SELECT 1")
