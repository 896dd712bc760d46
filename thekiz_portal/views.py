"""The root-level endpoints (health check, robots.txt, favicon) and the error pages the
settings name (403, refused form)."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the container's health check: is the database reachable?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; the icon is an SVG in the static files."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /en/konto/",
        "Disallow: /mein-thekiz/",
        "Disallow: /en/mein-thekiz/",
        "Disallow: /zentren/karte.json",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, if it is one of the portal's own."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A missing right (handler403): the portal's page, German or English, with the way
    back instead of Django's bare "403 Forbidden"."""
    return render(request, "403.html", {"back_url": _back_url(request)}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form came back without a valid security token (an old tab, blocked cookies):
    explained in the portal's look, with the way back to the form."""
    return render(request, "403_csrf.html", {"back_url": _back_url(request)}, status=403)
