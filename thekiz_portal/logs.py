"""What the logs may say about a request: its path, never its query string or a token.

Invitation and password-reset links carry one-time tokens in their path, and search
terms (postcodes, words) travel in the query string. Both would otherwise land in the
access log of gunicorn and in Django's own request log lines. ``redact_urls`` cuts every
URL in a log line down to its path and masks the token segments; the logging filter
applies it to Django's records, the gunicorn logger class to the access log
(gunicorn.conf.py).
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

MASK = "[token]"

# A one-time token follows these path segments: /konto/einladung/<token>/,
# /konto/password/reset/key/<token>/ and allauth's /konto/confirm-email/<token>/
# (with or without the /en/ prefix). "done" is the page after a reset, not a token.
_TOKEN_SEGMENT = re.compile(r"(/(?:einladung|key|confirm-email)/)(?!done(?:/|$))[^/\s\"']+")
# Anything from a slash that starts a path (not the "/" inside "HTTP/1.1" or a user agent's
# "Mozilla/5.0") to the next space or quote.
_URL = re.compile(r"(?<![\w.~-])/[^\s\"'<>]*")


def redact_path(url: str) -> str:
    """``url`` without its query string and fragment, its token segments masked."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return _TOKEN_SEGMENT.sub(rf"\g<1>{MASK}", path)


def redact_urls(text: str) -> str:
    """Every URL or path in ``text`` redacted (a request line, a referrer, a message)."""
    return _URL.sub(lambda match: redact_path(match.group(0)), text)


def _redacted(value):
    return redact_urls(value) if isinstance(value, str) else value


class RedactUrlsFilter(logging.Filter):
    """Redacts the message and its arguments of every record a handler writes.

    Django's request lines (``django.server``: ``"GET /path?q HTTP/1.1" 200 …``) and its
    4xx/5xx warnings (``django.request``: ``Not Found: /path``) pass the path as an
    argument, so the arguments are redacted before the message is formatted.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_urls(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's access log with paths only: no query string, no token, no cookie."""

    # Atoms that hold a URL (the request line, path, referrer, raw URI).
    URL_ATOMS = ("r", "U", "f", "{referer}i", "{raw_uri}e", "{path_info}e", "{http_referer}e")
    # Atoms that must never be written at all.
    SECRET_ATOMS = (
        "q",
        "{query_string}e",
        "{cookie}i",
        "{authorization}i",
        "{http_cookie}e",
        "{http_authorization}e",
    )

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in self.URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_urls(atoms[key])
        for key in self.SECRET_ATOMS:
            if key in atoms:
                atoms[key] = "-"
        return atoms
