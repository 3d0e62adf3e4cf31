"""A real IMAP server for the desk mailbox tests: Debian's dovecot with a throw-away
configuration under a temporary folder, in the foreground on a free localhost port.

Plain-text login against a passwd-file, Maildir storage under the folder, no TLS, logs to a
file (shown when it fails to start). Run as root (containers, CI), dovecot refuses to keep mail
as root: the mail then belongs to ``nobody`` and the helpers are dovecot's own system users.
Locally and in CI (``CI=true``) a missing dovecot fails the tests; elsewhere it skips them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot")
                                      else None)

#: Mailboxes of one server (one per test that asks).
ACCOUNTS = 100


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _users() -> tuple[str, str, int, int]:
    """(internal user, login user, mail uid, mail gid) for the user running the tests."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
    nobody = pwd.getpwnam("nobody")
    internal = "dovecot" if _exists("dovecot") else "nobody"
    login = "dovenull" if _exists("dovenull") else "nobody"
    return internal, login, nobody.pw_uid, nobody.pw_gid


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class Dovecot:
    """One running server; ``new_account()`` gives each test a mailbox of its own."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="heka-dovecot-"))
        self.folder.chmod(0o755)  # the mail user (nobody under root) must reach its mail
        self.port = _free_port()
        self.passwd = self.folder / "passwd"
        # Accounts are written before the start: dovecot re-reads a changed passwd-file only
        # when its mtime (whole seconds) moves, so accounts added later may not log in at once.
        self.accounts = [f"desk{n}" for n in range(ACCOUNTS)]
        self.passwd.write_text("".join(f"{u}:{{PLAIN}}secret::::::\n" for u in self.accounts))
        self.log = self.folder / "dovecot.log"
        internal, login, uid, gid = _users()
        mail = self.folder / "mail"
        mail.mkdir()
        if os.geteuid() == 0:
            os.chown(mail, uid, gid)
        for name in ("run", "state"):
            (self.folder / name).mkdir()
        self.conf = self.folder / "dovecot.conf"
        self.conf.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.folder}/run
state_dir = {self.folder}/state
instance_name = heka-test-{self.port}
log_path = {self.log}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {_group(internal)}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
        self.process = subprocess.Popen(  # noqa: S603 - our own binary and config
            [DOVECOT, "-c", str(self.conf), "-F"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        log = self.log.read_text() if self.log.exists() else ""
        self.stop()
        raise RuntimeError(f"dovecot did not start:\n{log}")

    def new_account(self) -> tuple[str, str]:
        """A fresh mailbox: (user, password)."""
        return self.accounts.pop(), "secret"

    def url(self, user: str, password: str, port: int | None = None) -> str:
        return f"imap://{user}:{password}@127.0.0.1:{port or self.port}/INBOX"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _group(user: str) -> str:
    import grp

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def start_dovecot() -> Dovecot:
    """Start a server, or fail when dovecot is not installed (``make test`` installs it): the
    mailbox tests are never skipped, on CI or anywhere."""
    if DOVECOT is None:
        pytest.fail(
            "dovecot is not installed (apt-get install dovecot-imapd; make test does)",
            pytrace=False,
        )
    return Dovecot()
