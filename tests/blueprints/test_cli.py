"""Operator commands and the demo-only pages."""

from __future__ import annotations

from heka_asoy import create_app
from heka_asoy.models import OutboxMail, User
from tests.factories import login, make_staff


def test_create_staff_command(app):
    """Does ``flask create-staff`` create an active staff account, and refuse a weak password?"""
    runner = app.test_cli_runner()
    ok = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "Uusi@Hekaoy.fi",
            "--name",
            "Uusi Virkailija",
            "--password",
            "Toimisto-1!",
        ]
    )
    assert ok.exit_code == 0, ok.output
    user = User.get(User.email == "uusi@hekaoy.fi")
    assert user.role == "staff"
    assert user.is_active
    weak = runner.invoke(
        args=["create-staff", "--email", "b@hekaoy.fi", "--name", "B", "--password", "short"]
    )
    assert weak.exit_code != 0
    assert "refused" in weak.output
    assert not User.select().where(User.email == "b@hekaoy.fi").exists()


def test_migrate_command_is_idempotent(app):
    """Does ``flask migrate`` on an up-to-date database say so?"""
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_admin_creates_staff_in_the_browser_form(app, client):
    """Can an admin create a staff account from the staff pages, and a desk user not?"""
    admin = make_staff(role="admin")
    login(client, admin)
    response = client.post(
        "/staff/users/new",
        data={
            "email": "toinen@hekaoy.fi",
            "name": "Toinen",
            "role": "staff",
            "password": "Toimisto-1!",
        },
    )
    assert response.status_code == 200
    assert User.get(User.email == "toinen@hekaoy.fi").role == "staff"


def test_demo_mailbox_only_in_demo_mode(app_config):
    """Is the sent-mail page there in demo mode and absent otherwise?"""
    plain = create_app(app_config).test_client()
    assert plain.get("/demo/mail").status_code == 404
    app_config["DEMO_MODE"] = True
    demo_app = create_app(app_config)
    with demo_app.app_context():
        OutboxMail.create(recipient="a@example.fi", subject="Hei", body_text="http://localhost/activate/1")
    demo = demo_app.test_client()
    page = demo.get("/demo/mail")
    assert page.status_code == 200
    assert b"Hei" in page.data
    assert b'href="http://localhost/activate/1"' in demo.get("/demo/mail/1").data


def test_import_register_command_reports_rejected_rows(app):
    """Does ``flask import-register`` import good rows, list each rejected row with its line
    and reasons, and exit non-zero?"""
    from pathlib import Path

    sample = Path(__file__).parents[1] / "data" / "register_sample.csv"
    result = app.test_cli_runner().invoke(args=["import-register", str(sample)])
    assert result.exit_code == 1
    assert "rejected:" in result.output
    assert "line " in result.output
