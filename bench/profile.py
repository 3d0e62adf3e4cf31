"""Where a page's time goes: CPU milliseconds per request in process, and a pyinstrument profile.

Runs the app in process (Flask's test client, no gunicorn, no network) on a database that
``bench/run.py`` would serve (``DATABASE_URL``: a migrated database with the demo data), so the
figures do not depend on what else the machine runs: CPU time of this process only. For
finding what to make faster; ``bench/run.py`` is the measure.

    DATABASE_URL=sqlite:///… .venv/bin/python bench/profile.py /my/bookings/sauna \
        [--as maija.lahtinen@example.fi] [--htmx] [--requests 300] [--profile]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

# As a script, this folder would come first on sys.path and bench/calendar.py would shadow the
# standard library's ``calendar``: look from the project root instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from heka_asoy import create_app  # noqa: E402
from heka_asoy.demo.data import RESIDENT_PASSWORD, STAFF_PASSWORD  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="email", help="log in as this user (demo password)")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile")
    args = parser.parse_args()

    app = create_app()
    client = app.test_client()
    if args.email:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/login").get_data(as_text=True)).group(1)  # fmt: skip
        password = STAFF_PASSWORD if args.email.endswith("@hekaoy.fi") else RESIDENT_PASSWORD
        answer = client.post(
            "/login", data={"email": args.email, "password": password, "csrf_token": token}
        )
        assert answer.status_code == 302, "login failed"
    headers = {"HX-Request": "true"} if args.htmx else {}
    for path in args.paths:
        first = client.get(path, headers=headers)
        assert first.status_code == 200, (path, first.status_code)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        started = time.process_time()
        for _ in range(args.requests):
            client.get(path, headers=headers)
        took = (time.process_time() - started) / args.requests * 1000
        if profiler:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        print(f"{path}: {took:.2f} CPU ms per request, {len(first.get_data()):,} bytes")


if __name__ == "__main__":
    main()
