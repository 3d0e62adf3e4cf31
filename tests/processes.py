"""The start method of the concurrency tests' worker processes.

The workers were spawned: each one a new interpreter importing Flask, peewee, the app and the
test modules before doing its few milliseconds of work, 0.5-1 s of CPU per process, and a run
starts a few hundred of them (38 % of the CPU of the PostgreSQL pass). A fork server imports
all that once per test process; each worker is then a fork of it. The server itself forked from
nothing the tests set up (no open database connection, no threads), so the workers start as
clean as spawned ones; the target still travels by name, as with spawn. A forked worker would
have the server's environment; it gets the parent's of the moment it starts, as with spawn (a
test sets a limit for its workers with ``monkeypatch.setenv``).
"""

from __future__ import annotations

import os
from multiprocessing.context import BaseContext, ForkServerContext, ForkServerProcess

#: What every worker needs, imported once in the fork server.
PRELOAD = [
    "heka_asoy",
    "heka_asoy.models",
    "heka_asoy.services",
    "tests.factories",
    "tests.services.test_concurrency",
    "tests.desk_race",
]


class _Process(ForkServerProcess):
    """A fork-server process that runs in its parent's environment."""

    def start(self) -> None:
        self._parent_environ = dict(os.environ)  # pickled to the worker with the process
        super().start()

    def run(self) -> None:
        os.environ.clear()
        os.environ.update(self._parent_environ)
        super().run()


class _Context(ForkServerContext):
    Process = _Process


def context() -> BaseContext:
    """The ``multiprocessing`` context for a test's worker processes (fork server)."""
    ctx = _Context()
    ctx.set_forkserver_preload(PRELOAD)
    return ctx
