"""Reading a centre's own calendar (RFC 5545) into a plan of offers and their dates.

Nothing is written here: ``calendar_plan`` says what an import would create or update,
and ``offers.services.imports.calendar_import_apply`` carries the plan out.

- One offer per event UID (a second import finds the offer by its ``import_uid``).
- Times are placed in Europe/Berlin, whatever time zone the calendar uses (IANA names,
  Windows names with their VTIMEZONE, UTC, floating times as local).
- A rule becomes one of the portal's schedules when it fits (weekly on some days, every
  n weeks; monthly on the first … fourth or last weekday, every n months; daily every
  day): the schedule is expanded and compared with the calendar's own expansion, and only
  used when both give exactly the same dates at the same Berlin time. Otherwise the
  dates of the coming year become single dates, and the plan says so.
- EXDATE and cancelled overrides become cancelled dates; an override (RECURRENCE-ID)
  at another time becomes a moved date; RDATE an extra single date.
- What cannot be represented is listed in ``skipped`` or the offer's ``notes``: all-day
  and multi-day events, events without a time in the coming year, private events.
- The plan names the upcoming dates with sign-ups that the import cancels, moves or
  takes out of the schedule (``affected``: the people signed up are told), and the
  offers of the same source whose event is no longer in the calendar (``missing``).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centers.models import Center
from common.dates import time_span
from offers.models import CalendarSubscription, Occurrence, Offer, Schedule, horizon_end
from offers.recurrence import schedule_dates
from offers.weekdays import RRULE_DAYS
from registrations.models import ACTIVE

MAX_BYTES = 2 * 1024 * 1024
# A rule that does not fit a schedule gives at most this many single dates.
MAX_SINGLE_DATES = 400
DEFAULT_DURATION = datetime.timedelta(hours=1)
_CODES = {value.weekday: code for code, value in RRULE_DAYS.items()}

Slot = tuple[datetime.date, datetime.time]


@dataclass(frozen=True)
class MovedDate:
    day: datetime.date  # the planned day and start (as the rule gives it)
    time: datetime.time
    start: datetime.datetime  # where it moved to (Europe/Berlin)
    end: datetime.datetime


@dataclass
class PlannedOffer:
    uid: str
    title: str
    summary: str
    description: str
    schedules: list[Schedule] = field(default_factory=list)
    cancelled: list[Slot] = field(default_factory=list)
    moved: list[MovedDate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    existing: Offer | None = None

    def upcoming(self, today: datetime.date, limit: int = 5) -> list[Slot]:
        """The next sessions (day, start) of the plan's schedules that take place as the
        rule gives them: the calendar's cancelled and moved ones are listed on their own."""
        last = horizon_end(today)
        apart = {*self.cancelled, *((moved.day, moved.time) for moved in self.moved)}
        slots = sorted(
            {
                (day, schedule.start_time)
                for schedule in self.schedules
                for day in schedule_dates(schedule, today, last)
            }
            - apart
        )
        return slots[:limit]

    @property
    def single_dates(self) -> int:
        return sum(schedule.frequency == Schedule.Frequency.ONCE for schedule in self.schedules)

    @property
    def rules(self) -> list[Schedule]:
        return [s for s in self.schedules if s.frequency != Schedule.Frequency.ONCE]


@dataclass(frozen=True)
class SkippedEvent:
    title: str
    when: str
    reason: str


@dataclass(frozen=True)
class AffectedDate:
    """An upcoming date with sign-ups that the import changes for the people signed up."""

    class Change:
        CANCELLED = "cancelled"  # left out by the calendar (EXDATE, a cancelled override)
        MOVED = "moved"  # another time (an override, or the rule's time changed)
        REMOVED = "removed"  # the calendar's rule no longer gives it

    offer_title: str
    occurrence: Occurrence
    sign_ups: int
    change: str


@dataclass
class ImportPlan:
    offers: list[PlannedOffer]
    skipped: list[SkippedEvent]
    # The centre's offers from the same source (the subscription; for a file: offers
    # imported from files) whose event is not in this calendar (not archived ones).
    missing: list[Offer] = field(default_factory=list)
    subscription: CalendarSubscription | None = None
    affected: list[AffectedDate] = field(default_factory=list)

    @property
    def cancelled_sign_ups(self) -> tuple[int, int]:
        """(dates, sign-ups) that the import cancels or takes out of the schedule."""
        return self._sum(AffectedDate.Change.CANCELLED, AffectedDate.Change.REMOVED)

    @property
    def moved_sign_ups(self) -> tuple[int, int]:
        """(dates, sign-ups) that the import moves to another time."""
        return self._sum(AffectedDate.Change.MOVED)

    def _sum(self, *changes: str) -> tuple[int, int]:
        found = [date for date in self.affected if date.change in changes]
        return len(found), sum(date.sign_ups for date in found)

    @property
    def created(self) -> list[PlannedOffer]:
        return [offer for offer in self.offers if offer.existing is None]

    @property
    def updated(self) -> list[PlannedOffer]:
        return [offer for offer in self.offers if offer.existing is not None]


