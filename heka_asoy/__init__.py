"""heka_asoy: the resident portal of Heka's housing-company flats.

``create_app`` is the only way an app is built: by gunicorn (``wsgi.py``), by the huey worker, by
the ``flask`` CLI and by the tests, so they all share one configuration path.
"""

from __future__ import annotations

from flask import Flask

from .config import load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error pages, headers and CLI."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(load_config(config))

    from . import (
        cli,
        counters,
        errors,
        i18n,
        labels,
        logs,
        metrics,
        on_behalf,
        params,
        probes,
        security,
        static_files,
        storage,
        tasks,
    )
    from .db import make_database
    from .extensions import csrf, flask_db, htmx, limiter, mail
    from .services import identification, passwords

    app.config["DATABASE"] = make_database(app.config["DATABASE_URL"])
    storage.init_app(app)
    logs.init_app(app)
    probes.init_app(app)
    flask_db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    mail.init_app(app)
    counters.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    on_behalf.init_app(app)
    params.init_app(app)
    identification.init_app(app)
    passwords.configure(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])
    tasks.init_app(app)

    from .blueprints import register_blueprints

    register_blueprints(app)
    metrics.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app
