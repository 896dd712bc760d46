"""Sign-ups per second under gunicorn on PostgreSQL, and whether the counts hold.

    .venv/bin/python bench/registration_load.py [--clients 20] [--signups 400] [--places 50]
                                                [--db postgres|sqlite] [--workers 2]

Serves the portal as production does (``bench.common.portal_serve``: gunicorn, demo data, a
new database ``thekiz_bench_registrations`` on DATABASE_URL's server, or SQLite), turns one
demo offer into an offer with registration per date and ``--places`` places, and lets
``--clients`` threads (each its own keep-alive connection and cookies, like browsers) sign up
``--signups`` different people for its next date at once: GET the form (CSRF cookie and
token), POST it, follow nothing. The per-client limit is raised for the run
(``THEKIZ_REGISTRATION_RATE``): every client comes from 127.0.0.1.

Prints sign-ups per second, median and p95 latency of the POST, and checks the database:
exactly ``--places`` places confirmed, everyone else waiting, nobody lost, no error.
"""

import argparse
import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import portal_serve  # noqa: E402


def _database(db: str) -> str | None:
    if db != "postgres":
        return None
    from bench.throughput import postgres_database

    return postgres_database("thekiz_bench_registrations")  # new and empty


def _prepare(database_url: str, places: int) -> tuple[str, int]:
    """One demo offer takes sign-ups per date; returns the sign-up path and the date's id."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thekiz_portal.settings")
    import django

    django.setup()
    from django.urls import reverse

    from offers.models import Offer
    from offers.services import offer_occurrences_sync

    offer = (
        Offer.objects.published()
        .filter(registration=Offer.Registration.NONE, center__isnull=False)
        .order_by("pk")
        .first()
    )
    offer.registration = Offer.Registration.PER_DATE
    offer.capacity = places
    offer.save()
    offer_occurrences_sync(offer)
    date = offer.occurrences.filter(cancelled=False, off_reason="").order_by("start").first()
    return reverse("offers:occurrence_sign_up", args=[offer.slug, date.pk]), date.pk


class Client(threading.Thread):
    def __init__(self, host: str, port: int, path: str, people: list[int], start) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.path, self.people, self.start_line = (
            host,
            port,
            path,
            people,
            start,
        )
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.start_line.wait()
        for person in self.people:
            try:
                connection.request("GET", self.path)
                response = connection.getresponse()
                html = response.read().decode()
                cookie = response.getheader("Set-Cookie", "")
                csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
                body = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "name": f"Bench {person}",
                        "adults": "1",
                        "children": "0",
                        "email": f"bench{person}@example.org",
                        "consent": "on",
                    }
                )
                started = time.perf_counter()
                connection.request(
                    "POST",
                    self.path,
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={csrf_cookie}",
                    },
                )
                answer = connection.getresponse()
                answer.read()
                self.latencies.append((time.perf_counter() - started) * 1000)
                if answer.status != 302 or "/anmeldung/" not in answer.getheader("Location", ""):
                    self.errors.append(f"person {person}: HTTP {answer.status}")
            except Exception as error:
                self.errors.append(f"person {person}: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection(self.host, self.port, timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--signups", type=int, default=400)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database_url = _database(options.db) or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        server, base = portal_serve(
            Path(tmp),
            workers=options.workers,
            database_url=database_url,
            environment={"THEKIZ_REGISTRATION_RATE": f"{options.signups * 10}/60"},
        )
        try:
            path, date_pk = _prepare(database_url, options.places)
            address = urllib.parse.urlsplit(base)
            start = threading.Event()
            clients = [
                Client(
                    address.hostname,
                    address.port,
                    path,
                    list(range(n, options.signups, options.clients)),
                    start,
                )
                for n in range(options.clients)
            ]
            for client in clients:
                client.start()
            began = time.perf_counter()
            start.set()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait()

        from django.db.models import Sum

        from offers.models import Occurrence
        from registrations.models import Registration

        latencies = sorted(t for client in clients for t in client.latencies)
        errors = [e for client in clients for e in client.errors]
        capacity = Occurrence.objects.get(pk=date_pk).capacity
        rows = Registration.objects.filter(capacity=capacity)
        confirmed = rows.filter(status="confirmed").aggregate(total=Sum("places"))["total"] or 0
        waiting = rows.filter(status="waitlisted").count()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
        print(
            f"{options.db}, gunicorn {options.workers} workers, {options.clients} clients, "
            f"{options.signups} sign-ups for {options.places} places"
        )
        print(f"  sign-ups/s (GET form + POST): {options.signups / elapsed:.1f}")
        print(f"  POST latency: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
        print(
            f"  confirmed places {confirmed}, waiting {waiting}, stored {rows.count()}, "
            f"errors {len(errors)}"
        )
        for error in errors[:5]:
            print("   ", error)
        ok = (
            confirmed == options.places
            and waiting == options.signups - options.places
            and rows.count() == options.signups
            and not errors
        )
        print("  counts hold" if ok else "  COUNTS WRONG")
        from django.db import connections

        connections.close_all()
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
