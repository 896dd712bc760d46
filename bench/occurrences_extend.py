"""Time of the nightly ``occurrences_extend`` when one day has passed, on SQLite and PostgreSQL.

    .venv/bin/python bench/occurrences_extend.py --dataset demo --db sqlite
    .venv/bin/python bench/occurrences_extend.py --dataset national --db postgres

Data sets: "demo" (``manage.py demo_data``, about 500 offers) and the "thueringen" and
"national" sets of ``bench/offer_search.py``, each built once into a database of its own
(``var/bench-extend_<set>.sqlite3``, ``thekiz_bench_extend_<set>``; --rebuild to redo),
since the job writes to it.

The script first brings the calendars up to today's horizon (timed as "catch-up"), then
runs the job as it runs tomorrow (``today`` + 1) and rolls that back, so every run
measures the same day. For comparison it re-syncs a sample of offers in full (what the
job did for every offer before) and extrapolates to all of them.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure  # noqa: E402 (after the path is set)


def build(dataset: str, rebuild: bool) -> None:
    from django.core.management import call_command

    if dataset != "demo":
        from bench.offer_search import build as build_search_set

        build_search_set(dataset, rebuild)
        return
    from centers.models import Center
    from common.database import analyze

    call_command("migrate", verbosity=0)
    if Center.objects.exists() and not rebuild:
        return
    if rebuild:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    call_command("demo_data", verbosity=0)
    analyze()


def measure(sample: int) -> None:
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from offers.models import Occurrence, Offer
    from offers.services import occurrences_extend, offer_occurrences_sync

    today = timezone.localdate()
    offers = Offer.objects.exclude(status=Offer.Status.ARCHIVED).count()
    print(
        f"  data: {offers:,} offers (not archived), {Occurrence.objects.count():,} dates "
        f"({connection.vendor})",
        flush=True,
    )
    started = time.perf_counter()
    result = occurrences_extend(today=today)
    print(
        f"  catch-up to today's horizon: {time.perf_counter() - started:8.2f} s "
        f"({result.created:,} dates created, {result.updated:,} updated)",
        flush=True,
    )
    reset_queries()  # the log keeps 9,000 queries: count from an empty one
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = occurrences_extend(today=today + datetime.timedelta(days=1))
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"  one day later (nightly job):  {elapsed:8.2f} s "
        f"({result.created:,} dates created, {result.updated:,} updated, "
        f"{len(queries)} queries)",
        flush=True,
    )
    pks = list(
        Offer.objects.exclude(status=Offer.Status.ARCHIVED)
        .order_by("?")
        .values_list("pk", flat=True)[:sample]
    )
    with transaction.atomic():
        started = time.perf_counter()
        for pk in pks:
            offer_occurrences_sync(Offer(pk=pk), today=today + datetime.timedelta(days=1))
        per_offer = (time.perf_counter() - started) / max(1, len(pks))
        transaction.set_rollback(True)
    print(
        f"  full re-sync, {len(pks)} offers:   {per_offer * 1000:8.2f} ms per offer, "
        f"about {per_offer * offers:.0f} s for all",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", choices=["demo", "thueringen", "national"], default="demo")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sample", type=int, default=300, help="offers re-synced in full")
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    print(f"occurrences_extend, data set {options.dataset}, database {options.db}")
    configure(options.db, f"extend_{options.dataset}")
    build(options.dataset, options.rebuild)
    from django.conf import settings

    settings.DEBUG = False
    measure(options.sample)


if __name__ == "__main__":
    main()
