"""The two language switches: the interface language and the content language.

Both are plain links or GET forms that store the choice in a cookie and go back to the
page: pages stay free of CSRF tokens, so they remain cacheable (they vary on ``Cookie``).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from network.languages import content_languages

ONE_YEAR = 365 * 24 * 60 * 60


def _back(request: HttpRequest, default: str = "/") -> HttpResponseRedirect:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


def _remember(response: HttpResponseRedirect, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    response["Cache-Control"] = "no-store"


@require_safe
def interface_language(request: HttpRequest) -> HttpResponseRedirect:
    """The interface's language switch: the choice wins over the browser's Accept-Language
    from now on (``thekiz_portal.middleware.PreferredLanguageMiddleware``)."""
    response = _back(request)
    code = request.GET.get("sprache", "")
    if code in dict(settings.LANGUAGES):
        _remember(response, settings.LANGUAGE_COOKIE_NAME, code)
    return response


@require_safe
def content_language(request: HttpRequest) -> HttpResponseRedirect:
    """The content language ("Inhalte auf: العربية"), separate from the interface's."""
    response = _back(request)
    code = request.GET.get("sprache", "")
    if code in {language.code for language in content_languages()}:
        _remember(response, settings.CONTENT_LANGUAGE_COOKIE_NAME, code)
    return response
