"""Module-level extension objects, bound to an app in ``create_app`` (the init_app pattern).

They live here, apart from the factory, so that models, services and blueprints can import them
without importing the factory (no circular imports).
"""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_wtf.csrf import CSRFProtect
from playhouse.flask_utils import FlaskDB


class AppDB(FlaskDB):
    """FlaskDB that keeps one SQLite connection per worker process and opens a PostgreSQL one (from
    its pool) per request; it shares an already open connection (a CLI command or a test holding
    one) instead of failing, and closes only what the request opened.

    Opening a SQLite connection and setting its pragmas again on every request cost more than a
    simple page's own work; the file stays open in the worker instead. The connection belongs to
    the process that opened it: a forked worker never uses its parent's, and a request that left
    a transaction open (it should not) has it rolled back so the next request starts clean.
    """

    _pid: int | None = None

    def connect_db(self):
        import os

        from flask import g, request
        from peewee import SqliteDatabase

        if request.endpoint in self._excluded_routes:
            return
        db = self.database.obj if hasattr(self.database, "obj") else self.database
        if isinstance(db, SqliteDatabase):
            if self._pid != os.getpid():
                db._state.reset()  # the parent's connection, if any: never use nor close it
                self._pid = os.getpid()
            db.connect(reuse_if_open=True)
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
