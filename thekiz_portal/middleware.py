from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from thekiz_portal.utils.second_factor import has_second_factor, second_factor_required


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header: the portal only ever asks for the location."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


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
