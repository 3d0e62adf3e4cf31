"""What every request pays before its page's own work: the database connection and the
translation catalog, each set up once, not per request or per string."""

from __future__ import annotations

import flask_babel
from flask_babel import force_locale, gettext

from heka_asoy.db import is_sqlite
from heka_asoy.extensions import forget_inherited_connections


def test_a_sqlite_worker_keeps_its_connection_between_requests(app, client):
    """Do two requests share one SQLite connection (pragmas set once), left open between them?
    (PostgreSQL: each request takes one from the pool and gives it back.)"""
    db = app.config["DATABASE"]
    db.close()  # the app fixture holds one; a worker starts with none
    assert client.get("/").status_code == 200
    if not is_sqlite():
        assert db.is_closed()
        return
    assert not db.is_closed()
    first = db.connection()
    assert client.get("/login").status_code == 200
    assert not db.is_closed()
    assert db.connection() is first
    assert db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)


def test_a_forked_worker_never_uses_its_parents_connection(app, client):
    """Does a request in another process than the one that opened the connection open its own
    (a forked gunicorn worker must not share the parent's SQLite handle)?"""
    db = app.config["DATABASE"]
    db.close()
    client.get("/")
    inherited = db.connection()
    forget_inherited_connections()  # what a forked gunicorn worker runs first
    assert client.get("/login").status_code == 200
    assert db.connection() is not inherited
    cursor = inherited.cursor()  # left to its owner, not closed
    cursor.execute("SELECT 1")
    assert cursor.fetchone() == (1,)


def test_the_catalog_is_looked_up_once_per_request(app, client, monkeypatch):
    """Does a page with dozens of strings find its catalog once, not once per string?"""
    lookups = []
    original = flask_babel.Domain.get_translations

    def counted(self):
        lookups.append(self)
        return original(self)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", counted)
    client.get("/login", headers={"Accept-Language": "fi"})
    lookups.clear()
    page = client.get("/login", headers={"Accept-Language": "fi"}).text
    assert "Kirjaudu" in page
    assert len(lookups) == 1


def test_another_language_inside_a_request_gets_its_own_catalog(app):
    """Does a mail rendered in Swedish inside a Finnish request get Swedish, and the page its
    Finnish again afterwards?"""
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        finnish = gettext("Sauna turns")
        with force_locale("sv"):
            swedish = gettext("Sauna turns")
        assert gettext("Sauna turns") == finnish
    assert {finnish, swedish} == {"Saunavuorot", "Bastuturer"}
