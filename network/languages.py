"""The content language a family chose: separate from the interface language.

Stored in a cookie (``CONTENT_LANGUAGE_COOKIE_NAME``); public pages vary on ``Cookie``
and carry the choice in their ETag, so no cache serves one family's choice to another.
"""

from django.conf import settings
from django.http import HttpRequest

from network.models import GERMAN, Language

_UNSET = object()


def chosen_code(request: HttpRequest) -> str:
    """The code in the cookie, as sent (not checked)."""
    return request.COOKIES.get(settings.CONTENT_LANGUAGE_COOKIE_NAME, "")[:15]


def content_language(request: HttpRequest) -> Language | None:
    """The chosen content language, or None for German (the original). One query at
    most per request, none without a choice."""
    cached = getattr(request, "_content_language", _UNSET)
    if cached is not _UNSET:
        return cached
    code = chosen_code(request)
    language = None
    if code and code != GERMAN:
        language = Language.objects.for_content().filter(code=code).first()
    request._content_language = language
    return language


def content_languages() -> list[Language]:
    """The languages families can choose for the content, German first."""
    return sorted(
        Language.objects.filter(content_language=True), key=lambda lang: lang.code != GERMAN
    )
