"""/ready against a PostgreSQL server that really stops and starts again (issue: "/ready fails
when PostgreSQL is stopped").

The other readiness tests stand in for a stopped server with a port where nothing listens; that
never shows what an outage does to the connection pool. Here the tests run a cluster of their
own (Debian's ``initdb`` and ``pg_ctl``, trust auth, loopback only, a free port, the socket in
the cluster's folder) and an app on it through ``postgresql+pool://`` as in production: the
pool holds a connection, the server stops under it (``pg_ctl stop -m fast`` ends every backend)
and starts again. /ready must say "failed" while it is down and "ok" once it is back, and no
request may be handed the pool's dead connection afterwards. That last part holds because
peewee's pool (4.x, pinned) runs ``SELECT 1`` on a pooled connection before lending it and
drops one that fails; peewee 3's pool only read the driver's local status, which still says
"idle" for a connection whose backend is gone, so the next request failed with a 500.

Without ``initdb``/``pg_ctl`` (the ``postgresql`` package, which ``make test`` installs) the
tests fail, never skip, naming the package, as the browser, mailbox and two-host tests do.
The cluster is their own, so they do not use ``TEST_DATABASE_URL``; the PostgreSQL pass of
``make test`` runs them again (cheap). They stay on one xdist worker, so each pass makes one
cluster.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from heka_asoy import create_app
from heka_asoy.db import make_database
from heka_asoy.migrate import migrate
from tests.conftest import _fresh_g_per_request, make_test_config
from tests.factories import login, make_tenant

#: Debian installs each server major version side by side under here (``15/bin/initdb``).
POSTGRESQL_LIB = Path("/usr/lib/postgresql")
DATABASE = "heka_ready"
#: The user PostgreSQL runs as when the tests run as root (it refuses to run as root).
SYSTEM_USER = "postgres"

pytestmark = pytest.mark.xdist_group("own-postgresql")


def _version(bin_dir: Path) -> tuple[int, ...]:
    name = bin_dir.parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def postgresql_bin() -> Path | None:
    """The newest installed server's bin folder that has both ``initdb`` and ``pg_ctl``."""
    found = [
        pg_ctl.parent
        for pg_ctl in POSTGRESQL_LIB.glob("*/bin/pg_ctl")
        if (pg_ctl.parent / "initdb").exists()
    ]
    return max(found, key=_version, default=None)


