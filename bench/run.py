"""Throughput of portal pages as a ratio to a Flask hello-world served the same way, same run.

Both apps run under gunicorn (2 sync workers) on loopback; a fixed number of requests is sent by
a few client threads, so the loop is bounded in count. Results are printed and written to
``bench/results/latest.json``. Never run as a timed test: ratios, not seconds, are the figure.

    .venv/bin/python bench/run.py [--requests 2000] [--flats 0]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app: str, port: int, env: dict, *options: str) -> subprocess.Popen:
    """gunicorn with 2 sync workers on loopback (``options``: more command-line options), once it
    accepts connections."""
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", *options, app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def measure(port: int, path: str, total: int, threads: int = 4, cookie: str = "") -> float:
    """Requests per second for ``total`` GETs of ``path`` over keep-alive connections."""
    per_thread = total // threads
    errors = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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


def login_cookie(port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    answer = conn.getresponse()
    answer.read()
    if answer.status != 302:
        raise RuntimeError(f"login failed: {answer.status}")
    return answer.getheader("Set-Cookie").split(";")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--flats", type=int, default=0, help="extra generated flats (scale)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="heka-bench-"))
    env = {
        **os.environ,
        "HEKA_ENV": "development",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "HUEY_URL": f"sqlite:///{workdir / 'huey.db'}",
        "RATELIMIT_ENABLED": "false",
        "FLASK_APP": "wsgi:app",
    }
    flask = [str(BIN / "flask")]
    subprocess.run([*flask, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "load-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    if args.flats:
        subprocess.run(
            [*flask, "generate-stock", "--flats", str(args.flats)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )

    hello_port, app_port = free_port(), free_port()
    hello = start_gunicorn("bench.hello:app", hello_port, env)
    portal = start_gunicorn("wsgi:app", app_port, env)
    try:
        measure(hello_port, "/", 200)  # warm up both
        measure(app_port, "/login", 200)
        baseline = measure(hello_port, "/", args.requests)
        cookie = login_cookie(app_port, "maija.lahtinen@example.fi", "Asukas-2026!")
        pages = {
            "front page (anonymous)": ("/", ""),
            "login page": ("/login", ""),
            "resident dashboard": ("/my/", cookie),
        }
        results = {"hello_world_rps": round(baseline, 1), "flats_extra": args.flats, "pages": {}}
        for label, (path, cookie_value) in pages.items():
            rps = measure(app_port, path, args.requests, cookie=cookie_value)
            results["pages"][label] = {"rps": round(rps, 1), "ratio": round(rps / baseline, 3)}
    finally:
        hello.terminate()
        portal.terminate()
        hello.wait()
        portal.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"hello-world: {results['hello_world_rps']} req/s (ratio 1.0)")
    for label, row in results["pages"].items():
        print(f"{label:28s} {row['rps']:8.1f} req/s  ratio {row['ratio']:.3f}")
    sys.exit(0)


if __name__ == "__main__":
    main()
