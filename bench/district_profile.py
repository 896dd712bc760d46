"""Server time of a district profile (/region/<district>/) and a Sozialraum profile, on the
data sets of bench/offer_search.py, on SQLite and PostgreSQL.

    .venv/bin/python bench/district_profile.py --dataset national --db postgres

The data set is built once into its own database (thekiz_bench_profile_<set> or
var/bench-profile_<set>.sqlite3: the offer search's builder, reused) and kept. Each page
is requested through Django's full stack in-process. "computed" empties the cache before
every request, so the figures are computed from the database each time (what the first
view after a change of offers costs without a worker); "warmed" has the comparison of all
districts computed before each request, as the worker does right after a change
(thekiz_portal/pages/profiles/comparison.py: comparison_warm), so the page computes only
the district's own figures; "cached" is every later view until data changes.
The script prints median and p95 in milliseconds, the number of SQL queries and, for the
computed pages, the median CPU milliseconds of this process and its PostgreSQL server
process together (a busy machine lengthens the time on the clock, hardly the CPU time).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure, timed  # noqa: E402 (after the path is set)
from bench.offer_search import DATASETS, build  # noqa: E402


def cpu_ms() -> float:
    """CPU milliseconds used so far by this process and, on PostgreSQL on this machine, by
    its server process (/proc; the connection is kept, see main()). Unlike the time on the
    clock it hardly grows when other processes share the CPUs (parallel workers, which
    the queries of these pages seldom use, are not counted)."""
    from django.db import connection

    used = time.process_time() * 1000
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a server elsewhere: this process alone
            return used
        used += (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    return used


def timed_computed(
    client, path: str, runs: int, *, warmed: bool = False
) -> tuple[float, float, int, float]:
    """Median and p95 milliseconds with an emptied cache before each request, the number
    of queries and the median CPU milliseconds (``cpu_ms``); ``warmed``: the comparison of
    all districts computed before each request (as by the worker after a change), so only
    the district's own figures are."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thekiz_portal.pages.profiles.comparison import comparison_rows

    def empty() -> None:
        cache.clear()
        if warmed:
            comparison_rows()

    timings, cpu = [], []
    for _ in range(runs + 1):
        empty()
        cpu_before = cpu_ms()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append(cpu_ms() - cpu_before)
        assert response.status_code == 200, (path, response.status_code)
    timings = sorted(timings[1:])  # the first one warms up the process
    empty()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(captured), statistics.median(cpu[1:])


def measure(runs: int) -> None:
    from django.db import connection
    from django.test import Client

    from network.models import District, Sozialraum
    from offers.models import Occurrence, Offer

    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"  data: {Offer.objects.count():,} offers, {Occurrence.objects.count():,} dates "
        f"({connection.vendor})"
    )
    district = District.objects.get(ags="16073")  # Saalfeld-Rudolstadt
    area = Sozialraum.objects.filter(district=district).order_by("pk").first()
    pages = {
        f"district {district.name}": district.get_absolute_url(),
        f"district {district.name}, sorted": f"{district.get_absolute_url()}?sortierung=angebote",
        f"Sozialraum {area.name}": area.get_absolute_url(),
    }
    # The machine's load beside the figures: other processes' work lengthens them.
    print(f"  load average before: {os.getloadavg()[0]:.1f} (CPUs: {os.cpu_count()})")
    print(f"  {'page':<48}{'':>9}{'median':>9}{'p95':>9}{'queries':>9}{'CPU':>9}")
    for label, path in pages.items():
        median, p95, queries, cpu = timed_computed(client, path, runs)
        print(f"  {label:<48}{'computed':>9}{median:>7.1f}ms{p95:>7.1f}ms{queries:>9}{cpu:>7.0f}ms")
        if path.split("?")[0] == district.get_absolute_url():
            median, p95, queries, cpu = timed_computed(client, path, runs, warmed=True)
            print(
                f"  {label:<48}{'warmed':>9}{median:>7.1f}ms{p95:>7.1f}ms{queries:>9}{cpu:>7.0f}ms"
            )
        median, p95, queries = timed(client, path, {}, runs)
        print(f"  {label:<48}{'cached':>9}{median:>7.1f}ms{p95:>7.1f}ms{queries:>9}", flush=True)
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", choices=list(DATASETS), default="national")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    print(f"district profile, data set {options.dataset}, database {options.db}")
    # One connection for the whole run (as in production): its server process's CPU
    # time is read before and after each request.
    os.environ["THEKIZ_DB_CONN_MAX_AGE"] = "600"
    configure(options.db, f"profile_{options.dataset}")
    build(options.dataset, options.rebuild)
    from django.conf import settings

    settings.DEBUG = False
    measure(options.runs)


if __name__ == "__main__":
    main()
