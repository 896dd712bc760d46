"""Expanding schedules into dates: the materialised calendar and its rules.

A date is one planned session of an offer: its planned day and start time. The rules
(schedules) say which sessions there are; the dates carry what people did to them. So:

- a rule that gives a session finds the date already there and takes it over (a rule
  deleted and created again, or a second rule giving the same session);
- a rule whose time changes takes its own dates along (a cancellation stays);
- a new session on a day whose date no rule gives any more takes that date over, with
  its cancellation, move or note (deleting a rule and creating it at another time does
  what changing its time does);
- dates that carry state (cancelled, moved, with a note) are never deleted: when no
  rule gives them, they are kept and marked ``detached``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from centers.models import Center
from offers.holidays import public_holiday, school_holiday
from offers.models import Closure, Occurrence, Offer, Schedule, horizon_end
from offers.recurrence import local_datetime, schedule_dates


@dataclass
class DayRules:
    """Which days an offer does not take place on: closures, holidays, school holidays."""

    runs_on_holidays: bool
    skip_school_holidays: bool
    closures: list[Closure] = field(default_factory=list)

    @classmethod
    def for_offer(cls, offer: Offer, first: datetime.date, last: datetime.date) -> "DayRules":
        closures = []
        if offer.center_id:
            closures = list(
                Closure.objects.filter(
                    center_id=offer.center_id, start_date__lte=last, end_date__gte=first
                )
            )
        return cls(offer.runs_on_holidays, offer.skip_school_holidays, closures)

    def off(self, day: datetime.date) -> tuple[str, Closure | None]:
        for closure in self.closures:
            if closure.start_date <= day <= closure.end_date:
                return Occurrence.OffReason.CLOSURE, closure
        if not self.runs_on_holidays and public_holiday(day, "de"):
            return Occurrence.OffReason.HOLIDAY, None
        if self.skip_school_holidays and school_holiday(day, "de"):
            return Occurrence.OffReason.SCHOOL_HOLIDAYS, None
        return Occurrence.OffReason.NONE, None


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    detached: int = 0
    reattached: int = 0  # changed dates that a rule gives again


@dataclass(frozen=True)
class _Session:
    """One session a rule gives: the planned day and times, and the rule."""

    day: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    schedule: Schedule


def _sessions(offer: Offer, first: datetime.date, last: datetime.date) -> list[_Session]:
    """The sessions the offer's rules give, each once: where two rules give the same day
    and start time, the older rule has it."""
    sessions: dict[tuple[datetime.date, datetime.time], _Session] = {}
    for schedule in offer.schedules.order_by("pk"):
        for day in schedule_dates(schedule, first, last):
            sessions.setdefault(
                (day, schedule.start_time),
                _Session(day, schedule.start_time, schedule.end_time, schedule),
            )
    return list(sessions.values())


def _minutes_apart(a: datetime.time, b: datetime.time) -> int:
    return abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))


def _match(
    sessions: list[_Session], dates: list[Occurrence]
) -> tuple[list[tuple[_Session, Occurrence | None]], list[Occurrence]]:
    """Pair each session with the date that is (or becomes) it; the dates left over.

    First the same planned day and time; then, on the same day, the date the session's
    rule gave before its time changed; then any other date of that day that no rule
    gives any more (changed dates first, then the nearest time).
    """
    by_start = {(date.original_date, date.original_time): date for date in dates}
    pairs: list[tuple[_Session, Occurrence | None]] = []
    open_sessions = []
    for session in sessions:
        date = by_start.pop((session.day, session.start_time), None)
        if date is None:
            open_sessions.append(session)
        else:
            pairs.append((session, date))
    free: dict[datetime.date, list[Occurrence]] = defaultdict(list)
    for date in by_start.values():
        free[date.original_date].append(date)
    rest = []
    for session in open_sessions:
        same_rule = [
            date
            for date in free.get(session.day, [])
            if date.schedule_id == session.schedule.pk and not date.detached
        ]
        if same_rule:
            free[session.day].remove(same_rule[0])
            pairs.append((session, same_rule[0]))
        else:
            rest.append(session)
    for session in rest:
        candidates = free.get(session.day)
        if not candidates:
            pairs.append((session, None))
            continue
        date = min(
            candidates,
            key=lambda d: (
                not d.has_state,
                _minutes_apart(d.original_time, session.start_time),
                d.pk,
            ),
        )
        candidates.remove(date)
        pairs.append((session, date))
    leftovers = [date for dates_of_day in free.values() for date in dates_of_day]
    return pairs, leftovers


_SYNCED_FIELDS = [
    "schedule",
    "original_time",
    "start",
    "end",
    "detached",
    "off_reason",
    "closure",
]


@transaction.atomic
def offer_occurrences_sync(offer: Offer, *, today: datetime.date | None = None) -> SyncResult:
    """Make the offer's dates from ``today`` to the horizon match its schedules.

    Past dates are history and stay as they are. Dates no longer in a schedule are deleted
    unless they carry state; those are kept and marked ``detached``.
    """
    # Lock the offer: two expansions of the same offer must not interleave, and a date is
    # only changed (cancelled, moved, …) under the same lock (see services.dates).
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    today = today or timezone.localdate()
    last = horizon_end(today)
    rules = DayRules.for_offer(offer, today, last)
    result = SyncResult()

    dates = list(offer.occurrences.filter(original_date__gte=today).select_related("closure"))
    rule_before = {date.pk: date.schedule_id for date in dates}
    pairs, leftovers = _match(_sessions(offer, today, last), dates)
    to_create: list[Occurrence] = []
    to_update: list[Occurrence] = []
    for session, occurrence in pairs:
        start = local_datetime(session.day, session.start_time)
        end = local_datetime(session.day, session.end_time)
        if occurrence is None:
            reason, closure = rules.off(session.day)
            to_create.append(
                Occurrence(
                    offer=offer,
                    schedule=session.schedule,
                    original_date=session.day,
                    original_time=session.start_time,
                    start=start,
                    end=end,
                    off_reason=reason,
                    closure=closure,
                )
            )
            continue
        before = [getattr(occurrence, name) for name in ("schedule_id", "original_time")]
        if occurrence.detached or occurrence.schedule_id is None:
            result.reattached += occurrence.has_state
        changed = occurrence.detached
        occurrence.detached = False
        occurrence.schedule = session.schedule
        occurrence.original_time = session.start_time
        changed |= before != [session.schedule.pk, session.start_time]
        if not occurrence.moved and (occurrence.start, occurrence.end) != (start, end):
            occurrence.start, occurrence.end = start, end
            changed = True
        reason, closure = rules.off(timezone.localtime(occurrence.start).date())
        if (occurrence.off_reason, occurrence.closure_id) != (
            reason,
            closure.pk if closure else None,
        ):
            occurrence.off_reason, occurrence.closure = reason, closure
            changed = True
        if changed:
            to_update.append(occurrence)

    drop = [o.pk for o in leftovers if not o.has_state]
    for occurrence in leftovers:
        if occurrence.has_state and (occurrence.schedule_id or not occurrence.detached):
            occurrence.detached, occurrence.schedule = True, None
            to_update.append(occurrence)
            result.detached += 1
    if drop:
        result.deleted = Occurrence.objects.filter(pk__in=drop).delete()[0]
    # A date that changes its rule lets go of the old one first: the database checks each
    # row against "one date per rule and day" at once, not at the end of the statement.
    handed_over = [o.pk for o in to_update if rule_before[o.pk] not in (None, o.schedule_id)]
    if handed_over:
        Occurrence.objects.filter(pk__in=handed_over).update(schedule=None)
    Occurrence.objects.bulk_update(to_update, _SYNCED_FIELDS, batch_size=1000)
    Occurrence.objects.bulk_create(to_create, batch_size=1000)
    result.created = len(to_create)
    result.updated = len(to_update) - result.detached
    return result


def occurrences_extend(*, today: datetime.date | None = None) -> SyncResult:
    """Roll every offer's calendar forward to the horizon (the daily cron job)."""
    total = SyncResult()
    offers = Offer.objects.exclude(status=Offer.Status.ARCHIVED).only("pk")
    for offer in offers.iterator(chunk_size=500):
        result = offer_occurrences_sync(offer, today=today)
        total.created += result.created
        total.updated += result.updated
        total.deleted += result.deleted
        total.detached += result.detached
        total.reattached += result.reattached
    return total


def center_occurrences_sync(center: Center, *, today: datetime.date | None = None) -> None:
    """Re-apply the center's closures (and everything else) to all its offers."""
    for offer in center.offers.exclude(status=Offer.Status.ARCHIVED):
        offer_occurrences_sync(offer, today=today)
