"""Two portal "hosts" on this machine behind a TLS-terminating haproxy: the production shape
(several gunicorn hosts and huey consumers on one PostgreSQL and one Redis) made small enough for a
test or a benchmark.

Each host is a network namespace (``ip netns``) joined to the machine by a veth pair; inside it
run gunicorn and a huey consumer, which reach PostgreSQL, Redis and the SMTP server only through
the host-side address of their veth (haproxy forwards those TCP ports to the services on
loopback, which listen nowhere else). The web front is haproxy on 127.0.0.1 with a self-signed
certificate: HTTPS as in production (``Secure`` cookies, HSTS, ``PROXY_HOPS=1``), round robin per
request, and the answering host named in ``X-Served-By``.

``TwoHosts.stop`` kills every process and deletes every namespace it made (deleting a namespace
removes its veth), also after a failed test; ``sweep_stale`` removes what an earlier run left
behind when it was killed outright.

Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN), iproute2, haproxy and openssl. Run by hand:
``.venv/bin/python -m bench.two_hosts DATABASE_URL`` prints the front URL until Ctrl-C.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PREFIX = "hk"  # names of our namespaces and links: hk<pid>n<i>, hk<pid>v<i>
TOOLS = {"ip": "iproute2", "haproxy": "haproxy", "openssl": "openssl"}


class HostsUnavailable(RuntimeError):
    """The machine cannot make network namespaces (not root) or lacks a tool."""


def missing_tools() -> list[str]:
    return [package for tool, package in TOOLS.items() if shutil.which(tool) is None]


def can_make_namespaces() -> bool:
    return os.geteuid() == 0 and not missing_tools()


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def sweep_stale() -> None:
    """Delete namespaces of earlier runs whose process is gone."""
    listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        name = line.split()[0] if line.split() else ""
        if not name.startswith(PREFIX) or "n" not in name[len(PREFIX) :]:
            continue
        pid = name[len(PREFIX) :].split("n")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            subprocess.run(["ip", "netns", "del", name], capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(address: tuple[str, int], timeout: float = 30, netns: str | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if netns:
            probe = subprocess.run(
                ["ip", "netns", "exec", netns, sys.executable, "-c",
                 f"import socket; socket.create_connection({address!r}, 0.5).close()"],
                capture_output=True,
            )  # fmt: skip
            if probe.returncode == 0:
                return
        else:
            try:
                socket.create_connection(address, timeout=0.5).close()
                return
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers at {address} ({netns or 'host'})")


@dataclass
class Host:
    name: str  # h1, h2
    netns: str
    outside: str  # the machine's end of the veth
    inside: str  # the host's address
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)


@dataclass
class TwoHosts:
    """``database_url``: PostgreSQL as the test process reaches it (127.0.0.1); ``redis_url``:
    Redis likewise; the hosts get the same services through their veth."""

    workdir: Path
    database_url: str
    redis_url: str
    smtp_port: int
    hosts: int = 2
    web_workers: int = 2
    job_workers: int = 2
    #: Settings for every host; ``{outside}`` in a value becomes the host's way out (its veth's
    #: far end), where the forwarded services answer.
    env: dict[str, str] = field(default_factory=dict)
    #: More loopback services the hosts reach through their veth: name -> (port they dial,
    #: port on loopback), e.g. an S3 server.
    forwards: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: More gunicorn options for the portal (and the baseline), e.g. the Procfile's.
    web_options: list[str] = field(default_factory=list)
    #: Whether each host runs a huey consumer (a benchmark of pages may leave them out).
    jobs: bool = True
    #: A second WSGI app every host serves the same way (gunicorn on port 8001 with the same
    #: options) behind its own front port, ``baseline_url``: the bench's hello world, so its
    #: ratios include the proxy, TLS and the network namespaces on both sides.
    baseline: str | None = None
    port: int = 0
    baseline_port: int = 0
    members: list[Host] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def baseline_url(self) -> str:
        return f"https://127.0.0.1:{self.baseline_port}"

    @property
    def certificate(self) -> Path:
        return self.workdir / "front.pem"

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> TwoHosts:
        if os.geteuid() != 0:
            raise HostsUnavailable("network namespaces need root")
        if missing_tools():
            raise HostsUnavailable("missing: " + " ".join(missing_tools()))
        sweep_stale()
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "uploads").mkdir(exist_ok=True)
        self.port = self.port or free_port()
        if self.baseline:
            self.baseline_port = self.baseline_port or free_port()
        try:
            self._make_namespaces()
            self._make_certificate()
            self._start_haproxy()
            for host in self.members:
                self._start_host(host)
            for host in self.members:
                for port in self._web_ports():
                    wait_for((host.inside, port), timeout=60)
            wait_for(("127.0.0.1", self.port))
            self._wait_until_every_host_serves()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_every_host_serves(self, timeout: float = 60) -> None:
        """Until haproxy has each host up behind each front: a host counts once its first
        answer came through the proxy (named in ``X-Served-By``). haproxy takes a host up only
        after two passed checks a second apart, so right after start one host may take all the
        requests, or none answers: a test or a benchmark would meet a half-started cluster."""
        fronts = {self.port: "/health"}
        if self.baseline:
            fronts[self.baseline_port] = "/"
        expected = {h.name for h in self.members}
        unverified = ssl._create_unverified_context()  # noqa: S323 - our own test certificate
        deadline = time.monotonic() + timeout
        for port, path in fronts.items():
            seen: set[str] = set()
            while seen != expected:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"haproxy on {port} reached only {sorted(seen)}")
                conn = http.client.HTTPSConnection(
                    "127.0.0.1", port, timeout=10, context=unverified
                )
                try:
                    conn.request("GET", path)
                    answer = conn.getresponse()
                    answer.read()
                    if answer.status == 200:
                        seen.add(answer.getheader("X-Served-By", ""))
                    else:
                        time.sleep(0.2)
                except OSError:
                    time.sleep(0.2)
                finally:
                    conn.close()

    def stop(self) -> None:
        """Stop every process (TERM, then KILL after a few seconds) and delete the namespaces."""
        procs = [p for h in self.members for p in h.processes.values()]
        if self.haproxy is not None:
            procs.append(self.haproxy)
            self.haproxy = None
        _stop_all(procs)
        for host in self.members:
            subprocess.run(["ip", "netns", "del", host.netns], capture_output=True)
        self.members = []

    def __enter__(self) -> TwoHosts:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- parts -----------------------------------------------------------------------------

    def _make_namespaces(self) -> None:
        pid = os.getpid()
        third = pid % 250 + 1
        for i in range(1, self.hosts + 1):
            netns, veth = f"{PREFIX}{pid}n{i}", f"{PREFIX}{pid}v{i}"
            outside, inside = f"10.{200 + i}.{third}.1", f"10.{200 + i}.{third}.2"
            host = Host(f"h{i}", netns, outside, inside)
            self.members.append(host)
            _run("ip", "netns", "add", netns)
            _run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns)
            _run("ip", "addr", "add", f"{outside}/24", "dev", veth)
            _run("ip", "link", "set", veth, "up")
            inns = ("ip", "netns", "exec", netns)
            _run(*inns, "ip", "addr", "add", f"{inside}/24", "dev", "eth0")
            _run(*inns, "ip", "link", "set", "eth0", "up")
            _run(*inns, "ip", "link", "set", "lo", "up")
            _run(*inns, "ip", "route", "add", "default", "via", outside)

    def _make_certificate(self) -> None:
        key, crt = self.workdir / "front.key", self.workdir / "front.crt"
        _run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(crt))  # fmt: skip
        self.certificate.write_bytes(crt.read_bytes() + key.read_bytes())

    def _web_ports(self) -> list[int]:
        return [8000, 8001] if self.baseline else [8000]

    def _service_ports(self) -> dict[str, tuple[int, int]]:
        """name: (port the hosts dial on their veth, port on loopback)."""
        pg = urlsplit(self.database_url).port or 5432
        redis = urlsplit(self.redis_url).port or 6379
        return {
            "pg": (5432, pg),
            "redis": (6379, redis),
            "smtp": (2525, self.smtp_port),
            **self.forwards,
        }

    def _start_haproxy(self) -> None:
        fronts = [("web", self.port, 8000)]
        if self.baseline:
            fronts.append(("baseline", self.baseline_port, 8001))
        webs = []
        for name, front, port in fronts:
            servers = "\n".join(
                f"    server {h.name} {h.inside}:{port} check inter 1s" for h in self.members
            )
            webs.append(f"""frontend {name}
    bind 127.0.0.1:{front} ssl crt {self.certificate}
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    http-response set-header X-Served-By %[srv_name]
    default_backend {name}_hosts

