"""Requests per second of the public pages under gunicorn in production mode.

    .venv/bin/python bench/throughput.py [--duration 10] [--rounds 3] [--db postgres]

Serves the portal as production does (gunicorn with 2 workers, whitenoise, demo data in a
new SQLite database, or with --db postgres in a new database thekiz_bench_throughput on
DATABASE_URL's server) and loads each page with wrk (``-t2 -c16``) if it is installed,
else with a small Python load generator (16 keep-alive connections in threads; it shares
the two cores with the server, so its figures are lower). The pages take turns in every
round (interleaved), so a noisy machine slows them all alike; the script prints each
page's median req/s over the rounds and its ratio to the sign-in page.

The load sends no validators. Each page is loaded twice in every round: from a server
with the in-process page cache (``THEKIZ_PAGE_CACHE_ENTRIES``, the default: a repeated
page is served without rendering for up to a minute) and from a second one without it
(``rendered``: every request renders its page), both on the same database. The last
line, a search revalidated with If-None-Match, shows what a browser or proxy that asks
again costs.
"""

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import PAGES, first_link_on, portal_serve  # noqa: E402

REVALIDATED = "/angebote/?plz=07743&umkreis=25&alter=2"
CONNECTIONS = 16


def with_wrk(url: str, seconds: int, headers: dict[str, str]) -> float:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered with errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def with_python(url: str, seconds: int, headers: dict[str, str]) -> float:
    """Keep-alive connections in threads, each requesting the page until time is up."""
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    done = [0] * CONNECTIONS
    errors = []
    deadline = time.perf_counter() + seconds

    def load(slot: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.perf_counter() < deadline:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
                return
            done[slot] += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=load, args=(slot,)) for slot in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{url} answered {errors[0]}")
    return sum(done) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--python", action="store_true", help="use the Python load generator")
    options = parser.parse_args()
    database_url = None
    if options.db == "postgres":
        database_url = postgres_database()
    measure = with_python if options.python or not shutil.which("wrk") else with_wrk
    tool = "wrk -t2 -c16" if measure is with_wrk else f"Python, {CONNECTIONS} connections"
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as tmp2:
        kept, base = portal_serve(Path(tmp), workers=2, database_url=database_url)
        # The second server uses the first one's database (SQLite file or PostgreSQL).
        database_url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        rendering, base_rendered = portal_serve(
            Path(tmp2),
            workers=2,
            database_url=database_url,
            environment={"THEKIZ_PAGE_CACHE_ENTRIES": "0"},
            migrated=True,
        )
        try:
            pages = [
                first_link_on(base, "/angebote/", r"/angebote/[\w-]+/") if p == "OFFER" else p
                for p in PAGES
            ]
            runs = [(base_rendered, page, {}) for page in pages]
            runs += [(base, page, {}) for page in pages]
            runs += [(base_rendered, REVALIDATED, {"If-None-Match": ""})]
            print(
                f"throughput, gunicorn 2 workers, production settings, demo data "
                f"({options.db}), {tool}, {options.rounds} rounds × {options.duration} s",
                flush=True,
            )
            rates: dict[int, list[float]] = {n: [] for n in range(len(runs))}
            for _ in range(options.rounds):
                # A fresh copy's ETag (a copy older than five minutes is rendered again).
                with urllib.request.urlopen(base_rendered + REVALIDATED) as response:
                    runs[-1][2]["If-None-Match"] = response.headers["ETag"]
                for n, (server, page, headers) in enumerate(runs):
                    rates[n].append(measure(server + page, options.duration, headers))
        finally:
            for server in (kept, rendering):
                server.terminate()
                server.wait(timeout=10)
    login = statistics.median(rates[0])
    print(f"  {'page':<52}{'server':>10}{'req/s':>9}{'× login':>10}")
    for n, (server, page, headers) in enumerate(runs):
        rate = statistics.median(rates[n])
        label = page + (" (If-None-Match: 304)" if headers else "")
        kind = "kept" if server == base else "rendered"
        print(f"  {label:<52}{kind:>10}{rate:>9.0f}{rate / login:>10.2f}", flush=True)


def postgres_database(name: str = "thekiz_bench_throughput") -> str:
    """A new, empty database ``name`` on DATABASE_URL's server."""
    import os

    import dj_database_url
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    base = dj_database_url.parse(url)
    with psycopg.connect(
        host=base["HOST"] or "127.0.0.1",
        port=base["PORT"] or 5432,
        user=base["USER"] or "postgres",
        password=base["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


if __name__ == "__main__":
    main()
