"""Schedules as RFC 5545 recurrence rules, expanded with dateutil.

A schedule says "every second Tuesday, 9:30–11:00, from 6 January": dates are expanded in
local wall-clock time and only then placed in Europe/Berlin, so 9:30 stays 9:30 across
the changes to and from summer time.
"""

import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import dates
from common.dates import time_span
from offers.weekdays import RRULE_DAYS, weekday_name

if TYPE_CHECKING:
    from offers.models import Schedule


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """Wall-clock time on a day in the portal's time zone, as an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def schedule_rule(
    schedule: "Schedule", from_day: datetime.date | None = None
) -> rrule.rrule | None:
    """The dateutil rule of a recurring schedule (naive local datetimes); None for a date.

    With ``from_day``, the rule starts as late as it can while giving the same dates from
    that day on, so expanding a window far from the first date skips the periods before it.
    """
    if schedule.frequency == "once":
        return None
    days = [RRULE_DAYS[code] for code in schedule.weekday_list]
    if schedule.frequency == "monthly":
        days = [day(schedule.month_week) for day in days]
    start = schedule.start_date
    if from_day is not None and schedule.count is None:
        start = _period_start(schedule, from_day)
    return rrule.rrule(
        rrule.WEEKLY if schedule.frequency == "weekly" else rrule.MONTHLY,
        dtstart=datetime.datetime.combine(start, schedule.start_time),
        interval=schedule.interval,
        byweekday=days,
        until=(
            datetime.datetime.combine(schedule.until, datetime.time.max) if schedule.until else None
        ),
        count=schedule.count,
    )


def _period_start(schedule: "Schedule", day: datetime.date) -> datetime.date:
    """The start of the rule's last period (every ``interval`` weeks or months, counted
    from its first date) that begins on or before ``day``; its first date if none does.

    A rule without a count started there gives the same dates from ``day`` on: the days
    of that period before its start lie before ``day`` too.
    """
    start = schedule.start_date
    if day <= start:
        return start
    if schedule.frequency == "weekly":
        period = 7 * schedule.interval
        return start + datetime.timedelta(days=(day - start).days // period * period)
    months = (day.year - start.year) * 12 + day.month - start.month
    months -= months % schedule.interval
    if months == 0:
        return start
    year, month = divmod(start.month - 1 + months, 12)
    return datetime.date(start.year + year, month + 1, 1)


def schedule_dates(
    schedule: "Schedule", first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The schedule's dates between ``first`` and ``last`` (both included)."""
    rule = schedule_rule(schedule, from_day=first)
    if rule is None:
        return [schedule.start_date] if first <= schedule.start_date <= last else []
    window = rule.between(
        datetime.datetime.combine(first, datetime.time.min),
        datetime.datetime.combine(last, datetime.time.max),
        inc=True,
    )
    return [moment.date() for moment in window]


def schedule_rrule_value(schedule: "Schedule") -> dict | None:
    """The RRULE as an icalendar ``vRecur`` mapping (UNTIL in UTC, as RFC 5545 demands
    when DTSTART carries a time zone); None for a single date."""
    if schedule.frequency == "once":
        return None
    value: dict = {"FREQ": schedule.frequency.upper(), "INTERVAL": schedule.interval}
    if schedule.frequency == "monthly":
        value["BYDAY"] = [f"{schedule.month_week}{code}" for code in schedule.weekday_list]
    else:
        value["BYDAY"] = schedule.weekday_list
    if schedule.until:
        last_start = local_datetime(schedule.until, schedule.start_time)
        value["UNTIL"] = last_start.astimezone(datetime.UTC)
    if schedule.count:
        value["COUNT"] = schedule.count
    return value


def _weekday_names(codes: list[str]) -> str:
    names = [weekday_name(code) for code in codes]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def schedule_describe(schedule: "Schedule") -> str:
    """The schedule as a sentence: "jeden Dienstag, 9:30–11:00 Uhr, alle 2 Wochen, ab …"."""
    times = time_span(schedule.start_time, schedule.end_time)
    if schedule.frequency == "once":
        return _("on %(date)s, %(times)s") % {
            "date": dates.day(schedule.start_date, "long"),
            "times": times,
        }
    days = _weekday_names(schedule.weekday_list)
    if schedule.frequency == "weekly":
        parts = [_("every %(days)s") % {"days": days}, times]
        if schedule.interval > 1:
            parts.append(_("every %(n)s weeks") % {"n": schedule.interval})
    else:
        ordinal = {
            1: _("every first %(days)s of the month"),
            2: _("every second %(days)s of the month"),
            3: _("every third %(days)s of the month"),
            4: _("every fourth %(days)s of the month"),
            -1: _("every last %(days)s of the month"),
        }[schedule.month_week]
        parts = [ordinal % {"days": days}, times]
        if schedule.interval > 1:
            parts.append(_("every %(n)s months") % {"n": schedule.interval})
    if schedule.start_date > timezone.localdate():
        parts.append(_("from %(date)s") % {"date": formats.date_format(schedule.start_date)})
        if schedule.until:
            parts[-1] += " " + _("until %(date)s") % {"date": formats.date_format(schedule.until)}
    elif schedule.until:
        parts.append(_("until %(date)s") % {"date": formats.date_format(schedule.until)})
    if schedule.count:
        parts.append(
            ngettext("%(count)s date", "%(count)s dates", schedule.count)
            % {"count": schedule.count}
        )
    return ", ".join(parts)
