"""What the benchmarks share: a database of their own, on SQLite or PostgreSQL."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure(db: str, dataset: str) -> None:
    """Point Django at the benchmark database ``thekiz_bench_<dataset>`` (PostgreSQL, on
    DATABASE_URL's server, created if missing) or ``var/bench-<dataset>.sqlite3``."""
    if db == "postgres":
        import dj_database_url
        import psycopg

        base = dj_database_url.parse(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        )
        name = f"thekiz_bench_{dataset}"
        with psycopg.connect(
            host=base["HOST"] or "127.0.0.1",
            port=base["PORT"] or 5432,
            user=base["USER"] or "postgres",
            password=base["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        user = base["USER"] or "postgres"
        auth = f"{user}:{base['PASSWORD']}@" if base["PASSWORD"] else f"{user}@"
        os.environ["DATABASE_URL"] = (
            f"postgres://{auth}{base['HOST']}:{base['PORT'] or 5432}/{name}"
        )
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / f'bench-{dataset}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thekiz_portal.settings")
    os.environ["THEKIZ_LOG_LEVEL"] = "error"
    import django

    django.setup()


def timed(client, path: str, params: dict, runs: int) -> tuple[float, float, int]:
    """Median and p95 milliseconds of ``runs`` requests after three warm-up ones, and the
    number of SQL queries of one request."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path, params)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(captured)
