"""``flask`` commands for operators: migrate, demo data, staff users, register import, outbox."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app

from .db import database


def init_app(app: Flask) -> None:
    app.cli.add_command(migrate_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(generate_command)
    app.cli.add_command(create_staff_command)
    app.cli.add_command(import_register_command)
    app.cli.add_command(import_city_accounts_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(issue_invoices_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("migrate")
def migrate_command():
    """Apply pending schema migrations."""
    from .migrate import migrate

    applied = migrate(database())
    click.echo(f"applied: {', '.join(applied) if applied else 'nothing (up to date)'}")


@click.command("load-demo")
def demo_command():
    """Load the demo data set once (running it again adds nothing)."""
    from .demo.data import load_demo_data
    from .storage import storage

    counts = load_demo_data(current_app.config["HETU_KEY"].encode(), storage())
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()) or "demo data already loaded")


@click.command("generate-stock")
@click.option("--flats", default=50_000, show_default=True)
@click.option("--seed", default=1, show_default=True)
@click.option("--open-cases", default=0, show_default=True,
              help="Also add this many open desk cases (faults, threads, service requests) over "
              "the flats, for the desk queue's bench; --flats 0 adds only these.")  # fmt: skip
def generate_command(flats: int, seed: int, open_cases: int):
    """Generate a stock of flats at Heka's scale, for benchmarks."""
    from .demo.generator import generate_stock

    if flats:
        counts = generate_stock(flats, current_app.config["HETU_KEY"].encode(), seed=seed)
        click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    if open_cases:
        from .demo.inbox_generator import generate_open_cases

        counts = generate_open_cases(open_cases, seed=seed)
        click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@click.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["staff", "admin"]), default="staff")
@click.password_option()
def create_staff_command(email: str, name: str, role: str, password: str):
    """Create a staff account (asoy desk or admin)."""
    from .services.accounts import AccountError
    from .services.staff import create_staff_user

    try:
        user = create_staff_user(email, name, role, password)
    except AccountError as exc:
        raise click.ClickException(f"refused: {exc.code} {' '.join(exc.details)}") from exc
    click.echo(f"created {user.role} {user.email}")


def _run_import(importer, csv_file) -> None:
    """Run an importer, print its report with every rejected row, exit 1 if any was rejected."""
    report = importer(csv_file, current_app.config["HETU_KEY"].encode())
    click.echo(
        f"rows: {report.rows_total}, imported: {report.rows_imported}, "
        f"rejected: {len(report.rejected)}"
    )
    for rejected in report.rejected:
        click.echo(f"  line {rejected.line_number}: {'; '.join(rejected.reasons)}", err=True)
    if report.rejected:
        sys.exit(1)


@click.command("import-register")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def import_register_command(csv_file):
    """Import housing companies, flats, leases and residents from CSV; report rejected rows."""
    from .services.register_import import import_register

    _run_import(import_register, csv_file)


@click.command("import-city-accounts")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def import_city_accounts_command(csv_file):
    """Import accounts of the city's housing-application service (e-mail + password hash)."""
    from .services.register_import import import_city_accounts

    _run_import(import_city_accounts, csv_file)


@click.command("send-mail")
def send_mail_command():
    """Send the outbox now (the worker does this every minute)."""
    from .services.mailer import send_due

    click.echo(send_due())


@click.command("issue-invoices")
@click.option("--period", metavar="YYYY-MM", help="The month to invoice (default: next month).")
def issue_invoices_command(period: str | None):
    """Make the month's invoice for every running lease (those that have it are skipped)."""
    import re
    from datetime import date

    from .domain.invoicing import month_start
    from .services.billing import issue_month, today

    if period is None:
        month = month_start(today(), 1)
    else:
        match = re.fullmatch(r"(20\d\d)-(0[1-9]|1[0-2])", period.strip())
        if match is None:
            raise click.BadParameter(
                "give the month as YYYY-MM, e.g. 2026-12", param_hint="--period"
            )
        month = date(int(match[1]), int(match[2]), 1)
    result = issue_month(month)
    click.echo(f"{month:%Y-%m}: issued {result.issued}, already there {result.existing}")


def _backup_target():
    """The database and the storage of the uploads as configured now (the upload folder, or the
    bucket of ``STORAGE_URL``)."""
    from .backup import Target
    from .storage import make_storage

    return Target(current_app.config["DATABASE_URL"], make_storage(current_app.config))


@click.command("backup")
@click.option("--to", "dest", default="backups", show_default=True, help="Folder for the archive.")
def backup_command(dest: str):
    """Back up the database and the uploads into one archive, while the portal runs."""
    from .backup import BackupError, backup

    try:
        path = backup(_backup_target(), dest)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(path))


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive: str):
    """Restore an archive of ``flask backup`` into an EMPTY database and upload storage (stop
    the portal first), and check every table and file against the archive's manifest."""
    from .backup import BackupError, restore

    try:
        manifest = restore(archive, _backup_target())
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        f"restored {len(manifest['tables'])} tables ({rows} rows) and "
        f"{len(manifest['files'])} files from {manifest['created_at']}; checksums match"
    )
