"""What the benchmarks share: a database of their own, on SQLite or PostgreSQL."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The pages throughput.py and page_cpu.py compare with the sign-in page ("OFFER": the first
# offer the offer search lists).
PAGES = [
    "/konto/login/",
    "/",
    "/angebote/",
    "/angebote/?plz=07743&umkreis=25&alter=2",
    "/zentren/?plz=07743&umkreis=25",
    "OFFER",
]


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
    # The server time of a page is measured, not that of a kept copy.
    os.environ["THEKIZ_PAGE_CACHE_ENTRIES"] = "0"
    import django

    django.setup()


def timed(client, path: str, params: dict, runs: int, before=None) -> tuple[float, float, int]:
    """Median and p95 milliseconds of ``runs`` requests after three warm-up ones, and the
    number of SQL queries of one request; ``before()``, if given, runs (untimed) before
    each request, the counted one too."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(path, params)
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(captured)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(args: list[str], env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def portal_serve(
    tmp: Path,
    *,
    with_map: bool = False,
    workers: int = 2,
    database_url: str | None = None,
    environment: dict[str, str] | None = None,
    migrated: bool = False,
) -> tuple[subprocess.Popen, str]:
    """Serve the portal like production does (collectstatic with compression and hashed
    names, gunicorn, whitenoise) on a free port, with the demo data in a new SQLite
    database in ``tmp`` (or in ``database_url``, which must be empty); returns the server
    process and its base URL. ``environment``: more settings for the server; ``migrated``:
    the database already holds the portal with its demo data."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("THEKIZ_")}
    base |= {
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        "THEKIZ_LOG_LEVEL": "ERROR",
        "THEKIZ_MEDIA_ROOT": str(tmp / "media"),
        "THEKIZ_PRIVATE_ROOT": str(tmp / "private"),
    }
    if not migrated:  # else the database is another server's, with its data
        _manage(["migrate", "--no-input"], base)
        _manage(["demo_data"], base)
    production = (
        base
        | {
            "THEKIZ_ENVIRONMENT": "production",
            "THEKIZ_SECRET_KEY": "bench-" * 10,
            "THEKIZ_ALLOWED_HOSTS": "127.0.0.1",
            "THEKIZ_SSL_REDIRECT": "false",
            "THEKIZ_STATIC_ROOT": str(tmp / "static"),
        }
        | (environment or {})
    )
    port = free_port()
    if with_map:
        production["THEKIZ_MAP_TILE_URL"] = f"http://127.0.0.1:{port}/tiles/{{z}}/{{x}}/{{y}}.png"
    _manage(["collectstatic", "--no-input"], production)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "thekiz_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=production,
        stdout=subprocess.DEVNULL,  # the access log, written as in production
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/health/", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def first_link_on(base: str, path: str, pattern: str) -> str:
    """The first link on a page of the running portal whose address matches ``pattern``."""
    with urllib.request.urlopen(base + path, timeout=10) as response:
        html = response.read().decode()
    for href in re.findall(r'href="([^"?#]+)"', html):
        if re.fullmatch(pattern, href) and href != path:
            return href
    raise RuntimeError(f"no link like {pattern} on {path}")
