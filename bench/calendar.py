"""Throughput of the sauna calendar, as a ratio to a Flask hello-world in the same run.

A migrated SQLite database gets the demo data; the sauna of the demo lease party
maija.lahtinen@example.fi is widened to seven days of eight hours (56 hours, 54 bookable). The
portal and the hello-world then run under gunicorn exactly as in ``bench/run.py`` (whose
functions are reused), and for each scenario the sauna's bookings are rewritten in place (the
servers keep running) and a bounded number of requests is sent to:

* the calendar page ``/my/bookings/sauna`` (logged in as Maija), and
* its HTMX grid partial: the same URL with ``HX-Request: true`` (what choosing a sauna or a
  week swaps).

Scenarios (``--scenarios``, turns/waiting entries): 0/0, 40/0 and 40/1000: 40 weekly turns held
by flats of the housing company (one of them Maija's), and 1,000 waiting-list entries spread over
the taken hours, Maija's flat at the back of five queues. Each page is measured in ``--repeat``
rounds, each round right after a round of the hello-world; the figure is the median of the
rounds' ratios, so a busy machine moves both sides of a ratio alike. The SQL statements of one
request of each page are also counted in-process, with the same session cookie: the partial's
count must not grow with the sauna's bookings. Results are printed and written to
``bench/results/calendar.json``; ratios, not seconds, are the figure.

    .venv/bin/python bench/calendar.py [--requests 500] [--repeat 3] [--scenarios 0/0,40/1000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder would come first on sys.path and this module would shadow
# the standard library's ``calendar`` (which http.client imports through email): look from the
# project root instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from contextlib import contextmanager  # noqa: E402

from bench.run import (  # noqa: E402
    BIN,
    COUNT,
    ROOT,
    free_port,
    login_cookie,
    measure,
    start_gunicorn,
)

RESIDENT = ("maija.lahtinen@example.fi", "Asukas-2026!")
PATH = "/my/bookings/sauna"
PAGES = {"calendar page": {}, "grid partial (HTMX)": {"HX-Request": "true"}}
THREADS = 4  # client threads, as bench/run.py's measure() uses by default
MAIJAS_QUEUES = 5

#: Run in an app context: widen Maija's sauna to 7 x 8 hours; print what the scenarios need.
SETUP = """
import json, sys
from heka_asoy import create_app
from heka_asoy.models import Flat, Sauna, SaunaHour, User
from heka_asoy.services import access

app = create_app()
with app.app_context():
    maija = User.get(User.email == sys.argv[1])
    flat_id = access.flat_ids_with(maija, "sauna")[0]
    flat = Flat.get_by_id(flat_id)
    sauna = Sauna.select().where(Sauna.housing_company == flat.housing_company_id).first()
    for weekday in range(7):
        for start in range(14, 22):
            SaunaHour.get_or_create(sauna=sauna, weekday=weekday, start_hour=start)
    print(json.dumps({"flat_id": flat_id, "sauna_id": sauna.id,
                      "hours": sauna.hours.count()}))
"""

#: Run in an app context: give the sauna ``turns`` turns and ``waiting`` queue entries.
SCENARIO = """
import json, sys
from datetime import timedelta
from heka_asoy import create_app
from heka_asoy.models import Flat, SaunaHour, SaunaTurn, WaitingListEntry, utcnow
from heka_asoy.services.bookings import hour_key, today

