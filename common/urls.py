"""Addresses of many objects of one kind, for lists written in Python."""

from collections.abc import Callable

from django.urls import reverse

SLUG = "slug-placeholder"


def slug_url_maker(name: str) -> Callable[[str], str]:
    """``slug → reverse(name, kwargs={"slug": slug})`` in the active language, with one
    ``reverse`` for a whole list (a slug is ASCII: nothing to quote)."""
    before, after = reverse(name, kwargs={"slug": SLUG}).split(SLUG)
    return lambda slug: f"{before}{slug}{after}"
