"""Every main page's throughput as a ratio to a Flask hello-world served the same way, same run.

The portal and the hello-world (``bench/hello.py``) both run under the gunicorn that ``make run``
starts (the options of the Procfile's ``web`` line: 2 sync workers, access log), on loopback, and
``wrk`` (Debian package ``wrk``) loads them in turn: for each page, ``--rounds`` rounds of
hello-world then the page, each for ``--duration`` at ``--connections`` connections; the figure is
the median of the rounds' ratios, so a busy machine moves both sides of a ratio alike. p50 and p99
are wrk's latency percentiles of the page (in its median round). The SQL statements and the bytes
of one request of each page are counted in process, with the same session cookie.

Data: a migrated database gets the demo data and a few hundred generated fault reports spread
over the stock (none on the demo resident's flat), so the fault list is measured with 0 reports;
then 10,000 reports are generated on the demo resident's flat and the fault list and a report
are measured again; last, 100,000 open desk cases (fault reports, threads, service requests:
``generate-stock --open-cases``) and the desk queue is measured with them. ``--scale`` first
grows the stock to Heka's size (50,000 flats) and the
spread reports to 990,000 (1,000,000 with the resident's). ``--postgres URL`` runs the same on
PostgreSQL after SQLite (the database at URL is emptied: its ``public`` schema is dropped).

One table (page, ratio, p50, p99, queries per request, bytes) per database is printed and
written to ``bench/results/latest.md`` (and ``.json``); the README shows the latest one. Never run
as a timed test: ratios, not seconds, are the figure.

    .venv/bin/python bench/run.py [--duration 5s] [--rounds 2] [--postgres URL] [--scale]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESIDENT = ("maija.lahtinen@example.fi", "Asukas-2026!")
DESK = ("desk@hekaoy.fi", "Toimisto-2026!")
ADMIN = ("admin@hekaoy.fi", "Toimisto-2026!")  # the register and the audit log are admins' pages
HTMX = {"HX-Request": "true"}
SPREAD_REPORTS = {False: 300, True: 990_000}  # reports over the stock, none on the resident's
RESIDENT_REPORTS = 10_000
SCALE_FLATS = 50_000
OPEN_CASES = 100_000  # the desk queue's open cases (faults, threads, service requests)
#: The uploads of the PostgreSQL run (the demo's documents), kept beside its database so that
#: ``--reuse`` finds them; SQLite's database and uploads live in a temporary folder.
POSTGRES_UPLOADS = ROOT / "bench" / "results" / "postgresql-uploads"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_options() -> list[str]:
    """The gunicorn options of the Procfile's ``web`` line without its bind and app: the bench
    serves both apps exactly as ``make run`` serves the portal."""
    line = next(
        line.partition(":")[2]
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    words = shlex.split(line)[1:-1]  # without the gunicorn executable and the app
    options, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--bind", "-b"):
            skip = True
        elif not word.startswith("--bind="):
            options.append(word)
    return options


def start_gunicorn(app: str, port: int, env: dict, *options: str) -> subprocess.Popen:
    """gunicorn with the Procfile's options on loopback (``options``: more command-line options),
    once it accepts connections; its error log goes to ``bench/results/gunicorn-<app>.log``."""
    logs = ROOT / "bench" / "results"
    logs.mkdir(exist_ok=True)
    with open(logs / f"gunicorn-{app.partition(':')[0]}.log", "ab") as errors:
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *procfile_options(), *options,
             app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def base_url(target: int | str) -> str:
    """A server to load: a port on loopback (plain HTTP) or a front's URL (``https://…``, the
    two-host proxy with its self-signed certificate)."""
    return f"http://127.0.0.1:{target}" if isinstance(target, int) else target


def connect(target: int | str) -> http.client.HTTPConnection:
    url = urlsplit(base_url(target))
    if url.scheme == "https":
        unverified = ssl._create_unverified_context()  # noqa: S323 - our own test certificate
        return http.client.HTTPSConnection(url.hostname, url.port, timeout=10, context=unverified)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=10)


def measure(port: int | str, path: str, total: int, threads: int = 4, cookie: str = "") -> float:
    """Requests per second for ``total`` GETs of ``path`` from Python threads over keep-alive
    connections (used by ``bench/faults.py`` and ``bench/calendar.py``; this file uses wrk)."""
    per_thread = total // threads
    errors = []

    def worker():
        conn = connect(port)
        headers = {"Cookie": cookie} if cookie else {}
        for _ in range(per_thread):
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} non-200 answers, e.g. {errors[0]}")
    return per_thread * threads / elapsed


def login_cookie(port: int | str, email: str, password: str) -> str:
    conn = connect(port)
    conn.request("GET", "/login")
    page = conn.getresponse()
    body = page.read().decode()
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    from urllib.parse import urlencode

    form = urlencode({"email": email, "password": password, "csrf_token": token})
    conn.request(
        "POST",
        "/login",
        body=form,
        # over HTTPS Flask-WTF wants a same-origin Referer
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                 "Referer": f"{base_url(port)}/login"},
    )  # fmt: skip
    answer = conn.getresponse()
    answer.read()
    if answer.status != 302:
        raise RuntimeError(f"login failed: {answer.status}")
    return answer.getheader("Set-Cookie").split(";")[0]


# --- wrk ------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


class NoAnswer(RuntimeError):
    """wrk saw no complete answer within its duration."""


def wrk(port: int | str, path: str, args, headers: dict | None = None) -> dict:
    """One wrk run: requests per second and latency percentiles (ms); any answer that is not
    2xx/3xx fails the bench (wrk counts redirects as fine, so pages are checked for a 200 by
    ``count_requests`` too)."""
    # wrk's default 2 s timeout drops the answers queued behind 16 connections on a busy machine
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}",
               "--timeout", "30s", "--latency"]  # fmt: skip
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, f"{base_url(port)}{path}"], capture_output=True, text=True, check=True
    )
    out = done.stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise RuntimeError(f"{path}: wrk saw errors:\n{out}")
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    if "99" not in percentiles:
        raise NoAnswer(f"{path}: no answer within -d{args.duration}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _millis(percentiles["50"]),
        "p99": _millis(percentiles["99"]),
    }


# --- app-context steps (run as ``python -c`` with the bench's environment) ------------------

#: Print the ids the pages need, as JSON.
IDS = """
import json, sys
from heka_asoy import create_app
from heka_asoy.models import Document, FaultReport, Flat, Sauna, User
from heka_asoy.services import access

