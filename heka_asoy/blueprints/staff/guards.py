"""The gate in front of every staff page: residents get 403, never a staff page."""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ... import on_behalf


def staff_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if not current_user.is_staff:
            abort(403)
        if on_behalf.acting():  # the desk's own pages wait until acting for a resident ends
            return on_behalf.refused_page()
        return view(*args, **kwargs)

    return wrapper


def admin_required(view):
    @wraps(view)
    @staff_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
