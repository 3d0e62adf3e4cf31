"""The huey consumer's entry point: ``huey_consumer heka_asoy.worker.huey``.

It builds the app once, as gunicorn's ``wsgi.py`` does, and hands it to the jobs, so that
``tasks`` never imports the app factory above it.
"""

from . import create_app, tasks

app = create_app()
tasks.use_app(app)
huey = tasks.huey
