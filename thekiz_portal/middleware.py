import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, translate_url
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language, get_language_from_path, get_language_from_request

from common.data_version import data_changed_at
from common.second_factor import has_second_factor, second_factor_required
from network.languages import chosen_code


class RequestSizeLimitMiddleware:
    """Refuse a request whose announced body is larger than ``THEKIZ_MAX_REQUEST_BYTES``
    with 413, before anything reads (or spools) the body: no view and no CSRF check
    (which reads forms) ever sees it.

    The reverse proxy's ``client_max_body_size`` is the first guard (docs/operations.md);
    this one holds when the portal is reached without it. A body without a length
    (chunked) is not read by Django at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.THEKIZ_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body with a malformed length either
        if length <= limit:
            return self.get_response(request)
        return render(request, "413.html", {"limit": limit}, status=413)


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header: the portal only ever asks for the location."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivatePagesNoStoreMiddleware:
    """Nothing a signed-in person sees, and no page of the account, staff or admin area, is
    kept by a browser or a proxy (``Cache-Control: no-store``): a shared computer in a
    centre must not show the next person what the last one saw.

    Public pages for visitors keep their own caching headers.
    """

    # "registrations": the personal link of a sign-up shows a name and contact details.
    PRIVATE_NAMESPACES = ("staff", "admin", "registrations")
    # Views of these modules: sign-in, passwords, invitations, two-factor set-up.
    PRIVATE_VIEW_MODULES = ("allauth.", "staff.")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.is_private(request):
            add_never_cache_headers(response)
        return response

    def is_private(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        match = request.resolver_match
        return match is not None and (
            any(ns in self.PRIVATE_NAMESPACES for ns in match.namespaces)
            or getattr(match.func, "__module__", "").startswith(self.PRIVATE_VIEW_MODULES)
        )


def rendered_etag(request: HttpRequest, rendered_at: float) -> str:
    """The ETag of a public answer: when it was rendered, signed with what it depends on
    (the address with its query, the language, the chosen content language)."""
    moment = round(rendered_at * 1000)
    signature = salted_hmac(
        "thekiz.etag",
        f"{moment}|{get_language()}|{chosen_code(request)}|{request.get_full_path()}",
    ).hexdigest()[:16]
    return f'"{moment:x}-{signature}"'


def copy_rendered_at(request: HttpRequest) -> float | None:
    """When the client's copy was rendered, from its ETag (or its Last-Modified)."""
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        for tag in parse_etags(tags):
            moment = tag.removeprefix("W/").strip('"').partition("-")[0]
            try:
                rendered_at = int(moment, 16) / 1000
            except ValueError:
                continue
            if rendered_etag(request, rendered_at) == tag.removeprefix("W/"):
                return rendered_at
        return None
    return parse_http_date_safe(request.headers.get("If-Modified-Since", ""))