flat_id, sauna_id, turns, waiting, maijas_queues = map(int, sys.argv[1:6])
app = create_app()
db = app.config["DATABASE"]
with app.app_context(), db.atomic():
    hours = list(SaunaHour.select().where((SaunaHour.sauna == sauna_id) & SaunaHour.bookable)
                 .order_by(SaunaHour.weekday, SaunaHour.start_hour))
    keys = [hour_key(h.id) for h in hours]
    WaitingListEntry.delete().where(WaitingListEntry.queue_key.in_(keys)).execute()
    SaunaTurn.delete().where(SaunaTurn.hour.in_([h.id for h in hours])).execute()
    flat = Flat.get_by_id(flat_id)
    others = list(Flat.select().where((Flat.housing_company == flat.housing_company_id)
                                      & (Flat.id != flat_id)).order_by(Flat.id))
    taken = hours[:turns]
    per_queue = -(-waiting // max(len(taken), 1)) + 1
    for n in range(max(0, per_queue - len(others))):  # enough flats to wait, one entry each
        others.append(Flat.create(
            housing_company=flat.housing_company_id, building=flat.building_id,
            number=f"Q {n + 1}", flat_type="1h+kk", area_m2=30, floor=1,
            heka_code=f"BENCH-Q-{n + 1}"))
    start = today() - timedelta(days=60)
    for n, hour in enumerate(taken):
        holder = flat_id if n == 0 else others[n % len(others)].id
        SaunaTurn.create(hour=hour, flat=holder, starts_on=start, hold_key=hour_key(hour.id))
    rows, now = [], utcnow()
    queues = taken or hours
    for n in range(waiting):
        hour = queues[n % len(queues)]
        waiter = others[(n // len(queues) + n) % len(others)].id
        key = hour_key(hour.id)
        rows.append({"queue_key": key, "flat": waiter, "hold_key": f"{key}|{waiter}",
                     "joined_at": now - timedelta(minutes=waiting - n)})
    for n, hour in enumerate(queues[1:maijas_queues + 1] if waiting else []):
        key = hour_key(hour.id)
        rows.append({"queue_key": key, "flat": flat_id, "hold_key": f"{key}|{flat_id}",
                     "joined_at": now})
    for chunk in range(0, len(rows), 500):
        WaitingListEntry.insert_many(rows[chunk:chunk + 500]).execute()
    print(json.dumps({"turns": SaunaTurn.select().join(SaunaHour)
                      .where(SaunaHour.sauna == sauna_id).count(),
                      "waiting": WaitingListEntry.select()
                      .where(WaitingListEntry.queue_key.in_(keys)).count()}))
"""

@contextmanager
def sending(headers: dict):
    """Add ``headers`` to every request sent meanwhile: ``bench.run.measure`` takes a cookie
    only, and the HTMX partial is told apart by its ``HX-Request`` header."""
    if not headers:
        yield
        return
    original = http.client.HTTPConnection.request

    def request(self, method, url, body=None, headers=None, **kwargs):  # noqa: B006
        return original(self, method, url, body, {**(headers or {}), **extra}, **kwargs)

    extra = headers
    http.client.HTTPConnection.request = request
    try:
        yield
    finally:
        http.client.HTTPConnection.request = original


def python(script: str, *args: str, env: dict) -> dict:
    done = subprocess.run(
        [str(BIN / "python"), "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"an app-context step failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_scenario(turns, waiting, setup, ports, cookie, env, args) -> dict:
    hello_port, app_port = ports
    made = python(
        SCENARIO,
        str(setup["flat_id"]),
        str(setup["sauna_id"]),
        str(turns),
        str(waiting),
        str(MAIJAS_QUEUES),
        env=env,
    )
    counts = python(
        COUNT, json.dumps({k: (PATH, cookie, h) for k, h in PAGES.items()}), env=env
    )
    row = {**made, "hello_world_rps": None, "pages": {}}
    hellos = []
    for label, headers in PAGES.items():
        with sending(headers):
            measure(app_port, PATH, THREADS * 10, cookie=cookie)  # warm up
        samples = []
        for _ in range(args.repeat):  # page and hello-world in turn: the ratio of neighbours
            hello = measure(hello_port, "/", args.requests * 2)
            with sending(headers):
                rps = measure(app_port, PATH, args.requests, cookie=cookie)
            hellos.append(hello)
            samples.append((rps / hello, rps))
        ratio, rps = statistics.median(samples)
        row["pages"][label] = {
            "rps": round(rps, 1),
            "ratio": round(ratio, 4),
            "ratios": [round(r, 4) for r, _ in samples],
            **counts[label],
        }
    row["hello_world_rps"] = round(statistics.median(hellos), 1)
    for label, page in row["pages"].items():
        print(
            f"  {turns:>3} turns {waiting:>5} waiting  {label:20s} {page['rps']:8.1f} req/s  "
            f"ratio {page['ratio']:.4f}  {page['queries']} queries  {page['bytes']} bytes",
            flush=True,
        )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=500, help="requests per page and round")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of page then hello-world (median ratio)"
    )
    parser.add_argument(
        "--scenarios", default="0/0,40/0,40/1000", help="comma-separated turns/waiting entries"
    )
    args = parser.parse_args()
    scenarios = [tuple(int(n) for n in s.split("/")) for s in args.scenarios.split(",") if s]

    workdir = Path(tempfile.mkdtemp(prefix="heka-bench-calendar-"))
    env = {
        **os.environ,
        "HEKA_ENV": "development",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "HUEY_URL": f"sqlite:///{workdir / 'huey.db'}",
        "RATELIMIT_ENABLED": "false",
        "FLASK_APP": "wsgi:app",
    }
    results: dict = {"requests": args.requests, "path": PATH, "scenarios": {}}
    servers = []
    try:
        flask = [str(BIN / "flask")]
        subprocess.run([*flask, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([*flask, "load-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        setup = python(SETUP, RESIDENT[0], env=env)
        results["sauna_hours"] = setup["hours"]
        ports = free_port(), free_port()
        servers = [
            start_gunicorn("bench.hello:app", ports[0], env),
            start_gunicorn("wsgi:app", ports[1], env),
        ]
        measure(ports[0], "/", 200)  # warm up both
        measure(ports[1], "/login", 200)
        cookie = login_cookie(ports[1], *RESIDENT)
        for turns, waiting in scenarios:
            results["scenarios"][f"{turns}/{waiting}"] = run_scenario(
                turns, waiting, setup, ports, cookie, env, args
            )
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "calendar.json").write_text(json.dumps(results, indent=2))
    print()
    print(f"{'page':22s} {'turns':>5s} {'waiting':>7s} {'req/s':>8s} {'ratio':>7s} "
          f"{'hello':>8s} {'queries':>7s}")  # fmt: skip
    for row in results["scenarios"].values():
        for label, page in row["pages"].items():
            print(
                f"{label:22s} {row['turns']:>5d} {row['waiting']:>7d} {page['rps']:8.1f} "
                f"{page['ratio']:7.4f} {row['hello_world_rps']:8.1f} {page['queries']:>7d}"
            )


if __name__ == "__main__":
    main()
