"""Server time of the HSDS API (/api/hsds/) on the offer search's data sets.

    .venv/bin/python bench/hsds_api.py --dataset thueringen --db postgres
    .venv/bin/python bench/hsds_api.py --dataset national --db postgres \
        --database profile_national

The data sets are those of bench/offer_search.py (built once by its builder, reused);
``--database`` reuses one that another benchmark built under its name (e.g.
``profile_national`` of bench/district_profile.py). Each request goes through Django's
full stack in-process, after warm-up; the script prints median and p95 in milliseconds,
the CPU time of the process, the number of SQL queries of one request (the rate limit's
cache queries included) and the answer's size. The mark: a page of 50 services in under
100 ms on the national set.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure  # noqa: E402 (after the path is set)
from bench.offer_search import DATASETS, build  # noqa: E402

REQUESTS = {
    "services, page 1 of 50": ("services", {"per_page": "50"}),
    "services, page 50 of 50": ("services", {"per_page": "50", "page": "50"}),
    "services, one category": ("services", {"per_page": "50", "taxonomy_term_id": "TERM"}),
    "services modified in the last week": (
        "services",
        {"per_page": "50", "modified_after": "WEEK"},
    ),
    "one service": ("services/SERVICE", {}),
    "service_at_locations near 07743, 25 km": (
        "service_at_locations",
        {"per_page": "50", "postcode": "07743", "proximity": "25000"},
    ),
    "organizations, page 1 of 50": ("organizations", {"per_page": "50"}),
    "taxonomy_terms": ("taxonomy_terms", {}),
}


def timed(client, path: str, params: dict, runs: int) -> tuple[float, float, float, int]:
    """Median and p95 milliseconds of ``runs`` requests after three warm-up ones, the
    median CPU time of this process (Python's share, whatever else the machine runs), and
    the number of SQL queries of one request."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path, params)
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, statistics.median(cpu), len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", choices=list(DATASETS), default="thueringen")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--database", help="reuse the benchmark database of this name")
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    os.environ["THEKIZ_API_RATE"] = "1000000/60"  # the server time, not the limit
    configure(options.db, options.database or options.dataset)
    build(options.dataset, rebuild=False)

    import datetime

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from offers.models import Category, Offer
    from thekiz_portal.hsds.ids import Kind, object_id

    settings.DEBUG = False
    client = Client(HTTP_HOST="127.0.0.1")
    published = Offer.objects.published()
    print(
        f"HSDS API, data set {options.dataset}, database {connection.vendor}: "
        f"{published.count():,} published offers"
    )
    fill = {
        "TERM": object_id(Kind.TAXONOMY_TERM, Category.objects.order_by("pk").first().pk),
        "WEEK": (timezone.localdate() - datetime.timedelta(days=7)).isoformat(),
        "SERVICE": object_id(Kind.SERVICE, published.order_by("pk").last().pk),
    }
    print(f"  {'request':<42}{'median':>9}{'p95':>9}{'CPU':>9}{'queries':>9}{'kB':>8}")
    for label, (path, params) in REQUESTS.items():
        path = "/api/hsds/" + "/".join(fill.get(part, part) for part in path.split("/"))
        params = {key: fill.get(value, value) for key, value in params.items()}
        median, p95, cpu, queries = timed(client, path, params, options.runs)
        size = len(client.get(path, params).content) / 1000
        print(
            f"  {label:<42}{median:>7.1f}ms{p95:>7.1f}ms{cpu:>7.1f}ms{queries:>9}{size:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
