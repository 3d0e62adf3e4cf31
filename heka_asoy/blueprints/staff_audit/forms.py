"""The audit log's filters: a GET form (no CSRF token: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ...forms import FlaskForm
from ...params import DayField, parse_id
from ...services.audit_log import WHOM_KINDS, AuditFilters

WHOM_LABELS = {
    "person": _l("Person (register id)"),
    "flat": _l("Flat (id)"),
    "user": _l("Account (id)"),
    "lease": _l("Lease"),
    "faultreport": _l("Fault report"),
    "servicerequest": _l("Service request"),
    "messagethread": _l("Message thread"),
    "saunaturn": _l("Sauna turn"),
    "parkingcontract": _l("Parking contract"),
    "dooropening": _l("Door opening"),
    "keyhandover": _l("Key handover"),
    "occupantchange": _l("Occupant change"),
    "appointment": _l("Office appointment"),
    "powerofattorney": _l("Power of attorney"),
    "termination": _l("Termination"),
    "accountclosure": _l("Account closing"),
    "identification": _l("Identification"),
}

#: Actions offered in the action field's list (any other stored action may be typed).
KNOWN_ACTIONS = (
    "register_viewed", "audit_viewed", "audit_exported", "create_staff_user", "staff_disabled",
    "staff_enabled", "staff_role_changed", "staff_password_reset_sent", "on_behalf_start",
    "office_identification", "register", "activate", "password_reset", "logout_everywhere",
    "contact_details_changed", "fault_report_filed", "fault_status", "service_request_filed",
    "door_opened", "keys_logged", "power_revoked", "close_account", "invoices_issued",
)  # fmt: skip


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    who = StringField(
        _l("Who (username, account id or name of a system actor)"),
        validators=[Optional(), Length(max=254)],
    )
    whom_type = SelectField(_l("About whom or what"), default="", validate_choice=False)
    whom_id = StringField(_l("Its id"), validators=[Optional(), Length(max=10)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=40)])
    since = DayField(_l("From"), validators=[Optional()])
    until = DayField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.whom_type.choices = [SelectChoice("", _l("Anyone or anything"))] + [
            SelectChoice(kind, WHOM_LABELS[kind]) for kind in WHOM_KINDS
        ]

    def filters(self, after: str | None = None) -> AuditFilters:
        """The filters asked for; a field with an error (said next to it) is left out."""
        self.validate()

        def ok(f):
            return not f.errors

        whom_type = self.whom_type.data if self.whom_type.data in WHOM_KINDS else ""
        whom_id = parse_id(self.whom_id.data) if ok(self.whom_id) else None
        return AuditFilters(
            who=(self.who.data or "").strip() if ok(self.who) else "",
            whom_type=whom_type if whom_id else "",
            whom_id=whom_id if whom_type else None,
            action=(self.action.data or "").strip() if ok(self.action) else "",
            since=self.since.data if ok(self.since) else None,
            until=self.until.data if ok(self.until) else None,
            after=parse_id(after),
        )


def filter_args(filters: AuditFilters) -> dict[str, str]:
    """The query arguments that give these filters back (next page, CSV)."""
    args = {
        "who": filters.who,
        "whom_type": filters.whom_type,
        "whom_id": str(filters.whom_id or ""),
        "action": filters.action,
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
    }
    return {key: value for key, value in args.items() if value}