app = create_app()
with app.app_context():
    user = User.get(User.email == sys.argv[1])
    flat_id = access.flat_ids_with(user, "sauna")[0]
    own = (FaultReport.select(FaultReport.id).where(FaultReport.flat == flat_id)
           .order_by(FaultReport.id.desc()).first())
    other = (FaultReport.select(FaultReport.id).where(FaultReport.flat != flat_id)
             .order_by(FaultReport.id.desc()).first())
    sauna = Sauna.select().order_by(Sauna.id).first()
    plan = (Document.select(Document.id)
            .where((Document.housing_company == Flat.get_by_id(flat_id).housing_company_id)
                   & (Document.kind == "rescue_plan")).first())
    from heka_asoy.models import Appointment
    from heka_asoy.services.appointments.links import token_for
    visit = Appointment.get_or_none((Appointment.user == user)
                                    & (Appointment.status == "confirmed"))
    print(json.dumps({"flat_id": flat_id, "own_report": own and own.id,
                      "other_report": other and other.id, "sauna_id": sauna.id,
                      "rescue_plan": plan and plan.id,
                      "visit_token": visit and token_for(visit),
                      "reports": FaultReport.select().count(),
                      "flats": Flat.select().count()}))
"""

#: Generate fault reports: ``n`` spread over the stock (none on flat ``concentrate``) or all on it.
GENERATE = """
import sys
from heka_asoy import create_app
from heka_asoy.demo.fault_generator import generate_fault_reports

n, flat_id, share = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
app = create_app()
with app.app_context():
    generate_fault_reports(n, seed=n, concentrate_on=flat_id, concentrate_share=share)
"""

#: Status, SQL statements and bytes of one request of each page, with the bench's cookies.
COUNT = """
import json, sys
from heka_asoy import create_app

pages = json.loads(sys.argv[1])
app = create_app()
db = app.config["DATABASE"]
result = {}
for label, (path, cookie, headers) in pages.items():
    client = app.test_client()
    if cookie:
        name, _, value = cookie.partition("=")
        client.set_cookie(name, value)
    client.get(path, headers=headers)  # warm: first-request work is not the page's
    seen = []
    original = db.execute_sql

    def counted(sql, params=None, *args, **kwargs):
        seen.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = counted
    try:
        response = client.get(path, headers=headers)
    finally:
        db.execute_sql = original
    if response.status_code != 200:
        raise SystemExit(f"{label}: {path} answered {response.status_code}")
    result[label] = {"queries": len(seen), "bytes": len(response.get_data())}
