"""Thuringia's public and school holidays, from the `holidays` package (subdivision TH)."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils.translation import get_language

# The `holidays` package speaks German ("de") and American English ("en_US").
_LANGUAGES = {"de": "de", "en": "en_US"}


@lru_cache(maxsize=64)
def _calendar(year: int, category: str, language: str) -> holidays.HolidayBase:
    return holidays.Germany(
        subdiv=settings.THEKIZ_HOLIDAY_SUBDIVISION,
        years=year,
        categories=(category,),
        language=language,
    )


def _language() -> str:
    return _LANGUAGES.get((get_language() or "de")[:2], "de")


def public_holiday(day: datetime.date, language: str | None = None) -> str | None:
    """The name of the public holiday on ``day`` in Thuringia, or None."""
    return _calendar(day.year, holidays.PUBLIC, language or _language()).get(day)


def school_holiday(day: datetime.date, language: str | None = None) -> str | None:
    """The name of the school holidays ``day`` falls into in Thuringia, or None."""
    return _calendar(day.year, holidays.SCHOOL, language or _language()).get(day)
