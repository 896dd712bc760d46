"""Logs show the paths of requests, never their query strings or one-time tokens.

Each test formats real log records the way the running portal does: Django's request
warnings, the development server's request lines, and gunicorn's access log as
gunicorn.conf.py sets it up.
"""

import datetime
import io
import logging
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response
from gunicorn.config import Config

from thekiz_portal.logs import redact_path

ROOT = Path(__file__).resolve().parents[2]

INVITATION = "/konto/einladung/3f-c2x9ab-6f1d2e3a4b5c6d7e8f90/"
RESET = "/en/konto/password/reset/key/3f-c2x9ab-6f1d2e3a4b5c6d7e8f90/"
CONFIRM = "/konto/confirm-email/MQ:1tUv2x:AbCdEfGhIjKlMnOp/"
SECRETS = ("c2x9ab", "6f1d2e3a4b5c6d7e8f90", "AbCdEfGhIjKlMnOp", "07743", "Elterncafe")


@pytest.fixture
def output():
    """Everything the handlers of the configured logging write, as text."""
    from django.conf import settings

    stream = io.StringIO()
    loggers = [logging.getLogger(), *map(logging.getLogger, ("django", "django.server"))]
    handlers = {
        handler
        for logger in loggers
        for handler in logger.handlers
        if handler.name in settings.LOGGING["handlers"]  # not the test runner's own
    }
    assert handlers
    previous = {handler: handler.setStream(stream) for handler in handlers}
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


def assert_redacted(text: str, *paths: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (secret, text)
    for path in paths:
        assert path in text, (path, text)


@pytest.mark.parametrize(
    ("url", "logged"),
    [
        (f"{INVITATION}?plz=07743", "/konto/einladung/[token]/"),
        (RESET, "/en/konto/password/reset/key/[token]/"),
        (CONFIRM, "/konto/confirm-email/[token]/"),
        ("/konto/password/reset/key/done/", "/konto/password/reset/key/done/"),
        ("/handbuch/suche/?q=Elterncafe#treffer", "/handbuch/suche/"),
    ],
)
def test_a_path_is_logged_without_query_string_and_token(url, logged):
    assert redact_path(url) == logged


def test_every_url_with_a_token_is_masked():
    """Every URL pattern of the portal that takes a key (invitation, allauth's links)."""
    from django.urls import get_resolver

    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from patterns(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    keyed = [route for route in patterns(get_resolver()) if "<key>" in route or "(?P<key>" in route]
    assert len(keyed) >= 3  # invitation, password reset, e-mail confirmation
    for route in keyed:
        path = re.sub(r"\(\?P<key>[^)]*\)|<(?:\w+:)?key>", "SECRET6f1d2e3a", route)
        path = re.sub(r"\(\?P<\w+>[^)]*\)|<(?:\w+:)?\w+>", "3f", path)
        path = "/" + path.replace("^", "").replace("$", "").replace("\\", "")
        assert "SECRET" in path, route
        assert "SECRET" not in redact_path(path), (route, path)


def test_djangos_request_warnings_name_no_token(output):
    request = RequestFactory().get(f"{INVITATION}?plz=07743")
    log_response(
        "%s: %s",
        "Not Found",
        request.get_full_path(),
        response=HttpResponse(status=404),
        request=request,
    )
    log_response(
        "Forbidden (CSRF token missing.): %s",
        RESET,
        response=HttpResponse(status=403),
        request=request,
        logger=logging.getLogger("django.security.csrf"),
    )
    text = output.getvalue()
    assert "Not Found: /konto/einladung/[token]/" in text
    assert "Forbidden (CSRF token missing.): /en/konto/password/reset/key/[token]/" in text
    assert_redacted(text)


def test_the_development_servers_request_lines_name_no_token(output):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)  # no socket: only its log
    handler.request = None
    handler.client_address = ("203.0.113.9", 50000)
    for line in (
        f"GET {INVITATION}?plz=07743 HTTP/1.1",
        "GET /handbuch/suche/?q=Elterncafe HTTP/1.1",
        f"POST {CONFIRM} HTTP/1.1",
    ):
        handler.requestline = line
        handler.log_request(200, 512)
    text = output.getvalue()
    assert '"GET /konto/einladung/[token]/ HTTP/1.1" 200 512' in text
    assert_redacted(text, '"GET /handbuch/suche/ HTTP/1.1" 200', "/konto/confirm-email/[token]/")


def gunicorn_config() -> Config:
    """gunicorn's settings as gunicorn reads them from gunicorn.conf.py."""
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def access_line(config: Config, capsys) -> str:
    logger = config.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{INVITATION}?plz=07743",
        "PATH_INFO": INVITATION,
        "QUERY_STRING": "plz=07743",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portal.example{RESET}?q=Elterncafe",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
    }
    request = SimpleNamespace(
        headers=[("REFERER", environ["HTTP_REFERER"]), ("COOKIE", "sessionid=c2x9ab")]
    )
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=42))
    for handler in logger.access_log.handlers:
        handler.flush()
    return capsys.readouterr().out


def test_gunicorns_access_log_names_no_token_no_query_and_no_address(capsys):
    line = access_line(gunicorn_config(), capsys)
    assert '"GET /konto/einladung/[token]/ HTTP/1.1" 200 512 42ms' in line
    assert_redacted(line)
    assert "203.0.113.9" not in line  # the privacy page promises no IP addresses


def test_gunicorns_access_log_hides_them_whatever_the_format(capsys):
    config = gunicorn_config()
    config.set(
        "access_log_format",
        "%(r)s|%(U)s|%(q)s|%(f)s|%({referer}i)s|%({cookie}i)s|%({raw_uri}e)s|%(a)s",
    )
    line = access_line(config, capsys)
    assert_redacted(line, "/konto/einladung/[token]/", "Firefox/128.0")
    assert "//portal.example/en/konto/password/reset/key/[token]/" in line


def test_the_container_runs_gunicorn_with_this_configuration():
    """The image starts gunicorn in the project folder, where it reads gunicorn.conf.py;
    no command-line option of the Dockerfile overrides the access log."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile and "COPY . ." in dockerfile
    assert "access-logformat" not in dockerfile and "--config" not in dockerfile
    result = subprocess.run(
        [Path(sys.executable).parent / "gunicorn", "--print-config", "thekiz_portal.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "GUNICORN_CMD_ARGS": ""},
        check=True,
    )
    assert re.search(
        r"^logger_class\s+= thekiz_portal\.logs\.RedactingGunicornLogger$", result.stdout, re.M
    )
