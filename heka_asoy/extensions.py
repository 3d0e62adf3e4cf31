"""Module-level extension objects, bound to an app in ``create_app`` (the init_app pattern).

They live here, apart from the factory, so that models, services and blueprints can import them
without importing the factory (no circular imports).
"""

import os
import weakref

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_wtf.csrf import CSRFProtect
from playhouse.flask_utils import FlaskDB

#: Every database an app of this process uses: a forked child forgets their connections.
_DATABASES: weakref.WeakSet = weakref.WeakSet()


def forget_inherited_connections() -> None:
    """In a forked child (a gunicorn worker), drop the parent's open connections without
    closing them (they are the parent's): the child opens its own on its first request."""
    for db in list(_DATABASES):
        db._state.reset()
        if hasattr(db, "_in_use"):  # a pool's idle and lent connections are the parent's too
            db._connections, db._in_use = [], {}


os.register_at_fork(after_in_child=forget_inherited_connections)


class AppDB(FlaskDB):
    """FlaskDB that keeps one SQLite connection per worker process and takes a PostgreSQL one
    from its pool per request; it shares an already open connection (a CLI command or a test
    holding one) instead of failing, and closes only what the request opened.

    Opening a SQLite connection and setting its pragmas again on every request cost more than a
    simple page's own work; the file stays open in the worker instead. A forked worker never
    uses its parent's connection (``forget_inherited_connections``), and a request that left a
    transaction open (it should not) has it rolled back so the next request starts clean.
    """

    def init_app(self, app):
        super().init_app(app)
        _DATABASES.add(self._database())

    def _database(self):
        return self.database.obj if hasattr(self.database, "obj") else self.database

    def connect_db(self):
        from flask import g, request
        from peewee import SqliteDatabase

        if request.endpoint in self._excluded_routes:
            return
        if isinstance(self._database(), SqliteDatabase):
            self.database.connect(reuse_if_open=True)
            return
        g._db_opened_here = self.database.connect(reuse_if_open=True)

    def close_db(self, exc):
        from flask import g

        if g.pop("_db_opened_here", False) and not self.database.is_closed():
            self.database.close()
        elif not self.database.is_closed():
            conn = self.database.connection()
            if getattr(conn, "in_transaction", False) and not self.database.in_transaction():
                conn.rollback()


flask_db = AppDB()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
