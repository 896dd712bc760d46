"""CPU time of one request per page, in-process, and its ratio to the sign-in page.

    .venv/bin/python bench/page_cpu.py [--requests 50] [--profile PATH]

What ``throughput.py`` measures over HTTP, without the HTTP server and the load generator:
the Django stack (middleware, view, queries, templates) with production settings, on the
demo data in a new SQLite database, every request rendered (no page cache). It counts
the process's CPU time (``time.process_time``), not wall-clock time, so other work on
the machine disturbs it much less than a load test: figures from a busy machine are
comparable with those from a quiet one. ``--profile`` prints the functions that take the
most time on one page.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import PAGES  # noqa: E402


def prepare(tmp: Path) -> None:
    """Demo data in a new SQLite database, then Django with production settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEKIZ_")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp / 'cpu.sqlite3'}", "THEKIZ_LOG_LEVEL": "ERROR"}
    for command in (["migrate", "--no-input"], ["demo_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    os.environ.update(
        env,
        DJANGO_SETTINGS_MODULE="thekiz_portal.settings",
        THEKIZ_ENVIRONMENT="production",
        THEKIZ_SECRET_KEY="bench-" * 10,
        THEKIZ_ALLOWED_HOSTS="testserver",
        THEKIZ_SSL_REDIRECT="false",
        THEKIZ_PAGE_CACHE_ENTRIES="0",
        THEKIZ_MEDIA_ROOT=str(tmp / "media"),
        THEKIZ_PRIVATE_ROOT=str(tmp / "private"),
        THEKIZ_STATIC_ROOT=str(tmp / "static"),
    )
    (tmp / "static").mkdir()
    import django

    django.setup()
    from django.conf import settings

    # Pages name their assets; the hashed names need collectstatic, the CPU does not.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50, help="per page, after 5 warm-ups")
    parser.add_argument("--profile", help="a page to profile (cProfile, by own time)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prepare(Path(tmp))
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client()
        listing = client.get("/angebote/").content.decode()
        offer = re.search(r'href="(/angebote/[\w-]+/)"', listing)[1]
        pages = [offer if page == "OFFER" else page for page in PAGES]
        print(f"CPU per request, production settings, demo data (SQLite), {options.requests} runs")
        print(f"  {'page':<46}{'ms CPU':>8}{'× login':>9}{'queries':>9}{'bytes':>8}")
        login = None
        for page in pages:
            for _ in range(5):
                response = client.get(page)
                assert response.status_code == 200, (page, response.status_code)
            started = time.process_time()
            for _ in range(options.requests):
                client.get(page)
            ms = (time.process_time() - started) / options.requests * 1000
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            login = login or ms
            print(
                f"  {page:<46}{ms:>8.2f}{login / ms:>9.2f}{len(queries):>9}"
                f"{len(response.content):>8}",
                flush=True,
            )
        if options.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.requests):
                client.get(options.profile)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
