"""The profiles' figures in the shared cache, under the data version and the language."""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from common.data_version import data_changed_at

CACHE_SECONDS = 6 * 60 * 60


def cached(key: str, compute: Callable[[], dict], *, per_language: bool = True) -> dict:
    """The value stored under ``key`` for the current data version, computed if missing;
    ``per_language``: one for each language (the value holds translated text)."""
    language = get_language() if per_language else "-"
    key = f"thekiz:profile:{key}:{language}:{data_changed_at()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
