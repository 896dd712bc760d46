"""The development server and, beside it, the task queue's worker that sends the mails
(``make run``). The worker stops when the server stops (Ctrl+C, or an error)."""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


class Command(BaseCommand):
    help = "Run the development server together with the mail worker (manage.py db_worker)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", help="As for runserver, e.g. 127.0.0.1:8000")

    def handle(self, *args, addrport: str | None = None, **options) -> None:
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The server's reloaded child: the worker is already running beside the parent.
            call_command("runserver", *([addrport] if addrport else []))
            return
        worker = subprocess.Popen(
            [sys.executable, sys.argv[0], "db_worker", "--no-reload", "--interval", "1"]
        )
        try:
            call_command("runserver", *([addrport] if addrport else []))
        finally:
            worker_stop(worker)


def worker_stop(worker: subprocess.Popen) -> None:
    """Ctrl+C reaches the worker too, which then finishes its mail and exits; otherwise
    ask it to (SIGTERM also lets it finish the mail it is sending)."""
    try:
        worker.wait(timeout=2)
    except subprocess.TimeoutExpired:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
