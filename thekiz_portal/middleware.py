from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from common.second_factor import has_second_factor, second_factor_required


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

    PRIVATE_NAMESPACES = ("staff", "admin")
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
