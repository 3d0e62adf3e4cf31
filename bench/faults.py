"""Throughput of the fault pages with many reports, as a ratio to a Flask hello-world, same run.

For each scale (``--scales``, default 1,000 and 1,000,000 reports) a fresh copy of a migrated
SQLite database with the demo data gets that many generated fault reports
(``heka_asoy.demo.fault_generator``), 1 % of them on the flat of the demo lease party
maija.lahtinen@example.fi. Then the portal and the hello-world run under gunicorn exactly as in
``bench/run.py`` (whose functions are reused) and a bounded number of requests is sent to:

* the resident's fault list ``/my/faults/`` (logged in as Maija),
* the desk's queue ``/staff/faults/`` (logged in as desk@hekaoy.fi) and some of its filters.

A page slower than ``--max-seconds`` allows gets fewer requests (never fewer than ``--min``),
so the loop stays bounded in count and in time; a page whose single request takes longer than
``--too-slow`` seconds gets three sequential requests and an estimate (2 workers / latency),
because ``bench.run.measure`` gives up after 10 s per request. A page under ``--slow`` req/s
has its queries explained (``EXPLAIN QUERY PLAN`` and timing, in an app context). Results are
printed and written to ``bench/results/faults.json``; ratios, not seconds, are the figure.

    .venv/bin/python bench/faults.py [--scales 1000,1000000] [--requests 500]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BIN, ROOT, free_port, login_cookie, measure, start_gunicorn  # noqa: E402

RESIDENT = ("maija.lahtinen@example.fi", "Asukas-2026!")
DESK = ("desk@hekaoy.fi", "Toimisto-2026!")
SHARE = 0.01  # of the reports on Maija's flat
THREADS = 4  # client threads, as bench/run.py's measure() uses by default
WORKERS = 2  # gunicorn workers, as bench/run.py's start_gunicorn() starts

#: Run in an app context (``python -c``): generate the reports, print what was made as JSON.
GENERATE = """
import json, sys
from heka_asoy import create_app
from heka_asoy.demo.fault_generator import generate_fault_reports
from heka_asoy.models import Flat, User
from heka_asoy.services import access

app = create_app()
with app.app_context():
    maija = User.get(User.email == sys.argv[1])
    flat_id = access.flat_ids_with(maija, "faults")[0]
    counts = generate_fault_reports(
        int(sys.argv[2]), seed=1, concentrate_on=flat_id, concentrate_share=float(sys.argv[3])
    )
    counts["flat_id"] = flat_id
    counts["company_id"] = Flat.get_by_id(flat_id).housing_company_id
    print(json.dumps(counts))
"""

#: Run in an app context: the SQL each page's service call runs, with its plan and time.
EXPLAIN = """
import json, sys, time
from datetime import UTC, datetime
from heka_asoy import create_app
from heka_asoy.models import User
from heka_asoy.services import fault_queue
from heka_asoy.services import faults as service

app = create_app()
db = app.config["DATABASE"]
with app.app_context():
    for item in json.loads(sys.argv[1]):
        seen = []
        original = db.execute_sql

        def recording(sql, params=None, *args, **kwargs):
            seen.append((sql, params))
            return original(sql, params, *args, **kwargs)

        db.execute_sql = recording
        try:
            if item["kind"] == "resident":
                user = User.get(User.email == item["email"])
                seen.clear()
                service.flat_reports(user)
            else:
                filters = fault_queue.QueueFilters(**item["filters"])
                fault_queue.queue(filters, datetime.now(UTC))
        finally:
            db.execute_sql = original
        print(f"--- {item['label']} ({item['path']})")
        for sql, params in seen:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            db.execute_sql(sql, params).fetchall()
            took = (time.perf_counter() - started) * 1000
            print(f"{took:9.1f} ms  {sql}")
            print(f"             params {params}")
            for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall():
                print(f"             plan: {row[-1]}")
"""


def pages(company_id: int) -> list[dict]:
    """The measured pages: label, path, who is logged in and, for explaining, the service call."""
    return [
        {"label": "resident fault list", "path": "/my/faults/", "who": "resident",
         "kind": "resident", "email": RESIDENT[0]},
        {"label": "staff queue (default: open)", "path": "/staff/faults/", "who": "desk",
         "kind": "queue", "filters": {}},
        {"label": "staff queue ?status=open", "path": "/staff/faults/?status=open", "who": "desk",
         "kind": "queue", "filters": {"status": "open"}},
        {"label": "staff queue ?status=all", "path": "/staff/faults/?status=all", "who": "desk",
         "kind": "queue", "filters": {"status": "all"}},
        {"label": "staff queue ?status=waiting", "who": "desk",
         "path": "/staff/faults/?status=waiting_for_parts",
         "kind": "queue", "filters": {"status": "waiting_for_parts"}},
        {"label": "staff queue ?overdue=y", "path": "/staff/faults/?overdue=y", "who": "desk",
         "kind": "queue", "filters": {"overdue": True}},
        {"label": "staff queue ?company=<Maija's>", "who": "desk",
         "path": f"/staff/faults/?company={company_id}",
         "kind": "queue", "filters": {"company": company_id}},
    ]


def latency(port: int, path: str, cookie: str) -> float:
    """Seconds for one GET of ``path``, with a timeout long enough for the slowest page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    took = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: answered {response.status}")
    return took