print(json.dumps(result))
"""


def python(script: str, *args: str, env: dict) -> dict | None:
    done = subprocess.run(
        [str(BIN / "python"), "-c", script, *args], cwd=ROOT, env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"an app-context step failed:\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def flask(env: dict, *command: str) -> None:
    subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip


# --- the run --------------------------------------------------------------------------------


def pages(ids: dict, resident: str, desk: str, phase: str, admin: str = "") -> dict:
    """label → (path, cookie, headers, kind); kind picks the goal (public, resident, partial,
    staff). ``phase`` "demo" is every page at demo size, "many" what 10,000 reports change."""
    if phase == "cases":
        return {
            "staff desk queue (100,000 open cases)": ("/staff/inbox/", desk, {}, "staff"),
            "desk queue, overdue filter": ("/staff/inbox/?overdue=y", desk, {}, "staff"),
            "desk queue partial (HTMX)": ("/staff/inbox/?kind=message", desk, HTMX, "staff"),
        }
    if phase == "many":
        return {
            "fault list (10,000 reports)": ("/my/faults/", resident, {}, "resident"),
            "fault report": (f"/my/faults/{ids['own_report']}", resident, {}, "resident"),
        }
    rescue_plan = f"/my/flat/documents/{ids['rescue_plan']}"
    return {
        "public front": ("/", "", {}, "public"),
        "login": ("/login", "", {}, "public"),
        "contact and office": ("/contact", "", {}, "public"),
        "help": ("/help", "", {}, "public"),
        "accessibility statement": ("/accessibility", "", {}, "public"),
        "privacy notice": ("/privacy", "", {}, "public"),
        "dashboard": ("/my/", resident, {}, "resident"),
        "fault list (0 reports)": ("/my/faults/", resident, {}, "resident"),
        "new-report form": ("/my/faults/new", resident, {}, "resident"),
        "sauna page": ("/my/bookings/sauna", resident, {}, "resident"),
        "sauna grid partial (HTMX)": ("/my/bookings/sauna", resident, HTMX, "partial"),
        "parking": ("/my/bookings/parking", resident, {}, "resident"),
        "offers": ("/my/bookings/offers", resident, {}, "resident"),
        # the demo resident's lease has a year of monthly invoices, one overdue (demo data)
        "rent page (12 months of invoices)": ("/my/rent", resident, {}, "resident"),
        "lease": ("/my/lease/", resident, {}, "resident"),
        "termination form": ("/my/lease/terminate", resident, {}, "resident"),
        "contact details": ("/my/contact", resident, {}, "resident"),
        "occupants": ("/my/occupants", resident, {}, "resident"),
        "door opening": ("/my/door/", resident, {}, "resident"),
        "flat information": ("/my/flat/", resident, {}, "resident"),
        "rescue plan download": (rescue_plan, resident, {}, "resident"),
        "power of attorney": ("/my/power-of-attorney/", resident, {}, "resident"),
        "messages": ("/my/messages/", resident, {}, "resident"),
        "my cases": ("/my/cases", resident, {}, "resident"),
        "staff queue": ("/staff/faults/", desk, {}, "staff"),
        "staff report": (f"/staff/faults/{ids['other_report']}", desk, {}, "staff"),
        "staff bookings": ("/staff/bookings/", desk, {}, "staff"),
        "staff sauna": (f"/staff/bookings/sauna/{ids['sauna_id']}", desk, {}, "staff"),
        "staff invoicing": ("/staff/invoicing/", desk, {}, "staff"),
        "staff payment imports": ("/staff/billing/payments/imports", desk, {}, "staff"),
        "staff unmatched payments": ("/staff/billing/payments/unmatched", desk, {}, "staff"),
        "staff occupant changes": ("/staff/occupants/", desk, {}, "staff"),
        "staff terminations": ("/staff/terminations/", desk, {}, "staff"),
        "staff powers": ("/staff/powers/", desk, {}, "staff"),
        "staff messages": ("/staff/messages/", desk, {}, "staff"),
        "staff desk queue": ("/staff/inbox/", desk, {}, "staff"),
        "staff office week": ("/staff/office/", desk, {}, "staff"),
        "staff office day": ("/staff/office/day", desk, {}, "staff"),
        "staff office waiting": ("/staff/office/waiting", desk, {}, "staff"),
        "notifications": ("/notifications/", resident, {}, "resident"),
        "announcements": ("/my/announcements/", resident, {}, "resident"),
        "staff announcements": ("/staff/announcements/", desk, {}, "staff"),
        "office appointments": ("/my/appointments/", resident, {}, "resident"),
        "appointment request form": ("/my/appointments/new", resident, {}, "resident"),
        "public appointment form": ("/appointments/request", "", {}, "public"),
        # the demo resident's confirmed visit: its free slots of four weeks by day
        "appointment link page": (
            f"/appointments/manage/{ids.get('visit_token')}",
            "",
            {},
            "public",
        ),
        # each read of the register and the audit log writes its own audit row
        "register search (company)": ("/staff/register/?company=asunto", admin, {}, "staff"),
        "register flat page": (f"/staff/register/flat/{ids['flat_id']}", admin, {}, "staff"),
        "audit log": ("/staff/audit/", admin, {}, "staff"),
    }


GOALS = {"public": 0.20, "resident": 0.20, "partial": 0.25, "staff": 0.15}


def measure_pages(targets, listed: dict, env: dict, args) -> dict:
    hello_port, app_port = targets
    counts = python(
        COUNT, json.dumps({k: (p, c, h) for k, (p, c, h, _kind) in listed.items()}), env=env
    )
    rows = {}
    for label, (path, cookie, headers, kind) in listed.items():
        sent = {**headers, **({"Cookie": cookie} if cookie else {})}
        measure(app_port, path, 16, cookie=cookie)  # each worker compiles the page's templates
        rounds = []
        for _ in range(args.rounds):
            hello = wrk(hello_port, "/", args)
            try:
                page = wrk(app_port, path, args, sent)
            except NoAnswer:  # a stall of the shared machine: once more, else said in the table
                try:
                    page = wrk(app_port, path, args, sent)
                except NoAnswer:
                    page = {"rps": 0.0, "p50": float("nan"), "p99": float("nan")}
            rounds.append((page["rps"] / hello["rps"], page, hello["rps"]))
        rounds.sort(key=lambda r: r[0])
        ratio, page, hello_rps = rounds[len(rounds) // 2]
        rows[label] = {
            "path": path, "kind": kind, "ratio": round(statistics.median(r[0] for r in rounds), 3),
            "ratios": [round(r[0], 3) for r in rounds], "rps": page["rps"], "hello_rps": hello_rps,
            "p50": page["p50"], "p99": page["p99"], "goal": GOALS[kind], **counts[label],
        }  # fmt: skip
        print(f"  {label:30s} ratio {rows[label]['ratio']:.3f}  p50 {page['p50']:6.1f} ms  "
              f"p99 {page['p99']:6.1f} ms  {counts[label]['queries']:3d} queries  "
              f"{counts[label]['bytes']:7d} bytes", flush=True)  # fmt: skip
    return rows


def load(env: dict, scale: bool, postgres: str | None) -> None:
    """An empty database, migrated, with the demo data (and, at scale, Heka's stock)."""
    if postgres:
        subprocess.run(
            [str(BIN / "python"), "-c",
             "import sys; from heka_asoy.db import make_database as m; d = m(sys.argv[1]); "
             "d.execute_sql('DROP SCHEMA IF EXISTS public CASCADE'); "
             "d.execute_sql('CREATE SCHEMA public')", postgres],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    flask(env, "migrate")
    flask(env, "load-demo")
    if scale:
        flask(env, "generate-stock", "--flats", str(SCALE_FLATS))


def settle(name: str, env: dict) -> None:
    """After a bulk load, give PostgreSQL the table statistics its autovacuum would gather in
    the minutes after: measured at once, the planner guessed from empty tables (the desk
    queue at 100,000 cases took 870 ms a request instead of 20 ms). SQLite gathers none by
    itself, so a running SQLite portal has none either and none are made here."""
    if name == "PostgreSQL":
        python_code = (
            "import sys; from heka_asoy.db import make_database as m; "
            "m(sys.argv[1]).execute_sql('ANALYZE')"
        )
        subprocess.run([str(BIN / "python"), "-c", python_code, env["DATABASE_URL"]],
                       cwd=ROOT, env=env, check=True)  # fmt: skip


@contextmanager
def serving(env: dict, args):
    """The hello world and the portal, served the same way; yields their targets (a port or a
    front URL). On loopback: gunicorn with the Procfile's options, one each. With ``--hosts``:
    two hosts in network namespaces behind a TLS haproxy (``bench/two_hosts.py``), each running
    both apps with those options, so hello world also pays for the proxy, TLS and the hop."""
    if not args.hosts:
        ports = free_port(), free_port()
        servers = [start_gunicorn("bench.hello:app", ports[0], env),
                   start_gunicorn("wsgi:app", ports[1], env)]  # fmt: skip
        try:
            yield ports
        finally:
            for proc in servers:
                proc.terminate()
            for proc in servers:
                proc.wait()
        return
    from bench.two_hosts import TwoHosts

    settings = ("SECRET_KEY", "HETU_KEY", "UPLOAD_FOLDER", "RATELIMIT_ENABLED")
    hosts = TwoHosts(
        Path(env["UPLOAD_FOLDER"]).parent / "hosts",
        env["DATABASE_URL"],
        args.redis,
        free_port(),  # no mail goes out while pages are read: nothing listens there
        web_options=procfile_options(),
        jobs=False,  # the bench reads pages; the consumers' periodic jobs would be noise
        baseline="bench.hello:app",
        env={name: env[name] for name in settings},
    )
    with hosts:
        yield hosts.baseline_url, hosts.url


def _login(targets) -> tuple[str, str, str]:
    """Warm every worker of both apps, then the three bench users' session cookies."""
    measure(targets[0], "/", 64)  # bounded Python requests first, then wrk too
    measure(targets[1], "/login", 64)
    wrk(targets[0], "/", args=_WARM)
    wrk(targets[1], "/login", args=_WARM)
    return tuple(login_cookie(targets[1], *who) for who in (RESIDENT, DESK, ADMIN))


_WARM = argparse.Namespace(threads=2, connections=16, duration="3s")


def run_database(name: str, env: dict, args) -> dict:
    if args.reuse:
        return run_loaded(name, env, args)
    print(f"{name}: loading", flush=True)
    load(env, args.scale, env["DATABASE_URL"] if name == "PostgreSQL" else None)
    ids = python(IDS, RESIDENT[0], env=env)
    python(GENERATE, str(SPREAD_REPORTS[args.scale]), str(ids["flat_id"]), "0", env=env)
    ids = python(IDS, RESIDENT[0], env=env)
    settle(name, env)
    with serving(env, args) as targets:
        resident, desk, admin = _login(targets)
        print(f"{name}: {ids['reports']} fault reports", flush=True)
        rows = measure_pages(targets, pages(ids, resident, desk, "demo", admin), env, args)
        python(GENERATE, str(RESIDENT_REPORTS), str(ids["flat_id"]), "1", env=env)
        settle(name, env)
        ids = python(IDS, RESIDENT[0], env=env)
        print(f"{name}: {ids['reports']} fault reports, {RESIDENT_REPORTS} on the flat",
              flush=True)  # fmt: skip
        rows |= measure_pages(targets, pages(ids, resident, desk, "many"), env, args)
        flask(env, "generate-stock", "--flats", "0", "--open-cases", str(OPEN_CASES))
        settle(name, env)
        print(f"{name}: {OPEN_CASES:,} open desk cases", flush=True)
        rows |= measure_pages(targets, pages(ids, resident, desk, "cases"), env, args)
    return {"reports": ids["reports"], "flats": ids["flats"], "pages": rows}


def run_loaded(name: str, env: dict, args) -> dict:
    """``--reuse``: the database a whole earlier run left (every phase's rows are there: the
    stock, the reports with 10,000 on the resident's flat, the open desk cases), migrated to
    this code's schema; every page once, so a change can be measured again in minutes."""
    flask(env, "migrate")
    ids = python(IDS, RESIDENT[0], env=env)
    if ids["reports"] < RESIDENT_REPORTS:
        sys.exit(f"--reuse: {env['DATABASE_URL']} holds no earlier run's data")
    settle(name, env)
    with serving(env, args) as targets:
        resident, desk, admin = _login(targets)
        print(f"{name}: {ids['reports']:,} fault reports, {RESIDENT_REPORTS:,} on the flat, "
              f"{OPEN_CASES:,} open desk cases", flush=True)  # fmt: skip
        listed = pages(ids, resident, desk, "demo", admin)
        del listed["fault list (0 reports)"]
        listed |= pages(ids, resident, desk, "many") | pages(ids, resident, desk, "cases")
        rows = measure_pages(targets, listed, env, args)
    return {"reports": ids["reports"], "flats": ids["flats"], "pages": rows}


def table(results: dict) -> str:
    """The Markdown table the README shows."""
    lines = [
        f"Run {results['when']} on {results['cpus']} CPUs (load average before: "
        f"{results['load']}), wrk -t{results['threads']} -c{results['connections']} "
        f"-d{results['duration']}, {results['rounds']} rounds, "
        + ", ".join(
            f"{name}: {result['flats']:,} flats, {result['reports']:,} fault reports"
            for name, result in results["databases"].items()
        )
        + (", two hosts behind haproxy (TLS), hello world likewise" if results.get("hosts") else "")
        + ".",
        "",
        "| page | database | ratio | goal | p50 ms | p99 ms | queries | bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for db_name, result in results["databases"].items():
        for label, row in result["pages"].items():
            met = "" if row["ratio"] >= row["goal"] else " (missed)"
            lines.append(
                f"| {label} | {db_name} | {row['ratio']:.3f} | ≥ {row['goal']:.2f}{met} | "
                f"{row['p50']:.1f} | {row['p99']:.1f} | {row['queries']} | {row['bytes']:,} |"
            )
    hellos = {
        db_name: round(statistics.median(r["hello_rps"] for r in result["pages"].values()))
        for db_name, result in results["databases"].items()
    }
    lines += ["", "Hello world (median of the rounds): "
              + ", ".join(f"{k} run {v:,} req/s" for k, v in hellos.items()) + "."]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", default="5s", help="wrk -d per round (default 5s)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="hello/page rounds (median ratio)")
    parser.add_argument("--postgres", help="also run on this PostgreSQL URL (it is emptied)")
    parser.add_argument("--scale", action="store_true",
                        help="Heka's scale: 50,000 flats and 1,000,000 fault reports")  # fmt: skip
    parser.add_argument(
        "--hosts",
        action="store_true",
        help="serve on two hosts behind haproxy (root; PostgreSQL only)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the data an earlier whole run left in --postgres (no loading)",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/9",
        help="the Redis of --hosts (default redis://127.0.0.1:6379/9)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (make bench does it)")
    if args.reuse and not args.postgres:
        sys.exit("--reuse measures the data an earlier run left: give --postgres URL")
    if args.hosts and not args.postgres:
        sys.exit("--hosts shares one database between hosts: give --postgres URL")

    workdir = Path(tempfile.mkdtemp(prefix="heka-bench-"))
    base = {
        **os.environ,
        "HEKA_ENV": "development",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "HUEY_URL": f"sqlite:///{workdir / 'huey.db'}",
        "RATELIMIT_ENABLED": "false",
        "FLASK_APP": "wsgi:app",
        # the hosts of --hosts run in production mode: the same keys for them and the steps here
        "SECRET_KEY": "bench-secret-key",
        "HETU_KEY": "bench-hetu-key",
    }
    only_postgres = args.hosts or args.reuse
    databases = {} if only_postgres else {"SQLite": f"sqlite:///{workdir / 'bench.db'}"}
    if args.postgres:
        databases["PostgreSQL"] = args.postgres
    results = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "load": " ".join(f"{n:.1f}" for n in os.getloadavg()),
        "duration": args.duration, "connections": args.connections, "threads": args.threads,
        "rounds": args.rounds, "scale": args.scale, "hosts": args.hosts, "databases": {},
    }  # fmt: skip
    try:
        for name, url in databases.items():
            env = {**base, "DATABASE_URL": url}
            if name == "PostgreSQL":  # the uploads stay with the database, for --reuse
                env["UPLOAD_FOLDER"] = str(POSTGRES_UPLOADS)
                if not args.reuse:
                    shutil.rmtree(POSTGRES_UPLOADS, ignore_errors=True)
            results["databases"][name] = run_database(name, env, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    name = "two-hosts" if args.hosts else "latest"
    (out / f"{name}.json").write_text(json.dumps(results, indent=2))
    (out / f"{name}.md").write_text(table(results))
    print()
    print(table(results))


if __name__ == "__main__":
    main()
