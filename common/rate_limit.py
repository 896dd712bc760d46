"""A simple per-client limit: at most n actions in a window, counted in the cache.

The client is its address as the sign-in limits see it (allauth's reading of the
trusted proxy settings, ``ALLAUTH_TRUSTED_PROXY_COUNT``), so one setting serves both.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest


def rate_parse(rate: str) -> tuple[int, int]:
    """ "10/600" → (10, 600): so many actions per so many seconds."""
    try:
        count, seconds = (int(part) for part in rate.split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"A rate is 'count/seconds', got {rate!r}.") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"A rate needs a count and seconds of 1 or more: {rate!r}.")
    return count, seconds


def client_address(request: HttpRequest) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR", "")


def rate_exceeded(request: HttpRequest, scope: str, rate: str) -> bool:
    """Count one action of this client in ``scope``; True once it is over ``rate``."""
    count, seconds = rate_parse(rate)
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"rate:{scope}:{client}"
    cache.add(key, 0, timeout=seconds)  # the window starts with the first action
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count
