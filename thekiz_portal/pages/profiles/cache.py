"""The profiles' figures in the shared cache, under the data version and the language."""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from common.data_version import data_changed_at

CACHE_SECONDS = 6 * 60 * 60


def cached(key: str, compute: Callable[[], dict]) -> dict:
    """The value stored under ``key`` for the current data version, computed if missing."""
    key = f"thekiz:profile:{key}:{get_language()}:{data_changed_at()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
