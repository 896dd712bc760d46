"""Account pages the portal adds to allauth's or puts in place of them (konto/…). The root
includes this module before allauth's, without a namespace: the set-up of the
authenticator app keeps allauth's name, so allauth's own links lead here."""

from django.urls import path, re_path

from staff.views import accounts

urlpatterns = [
    # The key contains "-" itself: the user part is the base-36 digits before the first one.
    re_path(
        r"^einladung/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        accounts.invitation_accept,
        name="staff_invitation_accept",
    ),
    # The set-up of the authenticator app keeps "next" and shows the recovery codes once.
    path("2fa/totp/activate/", accounts.second_factor_setup, name="mfa_activate_totp"),
    path("2fa/codes/", accounts.second_factor_codes, name="second_factor_codes"),
]
