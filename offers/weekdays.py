"""The days of the week, once: Django's translated names (``WEEKDAYS``, ``WEEKDAYS_ABBR``,
Monday = 0 as in ``date.weekday()``) and the calendar's RFC 5545 codes in the same order."""

from dateutil import rrule
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

# As schedules store them ("TU,TH") and iCal exports them (BYDAY).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NUMBERS = {code: number for number, code in enumerate(WEEKDAY_CODES)}
RRULE_DAYS = dict(zip(WEEKDAY_CODES, rrule.weekdays, strict=True))

# Choices for the codes: "Montag" (in a list) or "Mo" (boxes side by side).
WEEKDAY_NAMES = list(zip(WEEKDAY_CODES, WEEKDAYS.values(), strict=True))
WEEKDAY_ABBRS = list(zip(WEEKDAY_CODES, WEEKDAYS_ABBR.values(), strict=True))


def weekday_name(code: str) -> str:
    """ "Dienstag" for "TU"."""
    return str(WEEKDAYS[WEEKDAY_NUMBERS[code]])
