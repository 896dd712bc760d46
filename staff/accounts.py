from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by invitation only; nobody can sign up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # Failed sign-ins count per account *and* client (settings.ACCOUNT_RATE_LIMITS):
        # someone guessing a colleague's password waits, the colleague does not.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{ratelimit.get_ip(request)}"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Setting up the first authenticator comes right after signing in (the portal
        # requires it): asking for the password again would only confuse. Turning it off
        # or making new recovery codes still needs the password.
        request = getattr(self, "request", None)
        user = getattr(request, "user", None)
        first_setup = (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not is_mfa_enabled(user)
        )
        if first_setup:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)
