"""Time of the nightly ``registrations_purge`` on 100,000 old sign-ups.

    .venv/bin/python bench/registrations_purge.py [--rows 100000] [--db sqlite|postgres]

Fills its own database (``var/bench-purge.sqlite3`` or ``thekiz_bench_purge``) with
``--rows`` sign-ups on 1,000 capacities that ended 60 days ago (plus as many that ended
yesterday, which must stay), then runs the purge inside a transaction that it rolls back,
so every run measures the same work, and prints its time and the rows it emptied.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    options = parser.parse_args()
    configure(options.db, "purge")

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from common.database import analyze
    from registrations.models import Capacity, Registration
    from registrations.services import registrations_purge

    call_command("migrate", verbosity=0)
    now = timezone.now()
    if Registration.objects.count() != 2 * options.rows:
        Registration.objects.all().delete()
        Capacity.objects.all().delete()
        per = options.rows // 1000
        for ended, label in ((now - datetime.timedelta(days=60), "old"), (now, "recent")):
            capacities = Capacity.objects.bulk_create(
                Capacity(places=per, ends_at=ended, label=f"{label} {n}") for n in range(1000)
            )
            Registration.objects.bulk_create(
                (
                    Registration(
                        capacity=capacity,
                        status="confirmed",
                        adults=1,
                        children=1,
                        places=2,
                        name=f"Person {n}",
                        email=f"p{capacity.pk}-{n}@example.org",
                        contact_key=f"p{capacity.pk}-{n}@example.org",
                        note="Notiz",
                        token=f"{label}-{capacity.pk}-{n}",
                    )
                    for capacity in capacities
                    for n in range(per)
                ),
                batch_size=5000,
            )
        analyze()
    with transaction.atomic():
        started = time.perf_counter()
        emptied = registrations_purge(now)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"{options.db}: registrations_purge emptied {emptied} of {2 * options.rows} sign-ups "
        f"in {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
