"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from heka_asoy import create_app

app = create_app()