class PublicPagesConditionalMiddleware:
    """Public pages for anonymous visitors answer conditional requests and may be kept by
    shared caches for a short while (``THEKIZ_PUBLIC_MAX_AGE`` seconds).

    The ``ETag`` (signed) and ``Last-Modified`` say when the page was rendered. A request
    that sends one of them back gets *304* before the view runs if no public content has
    changed since (``common.data_version``) and the copy is less than five minutes old
    (pages show what is upcoming). Only pages that used no CSRF token and set no cookie
    are marked ``public``; a visitor with a session or messages (sign-in, sign-out) and
    everything ``PrivatePagesNoStoreMiddleware`` keeps private are left as they are.
    """

    PUBLIC_NAMESPACES = ("pages", "offers", "events", "centers", "network", "handbook")
    FRESH_SECONDS = 300

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.pages = PageCache()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.applies(request):
            return self.get_response(request)
        now = time.time()
        shown = copy_rendered_at(request)
        if shown is not None and now - shown < self.FRESH_SECONDS and data_changed_at() < shown:
            return self.public(HttpResponseNotModified(), request, shown)
        key = self.pages.key(request)
        kept = self.pages.get(key)
        fresh = kept and now - kept.rendered_at < settings.THEKIZ_PUBLIC_MAX_AGE
        if fresh and data_changed_at() < kept.rendered_at:
            return kept.response()
        response = self.get_response(request)
        if self.cacheable(request, response):
            self.public(response, request, now)
            if request.method == "GET":
                self.pages.put(key, now, response)
        return response

    def applies(self, request: HttpRequest) -> bool:
        if settings.THEKIZ_PUBLIC_MAX_AGE == 0 or request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False  # signed in, or a session with something in it (messages)
        if CookieStorage.cookie_name in request.COOKIES:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return any(ns in self.PUBLIC_NAMESPACES for ns in match.namespaces)

    @staticmethod
    def cacheable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.user.is_authenticated
        )

    def public(self, response: HttpResponse, request: HttpRequest, rendered_at: float):
        response["ETag"] = rendered_etag(request, rendered_at)
        response["Last-Modified"] = http_date(int(rendered_at))
        patch_cache_control(response, public=True, max_age=settings.THEKIZ_PUBLIC_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


@dataclass(frozen=True)
class KeptPage:
    rendered_at: float
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


class PageCache:
    """The last public pages this process rendered, served again while they are fresh.

    What a reverse-proxy micro-cache does (docs/operations.md), for an installation
    without one: a page for anonymous visitors is kept for ``THEKIZ_PUBLIC_MAX_AGE``
    seconds, the time shared caches may keep it anyway, and never once public content
    changed (``common.data_version``). It is keyed like a shared cache keys it: the
    address with host and query, the language, the cookies and the languages the browser
    prefers (the page says ``Vary: Cookie, Accept-Language``). At most
    ``THEKIZ_PAGE_CACHE_ENTRIES`` pages, the least recently used go first; 0 switches
    it off.
    """

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple, KeptPage] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(request: HttpRequest) -> tuple:
        headers = request.headers
        return (
            request.build_absolute_uri(),
            get_language(),
            headers.get("Cookie", ""),
            headers.get("Accept-Language", ""),
        )

    def get(self, key: tuple) -> KeptPage | None:
        if not settings.THEKIZ_PAGE_CACHE_ENTRIES:
            return None
        with self.lock:
            kept = self.kept.get(key)
            if kept is not None:
                self.kept.move_to_end(key)
            return kept

    def put(self, key: tuple, rendered_at: float, response: HttpResponse) -> None:
        entries = settings.THEKIZ_PAGE_CACHE_ENTRIES
        if not entries:
            return
        kept = KeptPage(rendered_at, response.content, tuple(response.items()))
        with self.lock:
            self.kept[key] = kept
            self.kept.move_to_end(key)
            while len(self.kept) > entries:
                self.kept.popitem(last=False)


class PreferredLanguageMiddleware:
    """A browser that prefers English finds the English interface from the first page.

    German pages have no prefix (``/angebote/``), English ones ``/en/``. A GET for a German
    page from a browser whose language cookie (set by the language switch, which wins) or,
    without one, whose ``Accept-Language`` asks for English is redirected to the same page
    under ``/en/``. The German address therefore answers by these two headers and says so
    (``Vary: Accept-Language, Cookie``). Crawlers send neither and index both versions,
    which link each other as ``hreflang`` alternates.
    """

    # The switches themselves, which set the cookie.
    EXEMPT_VIEWS = ("pages:interface_language", "pages:content_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.unprefixed_page(request):
            return self.get_response(request)
        preferred = get_language_from_request(request)
        target = translate_url(request.get_full_path(), preferred)
        if preferred != settings.LANGUAGE_CODE and target != request.get_full_path():
            response = HttpResponseRedirect(target)
            patch_cache_control(response, private=True)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def unprefixed_page(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or get_language_from_path(request.path_info):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name not in self.EXEMPT_VIEWS and not match.view_name.startswith("admin:")


class StaffMFARequiredMiddleware:
    """Staff and admin pages (and the few other pages that are not public) need two-factor
    authentication before anything else.

    A signed-in person without an activated authenticator app who opens "Mein ThEKiZ",
    the admin or the e-mail settings is sent to set one up first (and comes back
    afterwards). Network-only handbook content follows the same rule in its own views
    (``Document.objects.visible_to``).
    """

    PROTECTED_NAMESPACES = ("staff", "admin")
    # Single pages elsewhere: the e-mail address receives password-reset links.
    PROTECTED_VIEWS = ("account_email",)
    # Pages that show the office unpublished content (others get a 404 there).
    STAFF_PROTECTED_VIEWS = ("handbook:preview",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or not request.user.is_authenticated
            or not (
                any(ns in self.PROTECTED_NAMESPACES for ns in match.namespaces)
                or match.view_name in self.PROTECTED_VIEWS
                or (match.view_name in self.STAFF_PROTECTED_VIEWS and request.user.is_staff)
            )
            or has_second_factor(request.user)
        ):
            return None
        return second_factor_required(request)
