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
(``rendered``: every request renders its page), both on the same database. Then the
postcode search with a different search for every request (``VARIED``: 20 places, 3
radii, 19 ages, 8 day choices, 4 times of day; 36,480 searches, more than a run asks in a
minute, in a new order every round, each connection from its own part of the list): what
a search that was not asked in the same minute costs, with what searches share kept (the
rows of dates, the nearest offers, the lists of the form). The last line, a search
revalidated with If-None-Match, shows what a browser or proxy that asks again costs.
"""

import argparse
import http.client
import random
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
# Postcodes of Thuringian towns, one per district or so.
PLACES = [
    "07743",
    "99084",
    "07545",
    "98527",
    "99423",
    "99867",
    "36433",
    "07318",
    "99734",
    "04600",
    "98617",
    "96515",
    "99974",
    "07907",
    "99310",
    "37308",
    "98646",
    "99610",
    "06556",
    "07407",
]
DAYS = [
    "",
    *(f"&wochentag={day}" for day in ("mo", "di", "mi", "do", "fr", "sa", "di&wochentag=do")),
]
VARIED = [
    f"/angebote/?plz={place}&umkreis={radius}&alter={age}{day}{time}"
    for age in range(19)
    for radius in (10, 25, 50)
    for day in DAYS
    for time in ("", "&tageszeit=vormittags", "&tageszeit=nachmittags", "&tageszeit=abends")
    for place in PLACES
]
VARIED_LABEL = f"/angebote/?plz=…&umkreis=…&alter=…&wochentag=… ({len(VARIED):,} searches)"


# wrk: each thread asks the paths in turn, from its own part of the list.
WRK_PATHS = """
paths = {%s}
threads = 0
function setup(thread)
  thread:set("offset", math.floor(threads * #paths / 2)); threads = threads + 1
end
function init(args) n = offset end
function request() n = n + 1; return wrk.format("GET", paths[n %% #paths + 1]) end
"""


def with_wrk(url: str, seconds: int, headers: dict[str, str], paths=None) -> float:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if paths:
            script.write(WRK_PATHS % ", ".join(f'"{path}"' for path in paths))
            script.flush()
            command += ["-s", script.name]
        run = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    output = run.stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered with errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def with_python(url: str, seconds: int, headers: dict[str, str], paths=None) -> float:
    """Keep-alive connections in threads, each requesting the page (or ``paths`` in turn,
    from its own place in the list) until time is up."""
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    paths = paths or ["/" + url.removeprefix("http://").split("/", 1)[1]]
    done = [0] * CONNECTIONS
    errors = []
    deadline = time.perf_counter() + seconds

    def load(slot: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        turn = slot * len(paths) // CONNECTIONS
        while time.perf_counter() < deadline:
            turn += 1
            connection.request("GET", paths[turn % len(paths)], headers=headers)
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
            runs += [(base_rendered, VARIED_LABEL, {})]
            runs += [(base_rendered, REVALIDATED, {"If-None-Match": ""})]
            print(
                f"throughput, gunicorn 2 workers, production settings, demo data "
                f"({options.db}), {tool}, {options.rounds} rounds × {options.duration} s",
                flush=True,
            )
            rates: dict[int, list[float]] = {n: [] for n in range(len(runs))}
            for round_number in range(options.rounds):
                varied = VARIED.copy()
                random.Random(round_number).shuffle(varied)  # a new order every round
                # A fresh copy's ETag (a copy older than five minutes is rendered again).
                with urllib.request.urlopen(base_rendered + REVALIDATED) as response:
                    runs[-1][2]["If-None-Match"] = response.headers["ETag"]
                for n, (server, page, headers) in enumerate(runs):
                    if page == VARIED_LABEL:
                        rate = measure(server + "/", options.duration, headers, varied)
                    else:
                        rate = measure(server + page, options.duration, headers)
                    rates[n].append(rate)
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
