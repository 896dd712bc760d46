"""Browser tests: Debian's chromium driven by Playwright against the portal under gunicorn.

The portal runs in its own process on its own database (migrated, demo data loaded), the
way a visitor meets it. With THEKIZ_CI=1 (CI) a missing chromium is a
failure, not a skip.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("THEKIZ_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("THEKIZ_CI", "") == "1"
# Map tiles are answered by the test itself (see the `page` fixture): no network needed.
TILE_URL = "https://tiles.test/{z}/{x}/{y}.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A 1×1 grey PNG for every map tile.
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763e8e8e80000030201a1a7d0b30000000049454e44ae426082"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Database:
    """A database of its own for the portal process: a temp SQLite file or a fresh
    PostgreSQL database next to the one DATABASE_URL names."""

    def __init__(self, tmp_dir: Path) -> None:
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            config = dj_database_url.parse(url)
            self.name = f"thekiz_browser_{uuid.uuid4().hex[:8]}"
            self.admin = config
            user = config["USER"] or "postgres"
            auth = f"{user}:{config['PASSWORD']}@" if config["PASSWORD"] else f"{user}@"
            self.url = f"postgres://{auth}{config['HOST']}:{config['PORT'] or 5432}/{self.name}"
            self._execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp_dir / 'browser.sqlite3'}"

    def _execute(self, sql: str) -> None:
        import psycopg

        config = self.admin
        with psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Portal:
    """The running portal: its URL, and management commands against its database."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:  # what went wrong, not only that it did
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-v", "0", "-c", code)


@pytest.fixture(scope="session")
def portal_url(portal: Portal) -> str:
    """Base URL of a running portal (gunicorn) with the demo data."""
    return portal.url


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """The portal under gunicorn on its own database, with the demo data."""
    tmp_dir = tmp_path_factory.mktemp("portal")
    database = _Database(tmp_dir)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "THEKIZ_DEBUG": "false",
        "THEKIZ_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THEKIZ_MEDIA_ROOT": str(tmp_dir / "media"),
        "THEKIZ_PRIVATE_ROOT": str(tmp_dir / "private"),
        "THEKIZ_MAP_TILE_URL": TILE_URL,
        "THEKIZ_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    for command in (["migrate", "--no-input"], ["demo_data"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "thekiz_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("The portal did not start under gunicorn.") from None
                time.sleep(0.2)
        yield Portal(url, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
        database.drop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Debian's chromium is missing at {CHROMIUM} (apt install chromium)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="de-DE",
        java_script_enabled=javascript,
    )
    context.route(
        "https://tiles.test/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG),
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    return context, page


def forget_status_error(page, status: int) -> None:
    """Drop the console error the browser logs for a page answered with ``status`` on
    purpose (a 403 or 404 under test); any other console error still fails the test."""
    page.console_errors[:] = [e for e in page.console_errors if f"status of {status}" not in e]


@pytest.fixture
def page(browser):
    """A desktop page (1280 px) that fails the test on any console error (e.g. CSP)."""
    context, page = _new_page(browser, 1280)
    yield page
    errors = list(page.console_errors)
    context.close()
    assert not errors, f"Console errors: {errors}"


@pytest.fixture
def new_page(browser):
    """Factory for pages of a given width, with or without JavaScript."""
    contexts = []

    def make(width: int = 1280, javascript: bool = True):
        context, page = _new_page(browser, width, javascript)
        contexts.append((context, page))
        return page

    yield make
    errors = [error for _, page in contexts for error in page.console_errors]
    for context, _ in contexts:
        context.close()
    assert not errors, f"Console errors: {errors}"