backend {name}_hosts
    balance roundrobin
{servers}
""")
        listens = []
        for name, (dial, local) in self._service_ports().items():
            binds = "\n".join(f"    bind {h.outside}:{dial}" for h in self.members)
            listens.append(
                f"listen {name}\n    mode tcp\n{binds}\n    timeout client 1h\n"
                f"    timeout server 1h\n    server {name} 127.0.0.1:{local}\n"
            )
        config = f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s

{chr(10).join(webs)}
{chr(10).join(listens)}"""
        path = self.workdir / "haproxy.cfg"
        path.write_text(config)
        _run("haproxy", "-c", "-f", str(path))
        log = open(self.workdir / "haproxy.log", "ab")  # noqa: SIM115 - lives with the process
        self.haproxy = subprocess.Popen(
            ["haproxy", "-db", "-f", str(path)], stdout=log, stderr=log, start_new_session=True
        )

    def host_env(self, host: Host) -> dict[str, str]:
        db = urlsplit(self.database_url)
        redis = urlsplit(self.redis_url)
        auth = f"{db.username}@" if db.username else ""
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "HEKA_ENV": "production",
            "SECRET_KEY": "two-hosts-secret-key",
            "HETU_KEY": "two-hosts-hetu-key",
            "DATABASE_URL": f"postgresql+pool://{auth}{host.outside}:5432{db.path}",
            "REDIS_URL": f"redis://{host.outside}:6379{redis.path or '/0'}",
            "MAIL_SERVER": host.outside,
            "MAIL_PORT": "2525",
            "PUBLIC_URL": self.url,
            "PROXY_HOPS": "1",
            "UPLOAD_FOLDER": str(self.workdir / "uploads"),
            "HEKA_HOST_NAME": host.name,
        }
        env.update({k: v.replace("{outside}", host.outside) for k, v in self.env.items()})
        return env

    def _start_host(self, host: Host) -> None:
        env = self.host_env(host)
        inns = ["ip", "netns", "exec", host.netns]
        web = [str(BIN / "gunicorn"), "--workers", str(self.web_workers), *self.web_options]
        commands = {"web": [*web, "--bind", "0.0.0.0:8000", "wsgi:app"]}
        if self.baseline:
            commands["baseline"] = [*web, "--bind", "0.0.0.0:8001", self.baseline]
        if self.jobs:
            commands["jobs"] = [str(BIN / "huey_consumer"), "heka_asoy.worker.huey",
                                "--workers", str(self.job_workers)]  # fmt: skip
        for role, command in commands.items():
            log = open(self.workdir / f"{host.name}-{role}.log", "ab")  # noqa: SIM115
            host.processes[role] = subprocess.Popen(
                [*inns, *command], cwd=ROOT, env=env, stdout=log, stderr=log,
                start_new_session=True,
            )  # fmt: skip

    def kill(self, host_name: str, role: str) -> None:
        """Kill one host's web or jobs process outright (SIGKILL), as a crash would."""
        host = next(h for h in self.members if h.name == host_name)
        _kill_group(host.processes.pop(role))

    def logs(self, host_name: str, role: str) -> str:
        return (self.workdir / f"{host_name}-{role}.log").read_text(errors="replace")


def _signal(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def _stop_all(procs: list[subprocess.Popen], grace: float = 5) -> None:
    """TERM every process group at once, KILL what still runs after ``grace`` seconds (gunicorn
    and huey would otherwise wait for their workers' graceful timeouts)."""
    for proc in procs:
        _signal(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(proc, signal.SIGKILL)
            proc.wait(10)


def _kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    _signal(proc, sig)
    proc.wait(10)


if __name__ == "__main__":  # pragma: no cover - by hand
    import tempfile

    hosts = TwoHosts(
        Path(tempfile.mkdtemp(prefix="two-hosts-")),
        sys.argv[1],
        sys.argv[2] if len(sys.argv) > 2 else "redis://127.0.0.1:6379/7",
        int(sys.argv[3]) if len(sys.argv) > 3 else 8025,
    )
    with hosts:
        print(hosts.url, "(Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
