"""The huey consumer's entry point: ``huey_consumer heka_asoy.worker.huey``.

It hands the jobs the app factory (the app is built at the first job, as gunicorn's ``wsgi.py``
builds it for requests), so that ``tasks`` never imports the factory above it.
"""

import logging

from . import create_app, tasks

tasks.use_app_factory(create_app)
huey = tasks.huey

# The consumer sets up huey's own logger only; the jobs' lines (which run of a periodic task
# went on, mails not sent) belong in the same log.
if not logging.getLogger("heka_asoy").handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s:%(name)s:%(message)s"))
    logging.getLogger("heka_asoy").addHandler(_handler)
    logging.getLogger("heka_asoy").setLevel(logging.INFO)
