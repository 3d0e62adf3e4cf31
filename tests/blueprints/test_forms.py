"""Control characters in what people send: every form of the package drops them, and the posts
that used to bypass a form (a resident's comment, search query strings) go through one now. On
PostgreSQL a NUL byte that reached the database would fail the whole request."""

from __future__ import annotations

import importlib
import pkgutil

import wtforms
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

import heka_asoy
from heka_asoy import forms as base
from heka_asoy.domain.text import has_controls, strip_controls
from heka_asoy.models import FaultEvent
from tests.factories import login, make_staff, make_tenant

#: NUL, other C0 characters, DEL and a C1 character (NEL), around the line breaks and tab a
#: multi-line text may keep.
DIRTY = "a\x00b\x01c\x1bd\x7fe\x85f\x9fg\nh\r\ni\tj"
SINGLE_LINE_CLEAN = "abcdefghij"
MULTI_LINE_CLEAN = "abcdefg\nh\r\ni\tj"


def _project_form_classes() -> list[type]:
    """Every form class defined anywhere in the package (all modules imported first)."""
    for module in pkgutil.walk_packages(heka_asoy.__path__, "heka_asoy."):
        importlib.import_module(module.name)
    found, todo = set(), [wtforms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    own = {base.Form, base.FlaskForm}
    return sorted(
        (c for c in found if c.__module__.startswith("heka_asoy.") and c not in own),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def test_strip_controls_keeps_line_breaks_only_in_multi_line_text():
    """Does a single-line text lose every control character and a multi-line one all but line
    breaks and tabs, with every other character kept?"""
    assert strip_controls(DIRTY) == SINGLE_LINE_CLEAN
    assert strip_controls(DIRTY, multiline=True) == MULTI_LINE_CLEAN
    assert strip_controls("Äyräpääntie 3 – ö€") == "Äyräpääntie 3 – ö€"
    assert has_controls("x\x00")
    assert not has_controls("x\ny", multiline=True)


def test_every_form_of_the_package_drops_control_characters(app):
    """Does every text field of every form class in the package (found by walking the package, so
    a new form that bypasses the project's base classes fails here) come out without control
    characters, keeping line breaks and tabs in text areas only?"""
    classes = _project_form_classes()
    names = {c.__name__ for c in classes}
    assert {"PublicFaultForm", "CommentForm", "MaintenanceForm", "HourForm"} <= names
    checked = {"single": 0, "multi": 0}
    with app.test_request_context(method="POST"):
        for form_class in classes:
            empty = form_class(formdata=None)
            text_fields = [f for f in empty if isinstance(f, StringField)]
            data = MultiDict({f.name: DIRTY for f in text_fields})
            form = form_class(formdata=data)
            for field in form:
                if not isinstance(field, StringField) or field.name not in data:
                    continue
                multi = isinstance(field, TextAreaField)
                expected = MULTI_LINE_CLEAN if multi else SINGLE_LINE_CLEAN
                where = f"{form_class.__module__}.{form_class.__qualname__}.{field.name}"
                assert field.data == expected, where
                checked["multi" if multi else "single"] += 1
    assert checked["single"] >= 20
    assert checked["multi"] >= 4


def test_resident_comment_drops_control_characters(app, client):
    """Does a resident's comment (once posted straight past the form) lose its control
    characters, NUL included, and get stored?"""
    user = make_tenant()
    with app.test_request_context():
        from heka_asoy.services import faults as service
        from heka_asoy.services.faults import ReportInput

        report = service.file_report(
            user,
            user.flat.id,
            ReportInput(category="appliances.stove", description="Cold.", phone="040 123 4567"),
        )
    login(client, user)
    response = client.post(f"/my/faults/{report.id}/comment", data={"text": "Still\x00 cold\x07"})
    assert response.status_code == 302
    comment = FaultEvent.get((FaultEvent.report == report.id) & (FaultEvent.kind == "comment"))
    assert comment.text == "Still cold"


def test_search_query_strings_with_control_characters_are_answered(app, client):
    """Do the staff searches answer a query string with a NUL byte (PostgreSQL would refuse it)
    as if the byte were not there?"""
    login(client, make_staff())
    for path in (
        "/staff/identification?q=Lahti%00nen",
        "/staff/bookings/?q=kuusi%00",
        "/staff/faults/?status=%00&company=1%00",
    ):
        assert client.get(path).status_code == 200, path


def test_fields_render_as_valid_html():
    """Does a select without an empty first option render without ``required`` (HTML allows it
    only after a placeholder option), a select with one keep it, and a field rendered hidden carry
    no ``required`` nor length attribute, even when the template asks for ``required``?"""

    class Sample(base.Form):
        kind = SelectField(
            choices=[SelectChoice("a", "A"), SelectChoice("b", "B")], validators=[DataRequired()]
        )
        chosen = SelectField(
            choices=[SelectChoice("", "Choose"), SelectChoice("a", "A")],
            validators=[DataRequired()],
        )
        code = StringField(validators=[DataRequired(), Length(min=11, max=11)])

    form = Sample()
    assert "required" not in form.kind(required=True)
    assert "required" in form.kind.flags  # still validated on the server
    assert "required" in form.chosen(required=True)
    hidden = form.code(type="hidden", required=True)
    assert 'type="hidden"' in hidden
    assert "required" not in hidden
    assert "length" not in hidden
    shown = form.code()
    assert 'maxlength="11"' in shown
    assert "required" in shown


def test_options_rendered_once_per_language_keep_the_choice_and_the_language(app):
    """Does a select with cached options show each language's labels, mark the chosen option
    only (escaping what was sent), and keep the field's own tag attributes?"""
    from flask_babel import refresh

    class CategoryForm(base.Form):
        kind = SelectField(
            "Kind",
            choices=[
                SelectChoice("", "Choose"),
                SelectChoice("a&b", "A and B"),
                SelectChoice("c", "C"),
            ],
            validators=[DataRequired()],
            widget=base.OptionsByLanguage(),
        )

    with app.test_request_context(headers={"Accept-Language": "sv"}):
        refresh()
        empty = str(CategoryForm()["kind"]())
        chosen = str(CategoryForm(MultiDict({"kind": "a&b"}))["kind"](**{"aria-invalid": "true"}))
        tricky = str(CategoryForm(MultiDict({"kind": '"><script>'}))["kind"]())
    assert empty.startswith('<select id="kind" name="kind" required>')
    assert "selected" not in empty
    assert '<option selected value="a&amp;b">A and B</option>' in chosen
    assert chosen.count("selected") == 1
    assert 'aria-invalid="true"' in chosen
    assert "<script>" not in tricky
    assert "selected" not in tricky


def test_fault_categories_follow_the_page_language(app, client):
    """Are the cached category options those of the page's language, each time?"""
    login(client, make_tenant())
    pages = {}
    for language in ("fi", "sv", "fi"):
        client.get(f"/lang/{language}")
        pages.setdefault(language, []).append(client.get("/my/faults/new").get_data(as_text=True))
    fi, sv = pages["fi"][0], pages["sv"][0]
    assert fi != sv
    assert 'lang="fi"' in fi
    assert 'lang="sv"' in sv
    option_fi = fi[fi.index('id="category"') :].split("</select>")[0]
    option_sv = sv[sv.index('id="category"') :].split("</select>")[0]
    assert option_fi != option_sv
    assert (
        option_fi
        == pages["fi"][1][pages["fi"][1].index('id="category"') :].split("</select>")[0]
    )
