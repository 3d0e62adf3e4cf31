"""The huey consumer's entry point: ``huey_consumer heka_asoy.worker.huey``.

It hands the jobs the app factory (the app is built at the first job, as gunicorn's ``wsgi.py``
builds it for requests), so that ``tasks`` never imports the factory above it. When the
consumer starts, its logs take the app's format (``LOG_FORMAT``: JSON in production), so the
lines of a job queued by a request carry that request's id like the web's.
"""

from . import create_app, logs, tasks
from .config import load_config

tasks.use_app_factory(create_app)
huey = tasks.huey


@huey.on_startup()
def configure_logs() -> None:
    """Runs in the consumer only (never at import): the worker's log format and level."""
    settings = load_config()
    logs.configure(settings["LOG_FORMAT"], settings["LOG_LEVEL"])
