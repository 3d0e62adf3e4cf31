"""The desk's powers of attorney (staff only; a resident gets 403).

``/staff/powers/``: search leases (to register a power) and powers (to look one up);
``/staff/powers/lease/<id>``: the lease, its powers and the registration form; revoking and the
scanned form hang off the power's id. Every rule is in ``services.powers``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from ...domain.clock import helsinki_today
from ...params import parse_id
from ...services import powers
from ...services.photos import MAX_BYTES
from ..staff.guards import staff_required
from ..stored_file import send_stored
from .forms import RegisterPowerForm, RevokeForm, SearchForm
from .messages import ERRORS, KIND_LABELS, RECEIVED_LABELS, SCOPE_LABELS, STATUS_LABELS

bp = Blueprint("staff_powers", __name__)


def _labels() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "scope_labels": SCOPE_LABELS,
        "status_labels": STATUS_LABELS,
        "received_labels": RECEIVED_LABELS,
    }


@bp.get("/")
@staff_required
def index():
    search = SearchForm(request.args)
    query = (search.q.data or "").strip() if search.validate() else ""
    found = powers.search(query)
    return render_template(
        "staff_powers/index.html", search=search, query=query, found=found, **_labels()
    )


def _read_upload(upload) -> bytes | None:
    """The chosen file's bytes, read to at most MAX_BYTES+1 (enough to refuse a larger one)."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        return None
    return upload.stream.read(MAX_BYTES + 1)


def _input(form: RegisterPowerForm) -> powers.PowerInput:
    return powers.PowerInput(
        grantor_id=parse_id(form.grantor.data),
        kind=form.kind.data,
        scopes=tuple(form.scopes.data or ()),
        free_text=form.free_text.data or "",
        agent_name=form.agent_name.data or "",
        agent_email=form.agent_email.data or "",
        valid_from=form.valid_from.data,
        valid_until=form.valid_until.data,
        received_via=form.received_via.data,
        agent_hetu=form.agent_hetu.data or "",
    )


@bp.route("/lease/<int:lease_id>", methods=["GET", "POST"])
@staff_required
def lease(lease_id: int):
    """A lease's powers and the form to register one."""
    overview = powers.lease_overview(lease_id)
    form = RegisterPowerForm()
    form.fill_grantors(overview.parties)
    if request.method == "GET":
        form.valid_from.data = helsinki_today()
        if len(overview.parties) == 1:
            form.grantor.data = str(overview.parties[0].id)
    code = 200
    if form.validate_on_submit():
        try:
            power = powers.register_power(
                current_user, lease_id, _input(form), _read_upload(request.files.get("document"))
            )
        except (powers.PowerError, powers.DocumentError) as exc:
            name, text = ERRORS.get(exc.code, (None, exc.code))
            target = getattr(form, name, None) if name else None
            if target is not None:
                target.errors = [*target.errors, str(text)]
            else:
                form.form_errors.append(str(text))
            code = 422
        else:
            flash(
                _("Power of attorney for %(agent)s registered.", agent=power.agent_name),
                "success",
            )
            return redirect(url_for(".lease", lease_id=lease_id, _anchor="powers"))
    elif request.method == "POST":
        code = 422
    return (
        render_template(
            "staff_powers/lease.html",
            overview=overview,
            form=form,
            revoke_form=RevokeForm(formdata=None),
            **_labels(),
        ),
        code,
    )


@bp.post("/<int:power_id>/revoke")
@staff_required
def revoke(power_id: int):
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            power = powers.revoke_power(current_user, power_id)
        except powers.PowerError:
            power = powers.get_power(power_id)
            flash(_("The power of attorney was already revoked."), "info")
        else:
            flash(_("Power of attorney of %(agent)s revoked.", agent=power.agent_name), "success")
        return redirect(url_for(".lease", lease_id=power.lease_id, _anchor="powers"))
    power = powers.get_power(power_id)
    flash(_("The form expired; try again."), "error")
    return redirect(url_for(".lease", lease_id=power.lease_id, _anchor="powers"))


@bp.get("/<int:power_id>/document")
@staff_required
def document(power_id: int):
    """The scanned form, as a download that no browser runs or sniffs."""
    found = powers.power_document(power_id)
    return send_stored(
        found.data, found.mimetype, found.download_name, as_attachment=True, sandbox=True
    )
