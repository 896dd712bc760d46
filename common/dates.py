"""Days and times as people read them, in the interface language and Berlin time."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy


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
    """ "Di, 1. Dez. 2026" ("Tue 1 Dec 2026"): a day with its weekday, for a list row."""
    return formats.date_format(
        _local(value), pgettext("date format: weekday, day, month, year", "D j M Y")
    )


# Ways to write a day, as format strings in the interface language (English as in
# Britain). The names are what templates use: {{ value|day:"long" }}.
DAY_FORMATS = {
    # "Donnerstag, 3. Dezember 2026" / "Thursday 3 December 2026"
    "long": pgettext_lazy("date format: weekday, day, month name, year", "l j F Y"),
    # "Donnerstag, 3. Dezember" / "Thursday 3 December"
    "weekday": pgettext_lazy("date format: weekday, day, month name", "l j F"),
    # "Do, 3. Dezember 2026" / "Thu 3 December 2026"
    "medium": pgettext_lazy("date format: short weekday, day, month name, year", "D j F Y"),
    # "Do, 3. Dez." / "Thu 3 Dec"
    "short": pgettext_lazy("date format: short weekday, day, short month", "D j M"),
    # "3. Dezember" / "3 December"
    "day_month": pgettext_lazy("date format: day, month name", "j F"),
    # "3. Dezember 2026" / "3 December 2026"
    "date": pgettext_lazy("date format: day, month name, year", "j F Y"),
    # "3.12." / "3/12"
    "numeric": pgettext_lazy("date format: day and month in digits", "j/n"),
}


def day(value: datetime.datetime | datetime.date, style: str = "long") -> str:
    """A day written in one of the ``DAY_FORMATS`` of the interface language."""
    return formats.date_format(_local(value), str(DAY_FORMATS[style]))


def short_day_time(value: datetime.datetime) -> str:
    """ "Di, 1. Dez. 2026, 9:30"."""
    return f"{short_day(value)}, {clock_time(value)}"