def bounded_measure(port: int, path: str, cookie: str, args) -> dict:
    """Req/s of ``path`` over at most ``args.requests`` requests, fewer when the page is so slow
    that they would take longer than ``args.max_seconds`` (a short probe decides).

    ``measure`` waits 10 s for an answer and its threads die silently on a timeout (the figure
    would then be too high), so a page whose single request takes longer than
    ``args.too_slow`` seconds is not loaded with 4 threads: a few sequential requests give its
    latency and the figure is estimated as 2 gunicorn workers / latency."""
    single = latency(port, path, cookie)
    if single > args.too_slow:
        times = [single] + [latency(port, path, cookie) for _ in range(2)]
        mean = sum(times) / len(times)
        return {"rps": WORKERS / mean, "requests": len(times), "latency_s": round(mean, 2),
                "estimated": True}
    probe = measure(port, path, THREADS * 2, threads=THREADS, cookie=cookie)
    total = min(args.requests, max(args.min, int(probe * args.max_seconds)))
    total -= total % THREADS
    rps = measure(port, path, total, threads=THREADS, cookie=cookie)
    return {"rps": rps, "requests": total, "latency_s": round(single, 3), "estimated": False}


def run_scale(scale: int, base_db: Path, workdir: Path, env_base: dict, args) -> dict:
    db_path = workdir / f"faults-{scale}.db"
    shutil.copy(base_db, db_path)
    env = {**env_base, "DATABASE_URL": f"sqlite:///{db_path}"}
    started = time.perf_counter()
    made = subprocess.run(
        [str(BIN / "python"), "-c", GENERATE, RESIDENT[0], str(scale), str(SHARE)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    counts = json.loads(made.stdout.strip().splitlines()[-1])
    print(f"{scale:>9,} reports generated in {counts['seconds']:.1f} s "
          f"({wall:.1f} s with start-up), {counts['concentrated']:,} on Maija's flat",
          flush=True)

    result = {
        "reports": counts["fault_report"],
        "events": counts["fault_event"],
        "on_residents_flat": counts["concentrated"],
        "generation_seconds": counts["seconds"],
        "generation_wall_seconds": round(wall, 1),
        "pages": {},
    }
    measured = pages(counts["company_id"])
    hello_port, app_port = free_port(), free_port()
    hello = start_gunicorn("bench.hello:app", hello_port, env)
    portal = start_gunicorn("wsgi:app", app_port, env)
    try:
        measure(hello_port, "/", 200)  # warm up both
        measure(app_port, "/login", 200)
        cookies = {
            "resident": login_cookie(app_port, *RESIDENT),
            "desk": login_cookie(app_port, *DESK),
        }
        baseline = measure(hello_port, "/", args.requests * 4)
        result["hello_world_rps"] = round(baseline, 1)
        for page in measured:
            got = bounded_measure(app_port, page["path"], cookies[page["who"]], args)
            rps = got["rps"]
            result["pages"][page["label"]] = {
                "path": page["path"],
                "rps": round(rps, 1),
                "ratio": round(rps / baseline, 4),
                **{k: v for k, v in got.items() if k != "rps"},
            }
            note = ", estimated from latency" if got["estimated"] else ""
            print(f"  {page['label']:32s} {rps:8.1f} req/s  ({got['requests']} requests{note})",
                  flush=True)
    finally:
        for proc in (hello, portal):
            proc.terminate()
        for proc in (hello, portal):
            proc.wait()

    slow = [p for p in measured if result["pages"][p["label"]]["rps"] < args.slow]
    if slow:
        explained = subprocess.run(
            [str(BIN / "python"), "-c", EXPLAIN, json.dumps(slow)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )
        result["explain"] = explained.stdout
        print(f"  pages under {args.slow} req/s, their queries:")
        print(explained.stdout, flush=True)
    db_path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1000,1000000",
                        help="comma-separated numbers of fault reports")
    parser.add_argument("--requests", type=int, default=500, help="requests per page (most)")
    parser.add_argument("--max-seconds", type=float, default=30.0,
                        help="fewer requests for a page that would take longer than this")
    parser.add_argument("--min", type=int, default=20, help="requests per page (least)")
    parser.add_argument("--too-slow", type=float, default=2.0,
                        help="seconds per request above which req/s is estimated from latency")
    parser.add_argument("--slow", type=float, default=5.0,
                        help="explain the queries of pages under this many req/s")
    args = parser.parse_args()
    scales = [int(s.replace("_", "")) for s in args.scales.split(",") if s.strip()]

    workdir = Path(tempfile.mkdtemp(prefix="heka-bench-faults-"))
    base_db = workdir / "base.db"
    env = {
        **os.environ,
        "HEKA_ENV": "development",
        "DATABASE_URL": f"sqlite:///{base_db}",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "HUEY_URL": f"sqlite:///{workdir / 'huey.db'}",
        "RATELIMIT_ENABLED": "false",
        "FLASK_APP": "wsgi:app",
    }
    results: dict = {"requests": args.requests, "scales": {}}
    try:
        flask = [str(BIN / "flask")]
        subprocess.run([*flask, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([*flask, "load-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        for scale in scales:
            results["scales"][str(scale)] = run_scale(scale, base_db, workdir, env, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "faults.json").write_text(json.dumps(results, indent=2))
    print()
    print(f"{'page':34s} {'reports':>10s} {'req/s':>8s} {'ratio':>7s} {'hello':>8s} latency")
    for scale, row in results["scales"].items():
        for label, page in row["pages"].items():
            mark = " (est.)" if page["estimated"] else ""
            print(f"{label:34s} {int(scale):>10,} {page['rps']:8.1f} {page['ratio']:7.4f} "
                  f"{row['hello_world_rps']:8.1f} {page['latency_s']:.3f} s{mark}")
    for scale, row in results["scales"].items():
        print(f"generation of {int(scale):,} reports: {row['generation_seconds']:.1f} s")


if __name__ == "__main__":
    main()
