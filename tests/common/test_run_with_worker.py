"""`make run` serves the portal with the mail worker beside it; the worker stops with the
server, however the server stops."""

import subprocess
import sys

import pytest
from django.core.management import call_command

from common.management.commands import run_with_worker


class FakeWorker:
    def __init__(self, args) -> None:
        self.args = args
        self.signals = []

    def wait(self, timeout=None):
        if not self.signals:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return 0

    def send_signal(self, sig) -> None:
        self.signals.append(sig)


@pytest.fixture
def started(monkeypatch):
    workers = []

    def popen(args):
        workers.append(FakeWorker(args))
        return workers[-1]

    monkeypatch.setattr(run_with_worker.subprocess, "Popen", popen)
    monkeypatch.delenv("RUN_MAIN", raising=False)
    return workers


def test_the_worker_runs_while_the_server_does_and_stops_after_it(monkeypatch, started):
    served = []
    monkeypatch.setattr(run_with_worker, "call_command", lambda *args: served.append(args))
    call_command("run_with_worker", "127.0.0.1:8123")
    assert served == [("runserver", "127.0.0.1:8123")]
    [worker] = started
    assert worker.args[0] == sys.executable
    assert worker.args[2:4] == ["db_worker", "--no-reload"]
    assert worker.signals == [run_with_worker.signal.SIGTERM]


def test_the_worker_stops_when_the_server_fails(monkeypatch, started):
    def fail(*args):
        raise SystemExit(1)

    monkeypatch.setattr(run_with_worker, "call_command", fail)
    with pytest.raises(SystemExit):
        call_command("run_with_worker")
    assert started[0].signals == [run_with_worker.signal.SIGTERM]


def test_the_reloaded_server_starts_no_second_worker(monkeypatch, started):
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.setattr(run_with_worker, "call_command", lambda *args: None)
    call_command("run_with_worker")
    assert started == []