def missing_postgresql(what: str) -> None:
    """Fail the test for a missing server: a skip would hide the gap in CI and on any machine."""
    pytest.fail(f"{what}: apt-get install postgresql (Debian's server package)", pytrace=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throw-away PostgreSQL cluster in a folder of its own, listening on 127.0.0.1 only.

    The folder comes from ``tempfile``, not pytest's ``tmp_path``: pytest's base folder is
    private to the user running the tests (0700), so under root the ``postgres`` user could not
    reach a data folder inside it; this one is handed to that user instead.
    """

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="heka-ready-pg-"))
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.log = self.folder / "postgresql.log"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                shutil.rmtree(self.folder, ignore_errors=True)
                missing_postgresql(f"no {SYSTEM_USER} system user to run PostgreSQL as (root)")
            runuser = shutil.which("runuser")
            if runuser is None:
                shutil.rmtree(self.folder, ignore_errors=True)
                missing_postgresql("runuser (util-linux) is needed to run PostgreSQL as root")
            self.as_user = [runuser, "-u", SYSTEM_USER, "--"]
            self.sockets.mkdir()
            for path in (self.folder, self.sockets):
                os.chown(path, account.pw_uid, account.pw_gid)
        else:
            self.sockets.mkdir()

    def url(self, database: str = DATABASE, pooled: bool = False) -> str:
        scheme = "postgresql+pool" if pooled else "postgresql"
        return f"{scheme}://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin_dir / program), *args]
        done = subprocess.run(  # noqa: S603 - the installed server's own tools
            command, cwd=self.folder, capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{log}"
            )

    def init(self) -> None:
        """A new cluster: the ``postgres`` superuser with trust auth, and settings for a
        test server (no fsync: its data is thrown away)."""
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync")  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\n"
                f"port = {self.port}\n"
                f"unix_socket_directories = '{self.sockets}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
            )

    def start(self) -> None:
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.log))

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))

    def running(self) -> bool:
        command = [*self.as_user, str(self.bin_dir / "pg_ctl"), "status", "-D", str(self.data)]
        done = subprocess.run(  # noqa: S603 - the installed server's own tools
            command, cwd=self.folder, capture_output=True, timeout=30, check=False
        )
        return done.returncode == 0

    def remove(self) -> None:
        """Stop at once (``immediate``: nothing to keep) when still running, and delete it all."""
        try:
            if self.data.exists() and self.running():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    """A running cluster with a migrated database ``DATABASE``, stopped and deleted after the
    module's tests even when one fails."""
    bin_dir = postgresql_bin()
    if bin_dir is None:
        missing_postgresql(f"no initdb and pg_ctl under {POSTGRESQL_LIB}/<version>/bin")
    server = Cluster(bin_dir)
    try:
        server.init()
        server.start()
        admin = make_database(server.url("postgres"))
        admin.execute_sql(f'CREATE DATABASE "{DATABASE}"')
        admin.close()
        db = make_database(server.url())
        migrate(db)
        db.close()
        yield server
    finally:
        server.remove()


@pytest.fixture
def running(cluster):
    """The cluster, started again when an earlier test failed while it was stopped."""
    if not cluster.running():
        cluster.start()
    return cluster


@pytest.fixture
def pooled_app(running, tmp_path):
    """A test app on the cluster through the connection pool, as production runs."""
    app = create_app(make_test_config(running.url(pooled=True), tmp_path))
    _fresh_g_per_request(app)
    with app.app_context():
        yield app
    app.config["DATABASE"].close_all()


def _idle_connections(app) -> list:
    """The connections the pool holds for the next request (not lent to anyone)."""
    return [conn for _, _, conn in app.config["DATABASE"]._connections]


def _ready(client) -> tuple[int, dict]:
    response = client.get("/ready")
    return response.status_code, response.json


def test_ready_fails_while_postgresql_is_stopped_and_recovers_when_it_starts(running, pooled_app):
    """Pool holding a connection, server stopped: /ready 503 naming the database only, /health
    still 200 (the process must not be restarted); server started again: /ready 200 and pages
    that read the database answer, not 500."""
    client = pooled_app.test_client()
    assert _ready(client) == (200, {"status": "ok", "checks": {"database": "ok", "storage": "ok"}})
    assert len(_idle_connections(pooled_app)) == 1  # the check's connection went back to the pool

    running.stop("fast")
    assert _ready(client) == (
        503,
        {"status": "failed", "checks": {"database": "failed", "storage": "ok"}},
    )
    assert client.get("/health").status_code == 200
    assert _ready(client)[0] == 503  # a second poll too: nothing cached, nothing recovered yet

    running.start()
    assert _ready(client) == (200, {"status": "ok", "checks": {"database": "ok", "storage": "ok"}})
    assert client.get("/").status_code == 200
    tenant = make_tenant()
    pooled_app.config["DATABASE"].close()  # the factories' connection back to the pool
    assert login(client, tenant).status_code == 302
    assert client.get("/my/").status_code == 200


def test_no_request_gets_the_dead_pooled_connection_after_a_restart(running, pooled_app):
    """The server restarts between two requests, nothing asks for a connection while it is
    down: the pool still holds the connection whose backend is gone. The next page (which reads
    the logged-in user and the flat) must answer 200 on a new connection, and so must /ready."""
    db = pooled_app.config["DATABASE"]
    tenant = make_tenant()
    db.close()
    client = pooled_app.test_client()
    assert login(client, tenant).status_code == 302
    assert client.get("/my/").status_code == 200
    [before] = _idle_connections(pooled_app)
    backend = before.get_backend_pid()

    running.stop("fast")
    running.start()
    assert before.closed == 0  # the driver has not noticed: only using it would tell

    assert client.get("/my/").status_code == 200
    [after] = _idle_connections(pooled_app)
    assert after is not before
    assert after.get_backend_pid() != backend
    assert _ready(client) == (200, {"status": "ok", "checks": {"database": "ok", "storage": "ok"}})


def test_missing_postgresql_fails_and_names_the_package(monkeypatch):
    """Without the server's tools the test fails, on CI and elsewhere, naming the package."""
    for ci in ("true", "", "false"):
        monkeypatch.setenv("CI", ci)
        with pytest.raises(pytest.fail.Exception, match="apt-get install postgresql"):
            missing_postgresql("no initdb")


def test_finds_the_newest_server_with_both_tools(monkeypatch, tmp_path):
    """The version folder is found, never hard-coded: the newest with initdb and pg_ctl."""
    for version, tools in (("13", ("initdb", "pg_ctl")), ("16", ("initdb", "pg_ctl")),
                           ("17", ("pg_ctl",)), ("9.6", ("initdb", "pg_ctl"))):  # fmt: skip
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        for tool in tools:
            (folder / tool).touch()
    monkeypatch.setattr(f"{__name__}.POSTGRESQL_LIB", tmp_path)
    assert postgresql_bin() == tmp_path / "16" / "bin"
    monkeypatch.setattr(f"{__name__}.POSTGRESQL_LIB", tmp_path / "none")
    assert postgresql_bin() is None
