"""Days and times as people read them, in the interface language and Berlin time."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def clock_time(value: datetime.time | datetime.datetime) -> str:
    """ "9:30"."""
    return formats.time_format(_local(value), "G:i")


def time_span(
    start: datetime.time | datetime.datetime, end: datetime.time | datetime.datetime
) -> str:
    """ "9:30–11:00 Uhr" (German), "9:30–11:00" (English)."""
    return _("%(start)s–%(end)s") % {"start": clock_time(start), "end": clock_time(end)}


def short_day(value: datetime.datetime | datetime.date) -> str:
    """ "Di, 1. Dez. 2026": a day with its weekday, short enough for a list row."""
    return formats.date_format(
        _local(value), pgettext("date format: weekday, day, month, year", "D, N j, Y")
    )


def short_day_time(value: datetime.datetime) -> str:
    """ "Di, 1. Dez. 2026, 9:30"."""
    return f"{short_day(value)}, {clock_time(value)}"
