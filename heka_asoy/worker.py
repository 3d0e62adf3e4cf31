"""The huey consumer's entry point: ``huey_consumer heka_asoy.worker.huey``.

It hands the jobs the app factory (the app is built at the first job, as gunicorn's ``wsgi.py``
builds it for requests), so that ``tasks`` never imports the factory above it.
"""

from . import create_app, tasks

tasks.use_app_factory(create_app)
huey = tasks.huey
