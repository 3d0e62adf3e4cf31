"""The power-of-attorney form as a PDF, prefilled with the resident's flat (fi, sv, en).

Heka takes powers of attorney on its own form: the lease party prints it, fills in the agent and
what the agent may do, signs it, and hands it in at the office or has the agent e-mail a scan to
the general mailbox. Prefilling the flat, the housing company and the lease number saves the desk
from guessing which lease a power is for. fpdf2 writes it with DejaVu Sans when the font is
installed (every character of the three languages), else with the core Helvetica (Latin-1 only,
so a few typographic characters are replaced).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import g
from flask_babel import force_locale
from flask_babel import gettext as _

from ...domain import contacts
from ...models import Flat, LeaseParty, Resident, User
from .. import access

#: Where Debian's fonts-dejavu-core puts the font (the test and production images have it).
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class FormText:
    """What the form is prefilled with."""

    grantor: str
    address: str
    flat_number: str
    postal: str
    company: str
    lease_number: str
    parties: list[str]


def resident_form(user: User, flat_id: int | None) -> tuple[int, FormText]:
    """The flat (``flat_id`` or the user's first where they may give a power) and what its form
    says; only a lease party may give a power of attorney for the lease."""
    chosen = access.pick_flat(user, flat_id, "power_of_attorney")
    fa = access.flat_access(user, chosen, "power_of_attorney")
    flat = Flat.with_companies(chosen)
    lease = fa.lease
    parties = [
        r.full_name
        for r in Resident.select()
        .join(LeaseParty)
        .where(LeaseParty.lease == lease.id)
        .order_by(Resident.last_name, Resident.first_names)
    ]
    me = Resident.get_or_none(Resident.id == user.resident_id) if user.resident_id else None
    return chosen, FormText(
        grantor=me.full_name if me is not None else "",
        address=flat.building.street_address,
        flat_number=flat.number,
        postal=f"{flat.building.postal_code} {flat.housing_company.city}",
        company=flat.housing_company.name,
        lease_number=lease.number,
        parties=parties,
    )


def _font_file(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return path
    return None


class _Writer:
    """Lines of the form on an fpdf2 page, with the font the machine has."""

    def __init__(self, title: str):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_title(title)
        self.pdf.set_author("Heka")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        regular, bold = _font_file("DejaVuSans.ttf"), _font_file("DejaVuSans-Bold.ttf")
        if regular is not None and bold is not None:
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
            self.family, self.unicode = "DejaVu", True
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.add_page()

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        value = value.replace("–", "-").replace("—", "-").replace("☐", "[ ]").replace("’", "'")
        return value.encode("latin-1", "replace").decode("latin-1")

    def line(self, value: str, size: float = 10, bold: bool = False, height: float = 5.5) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, height, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def heading(self, value: str) -> None:
        self.pdf.ln(3)
        self.line(value, 11.5, bold=True, height=7)

    def blank(self, label: str) -> None:
        """A label with a line to write on."""
        self.line(f"{label}: " + "_" * max(10, 70 - len(label)), height=8)

    def box(self, label: str) -> None:
        self.line(f"☐  {label}", height=6.5)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def power_form_pdf(form: FormText, language: str) -> bytes:
    """The form in ``language`` (fi, sv or en), prefilled with ``form``."""
    language = language if language in LANGUAGES else "fi"
    with force_locale(language):
        previous = getattr(g, "force_locale", None)
        g.force_locale = language
        try:
            return _write(form, language)
        finally:
            g.force_locale = previous


def _write(form: FormText, language: str) -> bytes:
    w = _Writer(_("Power of attorney"))
    w.line(_("Power of attorney"), 18, bold=True, height=10)
    w.line(_("Heka – Helsingin kaupungin asunnot Oy, flats in housing companies"), 9)

    w.heading(_("1. The flat and the lease"))
    w.line(f"{form.address}, {form.flat_number}, {form.postal}")
    w.line(_("Housing company: %(name)s", name=form.company))
    w.line(_("Lease number: %(number)s", number=form.lease_number))
    if form.parties:
        w.line(_("Lease parties: %(names)s", names=", ".join(form.parties)))

    w.heading(_("2. Giver of the power (lease party)"))
    w.line(_("Name: %(name)s", name=form.grantor) if form.grantor else "")
    if not form.grantor:
        w.blank(_("Name"))
    w.blank(_("Personal identity code"))
    w.blank(_("Phone"))

    w.heading(_("3. Agent"))
    w.blank(_("Name"))
    w.blank(_("Personal identity code"))
    w.blank(_("Phone"))
    w.blank(_("E-mail (the agent's username on the resident pages)"))

    w.heading(_("4. What the agent may do (tick one or more)"))
    w.box(_("General: every matter of the lease"))
    w.line(_("One-off, for one act (the power ends when used):"), bold=True)
    w.box(_("Terminate the lease"))
    w.box(_("A parking space"))
    w.box(_("A sauna turn"))
    w.box(_("Return or collect keys"))
    w.box(_("Order a property manager's certificate"))
    w.box(_("Apply for a renovation permit"))
    w.box(_("Ask about the lease and payments"))
    w.box(_("Transfer of the tenancy to a family member living in the flat"))
    w.box(_("Representative of the estate after the tenant's death"))
    w.box(_("Other (write below)"))
    w.blank(_("Other"))

    w.heading(_("5. Validity"))
    w.blank(_("Valid from"))
    w.blank(_("Valid until"))

    w.heading(_("6. Signature"))
    w.blank(_("Place and date"))
    w.blank(_("Signature of the giver"))
    w.blank(_("Name in block letters"))

    w.heading(_("How to hand in the form"))
    w.line(
        _(
            "Bring the signed form to the customer service office (%(address)s) or have the agent "
            "e-mail a scan or photo of it to %(email)s. Staff register the power; the agent can "
            "then act within it, also on the resident pages after registering as a user.",
            address=contacts.office_address(language),
            email=contacts.GENERAL_EMAIL,
        ),
        9,
    )
    return w.output()


def grantable_flats(user: User) -> list[access.FlatSummary]:
    """The user's started flats where they may give a power of attorney (lease party)."""
    return access.describe([fa for fa in access.started_flats(user) if fa.can("power_of_attorney")])


def resident_form_pdf(user: User, flat_id: int | None, language: str) -> bytes:
    """The form for one of the user's flats, in ``language``."""
    _flat, form = resident_form(user, flat_id)
    return power_form_pdf(form, language)
