"""Server time of the offer search on large data sets, on SQLite and PostgreSQL.

    .venv/bin/python bench/offer_search.py --dataset thueringen --db sqlite
    .venv/bin/python bench/offer_search.py --dataset national --db postgres

Data sets (built once into their own database, reused on later runs; --rebuild to redo):

- thueringen: 100 centres in Thuringia, 3,000 weekly offers, ~150,000 dates
- national:   3,300 centres all over Germany, 66,000 weekly offers, ~3.4 million dates

Each filter combination is requested through Django's full stack (middleware, filters,
templates) in-process, after warm-up; the script prints median and p95 in milliseconds
and the number of SQL queries, as a search sharing its dates with earlier searches finds
them (rows kept per data version, its own count and page read), the p95 "cold", with no
rows kept (dates nobody searched for since the last change), and the p95 "again", of the
same search asked again within the minute (its count and page kept too). PostgreSQL:
DATABASE_URL's server, database thekiz_bench_*.
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure, timed  # noqa: E402 (after the path is set)

DATASETS = {
    "thueringen": {"centers": 100, "offers_per_center": 30, "state": "15"},
    "national": {"centers": 3300, "offers_per_center": 20, "state": None},
}

TIMES = [
    (datetime.time(9, 0), datetime.time(11, 0)),
    (datetime.time(10, 0), datetime.time(11, 30)),
    (datetime.time(15, 0), datetime.time(16, 30)),
    (datetime.time(18, 30), datetime.time(20, 0)),
]

QUERIES = {
    "default (4 weeks)": {},
    "near 07743, 10 km": {"plz": "07743", "umkreis": "10"},
    "near 07743, radius chosen for you": {"plz": "07743"},
    "near 07743, 25 km, age 1, Tue+Wed mornings": {
        "plz": "07743",
        "umkreis": "25",
        "alter": "1",
        "wochentag": ["di", "mi"],
        "tageszeit": "vormittags",
    },
    "near Jena, 50 km, by distance": {"plz": "Jena", "umkreis": "50", "sortierung": "entfernung"},
    "district Jena, category, free": {
        "kreis": "jena",
        "kategorie": "eltern-kind-gruppen",
        "kostenfrei": "on",
    },
    "all upcoming, page 5": {"zeitraum": "alle", "seite": "5"},
    "language ar, no registration": {"sprache": "ar", "ohne_anmeldung": "on"},
    "near 07743, 25 km, one day": {"plz": "07743", "umkreis": "25", "von": "", "bis": ""},
}
NATIONAL_EXTRA = {
    "near 50667 Köln, 10 km": {"plz": "50667", "umkreis": "10"},
    "near 10115 Berlin, 25 km, one day": {"plz": "10115", "umkreis": "25", "von": "", "bis": ""},
}


def next_tuesday() -> str:
    """A day with dates whatever today is (the data sets hold dates on weekdays only):
    "today" on a Sunday would be an empty, and cheap, search."""
    today = datetime.date.today()
    return (today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)).isoformat()


def with_days(params: dict) -> dict:
    day = next_tuesday()
    return {key: day if key in ("von", "bis") else value for key, value in params.items()}


def build(dataset: str, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from centers.models import Center, Operator
    from network.models import District, Language, Place, Sozialraum
    from offers.models import Category, Occurrence, Offer, Schedule
    from offers.recurrence import local_datetime

    call_command("migrate", verbosity=0)
    if Center.objects.exists() and not rebuild:
        return
    spec = DATASETS[dataset]
    rng = random.Random(7)
    started = time.perf_counter()
    with transaction.atomic():
        Occurrence.objects.all().delete()
        Offer.objects.all().delete()
        Center.objects.all().delete()
        Sozialraum.objects.all().delete()
        Operator.objects.all().delete()
        places = Place.objects.filter(population__gte=2000)
        if spec["state"]:
            places = places.filter(state=spec["state"])
        places = list(places.order_by("pk"))  # the same places on both databases
        operator = Operator.objects.create(name="Bench-Träger", slug="bench", kind="verein")
        districts = list(District.objects.all())
        areas = [
            Sozialraum.objects.create(district=d, name=f"Bench {d.slug} {n}", slug=f"bench-{n}")
            for d in districts
            for n in range(3)
        ]
        centers = Center.objects.bulk_create(
            [
                Center(
                    name=f"Zentrum {n}",
                    slug=f"zentrum-{n}",
                    operator=operator,
                    sozialraum=areas[n % len(areas)],
                    street="Straße 1",
                    postcode="00000",
                    city=place.name,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    thekiz_since=2020,
                    summary="Bench",
                    step_free_access=n % 2 == 0,
                )
                for n, place in enumerate(rng.choice(places) for _ in range(spec["centers"]))
            ],
            batch_size=1000,
        )
        categories = list(Category.objects.all())
        arabic = Language.objects.get(code="ar")
        offers = Offer.objects.bulk_create(
            [
                Offer(
                    center=center,
                    title=f"Angebot {center.pk}-{k}",
                    slug=f"angebot-{center.pk}-{k}",
                    summary="Bench",
                    status="published",
                    age_min_months=rng.choice([None, 0, 6, 12]),
                    age_max_months=rng.choice([None, 24, 36, 72]),
                    cost=rng.choice(["free", "free", "donation"]),
                    registration=rng.choice(["none", "none", "course"]),
                )
                for center in centers
                for k in range(spec["offers_per_center"])
            ],
            batch_size=2000,
        )
        category_rows = [
            Offer.categories.through(offer_id=offer.pk, category_id=rng.choice(categories).pk)
            for offer in offers
        ]
        Offer.categories.through.objects.bulk_create(category_rows, batch_size=5000)
        Offer.languages.through.objects.bulk_create(
            [
                Offer.languages.through(offer_id=o.pk, language_id=arabic.pk)
                for o in offers
                if rng.random() < 0.05
            ],
            batch_size=5000,
        )
        today = datetime.date.today()
        schedules = Schedule.objects.bulk_create(
            [
                Schedule(
                    offer=offer,
                    frequency="weekly",
                    weekdays=rng.choice(["MO", "TU", "WE", "TH", "FR"]),
                    start_date=today,
                    start_time=times[0],
                    end_time=times[1],
                )
                for offer in offers
                for times in [rng.choice(TIMES)]
            ],
            batch_size=2000,
        )
    print(
        f"  built {len(centers)} centres, {len(offers)} offers in "
        f"{time.perf_counter() - started:.0f} s; writing dates …",
        flush=True,
    )
    days = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4}
    now = datetime.datetime.now(datetime.UTC)
    rows = []
    for schedule in schedules:
        first = today + datetime.timedelta(days=(days[schedule.weekdays] - today.weekday()) % 7)
        for week in range(52):
            day = first + datetime.timedelta(weeks=week)
            rows.append(
                (
                    schedule.offer_id,
                    schedule.pk,
                    day,
                    schedule.start_time,
                    local_datetime(day, schedule.start_time),
                    local_datetime(day, schedule.end_time),
                    now,
                )
            )
    columns = (
        "offer_id",
        "schedule_id",
        "original_date",
        "original_time",
        "start",
        '"end"',
        "created_at",
    )
    defaults = "false, false, '', '', false, ''"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY offers_occurrence ({', '.join(columns)}, updated_at, moved, cancelled, "
                "cancel_reason, off_reason, detached, note) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row((*row, row[-1], False, False, "", "", False, ""))
        else:
            sql = (
                f"INSERT INTO offers_occurrence ({', '.join(columns)}, updated_at, moved, "
                f"cancelled, cancel_reason, off_reason, detached, note) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, {defaults})"
            )
            ops = connection.ops
            for start in range(0, len(rows), 50_000):
                cursor.executemany(
                    sql,
                    [
                        (
                            a,
                            b,
                            ops.adapt_datefield_value(c),
                            ops.adapt_timefield_value(t),
                            ops.adapt_datetimefield_value(d),
                            ops.adapt_datetimefield_value(e),
                            ops.adapt_datetimefield_value(f),
                            ops.adapt_datetimefield_value(f),
                        )
                        for a, b, c, t, d, e, f in rows[start : start + 50_000]
                    ],
                )
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too, for the visibility map that index-only scans read (on a
        # live database autovacuum keeps it; right after the bulk load it is empty).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {len(rows):,} dates written; total {time.perf_counter() - started:.0f} s", flush=True)


def forget() -> None:
    """What a search never made before finds: no rows kept, no nearest offer, no ids of
    the offers its filters allow, no count and page (the form's lists stay, as every
    search shares them)."""
    from common import data_version

    data_version._kept_items.clear()  # the rows and the nearest offers
    data_version._kept_ids.clear()
    forget_lists()


def forget_lists() -> None:
    """What a search not asked in this minute finds: no count and page kept."""
    from common import data_version

    data_version._kept_lists.clear()


def measure(dataset: str, runs: int) -> None:
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.utils import timezone

    from offers.models import Occurrence, Offer
    from offers.search import OfferSearchForm
    from offers.selectors import occurrence_search

    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"  data: {Offer.objects.count():,} offers, {Occurrence.objects.count():,} dates "
        f"({connection.vendor})"
    )
    queries = dict(QUERIES)
    if dataset == "national":
        queries.update(NATIONAL_EXTRA)
    print(
        f"  {'filter combination':<46}{'median':>9}{'p95':>9}{'queries':>9}{'results':>10}"
        f"{'p95 cold':>10}{'p95 again':>11}"
    )
    for label, params in queries.items():
        params = with_days(params)
        median, p95, queries_needed = timed(client, "/angebote/", params, runs, forget_lists)
        # "cold": no rows and no nearest offer kept, as for a search whose dates nobody
        # searched for since the last change.
        _, p95_cold, _ = timed(client, "/angebote/", params, runs, before=forget)
        # "again": the same search within the minute, everything kept.
        _, p95_again, _ = timed(client, "/angebote/", params, runs)
        data = QueryDict(mutable=True)
        for key, value in params.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        query = OfferSearchForm(data).query(today=timezone.localdate())
        total = occurrence_search(query).count()
        print(
            f"  {label:<46}{median:>7.1f}ms{p95:>7.1f}ms{queries_needed:>9}{total:>10,}"
            f"{p95_cold:>8.1f}ms{p95_again:>9.1f}ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", choices=list(DATASETS), default="thueringen")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    print(f"offer search, data set {options.dataset}, database {options.db}")
    configure(options.db, options.dataset)
    build(options.dataset, options.rebuild)
    from django.conf import settings

    settings.DEBUG = False
    measure(options.dataset, options.runs)


if __name__ == "__main__":
    main()