class _Broken(Exception):
    pass


def _berlin() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _to_berlin(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:  # a floating time: the centre's own wall-clock time
        return value.replace(tzinfo=_berlin())
    return value.astimezone(_berlin())


def calendar_read(data: bytes) -> icalendar.Calendar:
    """The calendar in ``data``; ``ValidationError`` (in German) for anything else."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The calendar file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20},
            code="too_large",
        )
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise ValidationError(
            _(
                "This file is not a calendar file. Please export the calendar as an "
                "iCalendar file (.ics) and upload that."
            ),
            code="not_calendar",
        )
    try:
        return icalendar.Calendar.from_ical(data)
    except Exception:  # icalendar raises ValueError, but broken input reaches deeper
        raise _broken() from None


def _broken() -> ValidationError:
    return ValidationError(
        _(
            "The calendar file is damaged and cannot be read. Please export it again "
            "from your calendar program."
        ),
        code="broken",
    )


def _text(event: icalendar.Event, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    # Google Calendar writes line breaks in descriptions as HTML.
    text = re.sub(r"<br\s*/?>|</p>", "\n", str(value), flags=re.IGNORECASE)
    return strip_tags(text).strip()


def _when(start: datetime.datetime | datetime.date) -> str:
    if isinstance(start, datetime.datetime):
        return f"{_to_berlin(start):%d.%m.%Y %H:%M}"
    return f"{start:%d.%m.%Y}"


def _times(event: icalendar.Event) -> tuple[datetime.datetime, datetime.datetime, bool]:
    """Start and end in Berlin time, and whether the end was made up (none given)."""
    start = _to_berlin(event.decoded("DTSTART"))
    if "DTEND" in event:
        end = _to_berlin(event.decoded("DTEND"))
        return start, end, False
    if "DURATION" in event:
        return start, start + event.decoded("DURATION"), False
    return start, start + DEFAULT_DURATION, True


def _dates_of(prop) -> list:
    """The values of an EXDATE/RDATE property (one or several lines)."""
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    return [entry.dt for line in props for entry in line.dts]


def _slot(value: datetime.datetime | datetime.date, start_time: datetime.time) -> Slot:
    if isinstance(value, datetime.datetime):
        local = _to_berlin(value)
        return local.date(), local.time().replace(tzinfo=None)
    return value, start_time


def _rule_expand(
    event: icalendar.Event, start: datetime.datetime, last: datetime.date
) -> list[datetime.datetime]:
    """The starts the event's rules give up to ``last`` (in Berlin time), without EXDATE.

    Expanded in the event's own wall-clock time, as RFC 5545 says, then placed in Berlin.
    """
    original = event.decoded("DTSTART")
    tz = original.tzinfo
    naive = original.replace(tzinfo=None)
    rules = event.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules]
    found = rrule.rruleset()
    for recur in rules:
        value = dict(recur)
        until = value.get("UNTIL", [None])[0]
        if isinstance(until, datetime.datetime):
            if until.tzinfo:  # UTC, as RFC 5545 asks: into the event's own wall-clock time
                until = until.astimezone(tz or _berlin()).replace(tzinfo=None)
            value["UNTIL"] = [until]
        elif isinstance(until, datetime.date):
            value["UNTIL"] = [datetime.datetime.combine(until, datetime.time(23, 59, 59))]
        text = icalendar.vRecur(value).to_ical().decode()
        found.rrule(rrule.rrulestr(text, dtstart=naive))
    limit = datetime.datetime.combine(last, datetime.time.max)
    starts = []
    for moment in found.xafter(naive - datetime.timedelta(seconds=1), inc=True):
        if moment > limit:
            break
        starts.append(_to_berlin(moment.replace(tzinfo=tz)))
    return starts


def _schedule_for_rule(
    recur: icalendar.vRecur, start: datetime.datetime, end: datetime.datetime
) -> Schedule | None:
    """The portal's schedule for an RRULE, if it has one (not yet checked by dates)."""
    value = {key.upper(): list(values) for key, values in dict(recur).items()}
    known = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST", "BYSETPOS"}
    if set(value) - known:
        return None
    frequency = value["FREQ"][0].upper()
    interval = int(value.get("INTERVAL", [1])[0])
    days = [str(day).upper() for day in value.get("BYDAY", [])]
    schedule = Schedule(
        start_date=start.date(),
        start_time=start.time().replace(tzinfo=None),
        end_time=end.time().replace(tzinfo=None),
        interval=interval,
    )
    if "COUNT" in value:
        schedule.count = int(value["COUNT"][0])
    if "UNTIL" in value:
        until = value["UNTIL"][0]
        schedule.until = _to_berlin(until).date() if isinstance(until, datetime.datetime) else until
    if frequency == "DAILY" and interval == 1 and "BYSETPOS" not in value:
        schedule.frequency = Schedule.Frequency.WEEKLY
        schedule.weekdays = ",".join(days or list(RRULE_DAYS))
        return schedule
    if frequency == "WEEKLY" and "BYSETPOS" not in value:
        if any(day[:-2] for day in days):
            return None
        schedule.frequency = Schedule.Frequency.WEEKLY
        schedule.weekdays = ",".join(days or [_CODES[start.weekday()]])
        return schedule
    if frequency == "MONTHLY" and days:
        positions = {day[:-2] for day in days}
        if "BYSETPOS" in value:
            if positions != {""} or len(value["BYSETPOS"]) != 1:
                return None
            position = int(value["BYSETPOS"][0])
        elif len(positions) == 1 and "" not in positions:
            position = int(positions.pop())
        else:
            return None
        if position not in Schedule.MonthWeek.values:
            return None
        schedule.frequency = Schedule.Frequency.MONTHLY
        schedule.month_week = position
        schedule.weekdays = ",".join(day[-2:] for day in days)
        return schedule
    return None


@dataclass
class _Series:
    master: icalendar.Event | None = None
    overrides: list[icalendar.Event] = field(default_factory=list)


def _group(calendar: icalendar.Calendar) -> dict[str, _Series]:
    series: dict[str, _Series] = defaultdict(_Series)
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            start = event.get("DTSTART")
            uid = f"{_text(event, 'SUMMARY')}|{start.to_ical().decode() if start else ''}"
        if "RECURRENCE-ID" in event:
            series[uid].overrides.append(event)
        else:
            series[uid].master = event
    return series


def _skip(event: icalendar.Event, reason: str) -> SkippedEvent:
    start = event.decoded("DTSTART") if "DTSTART" in event else None
    title = _text(event, "SUMMARY") or _("(no title)")
    return SkippedEvent(title, _when(start) if start else "", reason)


def _plan_offer(
    uid: str, series: _Series, today: datetime.date, skipped: list[SkippedEvent]
) -> PlannedOffer | None:
    master = series.master
    overrides = series.overrides
    if master is None:  # overrides of a series that is not in the file: single dates
        master, overrides = overrides[0], overrides[1:]
        del master["RECURRENCE-ID"]
    title = _text(master, "SUMMARY") or _("(no title)")
    if str(master.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL"):
        skipped.append(_skip(master, _("a private event")))
        return None
    if str(master.get("STATUS", "")).upper() == "CANCELLED":
        skipped.append(_skip(master, _("cancelled in the calendar")))
        return None  # for the portal's offer, as if the event were gone (``missing``)
    if "DTSTART" not in master:
        skipped.append(_skip(master, _("it has no start")))
        return None
    raw_start = master.decoded("DTSTART")
    if not isinstance(raw_start, datetime.datetime):
        skipped.append(_skip(master, _("an all-day event: offers have a start and end time")))
        return None
    start, end, made_up = _times(master)
    if end.date() != start.date() or end <= start:
        skipped.append(_skip(master, _("it does not start and end on the same day: offers cannot")))
        return None
    description = _text(master, "DESCRIPTION")
    first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    plan = PlannedOffer(
        uid=uid[:255],
        title=title[:150],
        summary=(first_line or title)[:300],
        description=description,
    )
    if made_up:
        plan.notes.append(_("The calendar gives no end: one hour is assumed."))
    if master.get("LOCATION"):
        plan.notes.append(
            _(
                "Place in the calendar: “%(place)s”. The offer is set to take place at the "
                "centre; please check it."
            )
            % {"place": _text(master, "LOCATION")}
        )
    start_time = start.time().replace(tzinfo=None)
    end_time = end.time().replace(tzinfo=None)
    last = horizon_end(today)
    exdates = {_slot(value, start_time) for value in _dates_of(master.get("EXDATE"))}
    rdates = list(_dates_of(master.get("RDATE")))

    if "RRULE" not in master:
        if start.date() < today:
            skipped.append(_skip(master, _("it is in the past")))
            return None
        if start.date() > last:
            skipped.append(_skip(master, _("it is more than a year ahead")))
            return None
        plan.schedules.append(_single(start.date(), start_time, end_time))
        return plan

    starts = _rule_expand(master, start, last)
    rules = master["RRULE"] if isinstance(master["RRULE"], list) else [master["RRULE"]]
    schedule = _schedule_for_rule(rules[0], start, end) if len(rules) == 1 else None
    slots = [(moment.date(), moment.time().replace(tzinfo=None)) for moment in starts]
    fits = schedule is not None and all(time == start_time for _day, time in slots)
    if fits:
        fits = schedule_dates(schedule, schedule.start_date, last) == [day for day, _t in slots]
    upcoming = [slot for slot in slots if slot[0] >= today]
    if not upcoming:
        skipped.append(_skip(master, _("all its dates are in the past")))
        return None
    duration = end - start
    moved_away: set[Slot] = set()
    extra: list[tuple[datetime.datetime, datetime.datetime]] = []
    for override in overrides:
        original = _slot(override.decoded("RECURRENCE-ID"), start_time)
        if str(override.get("STATUS", "")).upper() == "CANCELLED":
            exdates.add(original)
            continue
        if "DTSTART" not in override or not isinstance(
            override.decoded("DTSTART"), datetime.datetime
        ):
            plan.notes.append(
                _("The changed date of %(day)s could not be read and was left out.")
                % {"day": f"{original[0]:%d.%m.%Y}"}
            )
            continue
        new_start, new_end, _made_up = _times(override)
        if _made_up:
            new_end = new_start + duration
        if _text(override, "SUMMARY") not in ("", title):
            plan.notes.append(
                _("On %(day)s the calendar gives another title (“%(title)s”); it is not imported.")
                % {"day": f"{original[0]:%d.%m.%Y}", "title": _text(override, "SUMMARY")}
            )
        if (new_start.date(), new_start.time().replace(tzinfo=None)) == original and (
            new_end - new_start == duration
        ):
            continue
        if new_end.date() != new_start.date() or new_end <= new_start:
            plan.notes.append(
                _("The date of %(day)s was moved across midnight; it is left out.")
                % {"day": f"{original[0]:%d.%m.%Y}"}
            )
            exdates.add(original)
            continue
        if original[0] < today:
            continue  # history: the portal keeps past dates as they are
        if fits and original in slots:
            plan.moved.append(MovedDate(original[0], original[1], new_start, new_end))
        else:
            moved_away.add(original)
            extra.append((new_start, new_end))

    if fits:
        plan.schedules.append(schedule)
        plan.cancelled = sorted(slot for slot in exdates if slot in slots and slot[0] >= today)
    else:
        keep = [slot for slot in upcoming if slot not in exdates and slot not in moved_away]
        if len(keep) > MAX_SINGLE_DATES:
            keep = keep[:MAX_SINGLE_DATES]
            plan.notes.append(
                _("Only the first %(n)s dates are imported.") % {"n": MAX_SINGLE_DATES}
            )
        plan.notes.append(
            ngettext(
                "The calendar's rule (%(rule)s) has no match among the portal's rules: "
                "its %(n)s date in the coming year is imported as a single date.",
                "The calendar's rule (%(rule)s) has no match among the portal's rules: "
                "its %(n)s dates in the coming year are imported as single dates.",
                len(keep),
            )
            % {"rule": " / ".join(rule.to_ical().decode() for rule in rules), "n": len(keep)}
        )
        for day, time in keep:
            if _plus(time, duration) > time:
                plan.schedules.append(_single(day, time, _plus(time, duration)))
            else:  # in Berlin time this date runs past midnight
                plan.notes.append(
                    _("In German time the date of %(day)s runs past midnight; it is left out.")
                    % {"day": f"{day:%d.%m.%Y}"}
                )
    for new_start, new_end in extra:
        if today <= new_start.date() <= last:
            plan.schedules.append(_single(new_start.date(), new_start.time(), new_end.time()))
    for value in rdates:
        if isinstance(value, datetime.datetime):
            local = _to_berlin(value)
            rdate_start, rdate_end = local, local + duration
        else:
            rdate_start = datetime.datetime.combine(value, start_time, tzinfo=_berlin())
            rdate_end = rdate_start + duration
        if today <= rdate_start.date() <= last and rdate_end.date() == rdate_start.date():
            plan.schedules.append(_single(rdate_start.date(), rdate_start.time(), rdate_end.time()))
    return plan


def _plus(time: datetime.time, duration: datetime.timedelta) -> datetime.time:
    return (datetime.datetime.combine(datetime.date.min, time) + duration).time()


def _single(day: datetime.date, start: datetime.time, end: datetime.time) -> Schedule:
    return Schedule(
        frequency=Schedule.Frequency.ONCE,
        start_date=day,
        start_time=start.replace(tzinfo=None),
        end_time=end.replace(tzinfo=None),
    )


def _present(series: dict[str, _Series]) -> set[str]:
    """The UIDs of the calendar's events, except the ones cancelled as a whole."""
    return {
        uid[:255]
        for uid, found in series.items()
        if found.master is None or str(found.master.get("STATUS", "")).upper() != "CANCELLED"
    }


def _slots_of(plan: PlannedOffer, today: datetime.date) -> set[Slot]:
    last = horizon_end(today)
    return {
        (day, schedule.start_time)
        for schedule in plan.schedules
        for day in schedule_dates(schedule, today, last)
    }


def _affected(plans: list[PlannedOffer], today: datetime.date) -> list[AffectedDate]:
    """The upcoming dates with sign-ups that the plan cancels, moves or takes out of the
    schedule (one query, for the offers imported before)."""
    by_offer = {plan.existing.pk: plan for plan in plans if plan.existing is not None}
    if not by_offer:
        return []
    dates = (
        Occurrence.objects.filter(
            offer__in=list(by_offer),
            original_date__gte=today,
            end__gt=timezone.now(),
            capacity__isnull=False,
        )
        .annotate(
            sign_ups=Count(
                "capacity__registrations",
                filter=Q(capacity__registrations__status__in=ACTIVE),
            )
        )
        .filter(sign_ups__gt=0)
        .order_by("start")
    )
    found: list[AffectedDate] = []
    slots: dict[int, set[Slot]] = {}
    for date in dates:
        plan = by_offer[date.offer_id]
        if date.offer_id not in slots:
            slots[date.offer_id] = _slots_of(plan, today)
        given = slots[date.offer_id]
        slot = (date.original_date, date.original_time)
        moved = {(m.day, m.time): m for m in plan.moved}
        change = ""
        if slot in plan.cancelled and not date.cancelled:
            change = AffectedDate.Change.CANCELLED
        elif slot not in given:
            # The rule's time changed: the date of that day takes the new time (unless
            # it was moved by hand), else it is no longer in the schedule.
            same_day = any(day == date.original_date for day, _time in given)
            if not same_day:
                change = AffectedDate.Change.REMOVED
            elif not date.moved:
                change = AffectedDate.Change.MOVED
        elif slot in moved and (date.start, date.end) != (moved[slot].start, moved[slot].end):
            change = AffectedDate.Change.MOVED
        if change and date.takes_place:
            found.append(AffectedDate(plan.title, date, date.sign_ups, change))
    return found


def calendar_plan(
    data: bytes,
    *,
    center: Center,
    today: datetime.date | None = None,
    subscription: CalendarSubscription | None = None,
) -> ImportPlan:
    """What importing ``data`` into ``center`` would do; ``ValidationError`` (in German)
    if it is no calendar or a damaged one.

    ``subscription`` is the source: the subscribed calendar this is (None for an uploaded
    file or a calendar not yet subscribed to). Its offers missing from the calendar are
    ``missing``; for a file, the offers imported from files that it does not contain.

    At most two queries whatever the calendar's size: the centre's imported offers, and
    the dates with sign-ups of those the calendar changes."""
    today = today or timezone.localdate()
    calendar = calendar_read(data)
    offers: list[PlannedOffer] = []
    skipped: list[SkippedEvent] = []
    try:
        series = _group(calendar)
        for uid, found in series.items():
            plan = _plan_offer(uid, found, today, skipped)
            if plan is not None:
                offers.append(plan)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError):
        raise _broken() from None
    imported = list(Offer.objects.filter(center=center).exclude(import_uid="").order_by("title"))
    existing = {offer.import_uid: offer for offer in imported}
    for plan in offers:
        plan.existing = existing.get(plan.uid)
    present = _present(series)
    source = subscription.pk if subscription else None
    missing = [
        offer
        for offer in imported
        if offer.import_uid not in present
        and offer.import_subscription_id == source
        and offer.status != Offer.Status.ARCHIVED
    ]
    offers.sort(key=lambda plan: plan.title.lower())
    return ImportPlan(offers, skipped, missing, subscription, affected=_affected(offers, today))


def slot_label(slot: Slot) -> str:
    return f"{slot[0]:%d.%m.%Y}, {slot[1]:%H:%M}"


def moved_label(moved: MovedDate) -> str:
    return f"{moved.start:%d.%m.%Y}, {time_span(moved.start.time(), moved.end.time())}"
