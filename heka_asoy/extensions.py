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
    """FlaskDB that shares an already open connection (a CLI command or a test holding one)
    instead of failing, and closes only what the request opened."""

    def connect_db(self):
        from flask import g, request

        if request.endpoint in self._excluded_routes:
            return
        g._db_opened_here = self.database.connect(reuse_if_open=True)

    def close_db(self, exc):
        from flask import g

        if g.pop("_db_opened_here", False) and not self.database.is_closed():
            self.database.close()


flask_db = AppDB()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
