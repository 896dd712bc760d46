"""The second factor: what is not public needs more than a password.

allauth asks a person with an activated authenticator app for its code at every sign-in,
and nobody is signed in before that step is done. So a signed-in person with an
authenticator has completed the second factor; one without has only typed a password
(or is just setting the app up).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

_CACHE_ATTRIBUTE = "_thekiz_second_factor"


def has_second_factor(user) -> bool:
    """Signed in with a completed second factor (asked once per request at most)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        # Imported here: models (handbook's visibility rule) import this module early.
        from allauth.mfa.utils import is_mfa_enabled

        cached = is_mfa_enabled(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def second_factor_setup_url(next_url: str) -> str:
    """Where a signed-in person sets up the authenticator app, coming back afterwards."""
    return f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}"


def second_factor_required(request: HttpRequest) -> HttpResponseRedirect:
    """Send the person to set up the authenticator app first (and back afterwards)."""
    messages.info(
        request,
        _(
            "Please set up two-factor authentication first: it protects the centres' "
            "data. You need an authenticator app on your phone."
        ),
    )
    return HttpResponseRedirect(second_factor_setup_url(request.get_full_path()))
