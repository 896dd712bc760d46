"""The personal link: a signed value naming the sign-up and its token, with an expiry.

The value holds the sign-up's id, its random token (unguessable, stored) and the moment the
link stops working, all signed with the secret key: a changed character, another id or a
late visit is refused before the database is asked anything but the one row.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone

from registrations.models import Registration

SALT = "registrations.personal-link"


class LinkInvalid(Exception):
    """The link was changed or never existed."""


class LinkExpired(Exception):
    """The link was genuine but its time is over."""


def link_expiry(registration: Registration) -> datetime.datetime:
    """Default: the personal data lives until the retention period after the end."""
    ends = registration.capacity.ends_at or registration.created_at + datetime.timedelta(days=365)
    return ends + datetime.timedelta(days=settings.THEKIZ_REGISTRATION_RETENTION_DAYS)


def registration_link_value(
    registration: Registration, expires_at: datetime.datetime | None = None
) -> str:
    """The signed value for the personal link; ``expires_at`` defaults to ``link_expiry``."""
    expires = expires_at or link_expiry(registration)
    return signing.dumps([registration.pk, registration.token, int(expires.timestamp())], salt=SALT)


def registration_from_link(value: str, *, now: datetime.datetime | None = None) -> Registration:
    """The sign-up the link names; ``LinkInvalid`` or ``LinkExpired`` otherwise."""
    try:
        pk, token, expires = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid from error
    if not isinstance(pk, int) or not isinstance(token, str) or not isinstance(expires, int):
        raise LinkInvalid
    if (now or timezone.now()).timestamp() > expires:
        raise LinkExpired
    try:
        return Registration.objects.select_related("capacity").get(pk=pk, token=token)
    except Registration.DoesNotExist as error:
        raise LinkInvalid from error
