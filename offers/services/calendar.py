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
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from centers.models import Center
from common.data_version import data_changed
from offers.holidays import public_holiday, school_holiday
from offers.models import Closure, Occurrence, Offer, Schedule, horizon_end
from offers.recurrence import local_datetime, schedule_dates
from offers.services.registrations import (
    occurrence_capacity_sync,
    occurrence_moved_tell,
    offer_capacities_sync,
)
from registrations.models import Registration


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
    # Dates with places that a rule's new time moved (ids), to tell the people signed up.
    retimed: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Session:
    """One session a rule gives: the planned day and times, and the rule."""

    day: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    schedule: Schedule


def _sessions(
    schedules: Iterable[Schedule], first: datetime.date, last: datetime.date
) -> list[_Session]:
    """The sessions an offer's rules (oldest first) give, each once: where two rules give
    the same day and start time, the older rule has it."""
    sessions: dict[tuple[datetime.date, datetime.time], _Session] = {}
    for schedule in schedules:
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


def _new_date(offer: Offer, session: _Session, rules: DayRules) -> Occurrence:
    reason, closure = rules.off(session.day)
    return Occurrence(
        offer=offer,
        schedule=session.schedule,
        original_date=session.day,
        original_time=session.start_time,
        start=local_datetime(session.day, session.start_time),
        end=local_datetime(session.day, session.end_time),
        off_reason=reason,
        closure=closure,
    )


def _off_check(occurrence: Occurrence, rules: DayRules) -> bool:
    """Whether the date takes place on the day it starts now; True if that changed."""
    reason, closure = rules.off(timezone.localtime(occurrence.start).date())
    if (occurrence.off_reason, occurrence.closure_id) == (reason, closure and closure.pk):
        return False
    occurrence.off_reason, occurrence.closure = reason, closure
    return True


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
def offer_occurrences_sync(
    offer: Offer, *, today: datetime.date | None = None, tell: bool = True
) -> SyncResult:
    """Make the offer's dates from ``today`` to the horizon match its schedules.

    Past dates are history and stay as they are. Dates no longer in a schedule are deleted
    unless they carry state; those are kept and marked ``detached``. People signed up for
    a date that a rule's new time moves are told (``tell=False``: the caller tells the
    ``retimed`` ones that it does not change further).
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
    sessions = _sessions(offer.schedules.order_by("pk"), today, last)
    pairs, leftovers = _match(sessions, dates)
    to_create: list[Occurrence] = []
    to_update: list[Occurrence] = []
    retimed: list[Occurrence] = []  # dates with places whose rule now gives another time
    for session, occurrence in pairs:
        start = local_datetime(session.day, session.start_time)
        end = local_datetime(session.day, session.end_time)
        if occurrence is None:
            to_create.append(_new_date(offer, session, rules))
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
            if occurrence.capacity_id:
                retimed.append(occurrence)
        changed |= _off_check(occurrence, rules)
        if changed:
            to_update.append(occurrence)

    # People signed up for a date: it is kept like a changed one (and its places close).
    signed_up = set(
        Registration.objects.active()
        .filter(capacity__occurrence__in=[o.pk for o in leftovers if o.capacity_id])
        .values_list("capacity__occurrence", flat=True)
    )
    drop = [o.pk for o in leftovers if not o.has_state and o.pk not in signed_up]
    for occurrence in leftovers:
        kept = occurrence.has_state or occurrence.pk in signed_up
        if kept and (occurrence.schedule_id or not occurrence.detached):
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
    offer_capacities_sync(offer)
    # Whoever changed the rule's time (staff, an approved proposal, an import): the people
    # signed up are told the new time and asked to confirm it, as for a moved date.
    result.retimed = [occurrence.pk for occurrence in retimed if occurrence.takes_place]
    if tell:
        for occurrence in retimed:
            if occurrence.takes_place:
                occurrence_moved_tell(occurrence)
    return result


def occurrences_extend(
    *, today: datetime.date | None = None, full: bool = False, batch_size: int = 500
) -> SyncResult:
    """Roll every offer's calendar forward to the horizon (the daily cron job).

    Every change to rules, dates and closures re-syncs the offers it touches at once, so
    overnight only the days that came into the horizon are new: each offer gets the
    sessions after its last date, checked against closures and holidays, and dates moved
    by hand are checked against the closures the longer horizon brings in. That is what
    a full re-sync would do (a test compares both), in a few queries per ``batch_size``
    offers. ``full=True`` re-syncs every offer instead (after a change of the horizon
    setting or of the holiday calendar).
    """
    today = today or timezone.localdate()
    total = SyncResult()
    pks = list(
        Offer.objects.exclude(status=Offer.Status.ARCHIVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for first in range(0, len(pks), batch_size):
        batch = pks[first : first + batch_size]
        if full:
            results = [offer_occurrences_sync(Offer(pk=pk), today=today) for pk in batch]
        else:
            results = [_offers_extend(batch, today=today)]
        for result in results:
            total.created += result.created
            total.updated += result.updated
            total.deleted += result.deleted
            total.detached += result.detached
            total.reattached += result.reattached
    if total.created or total.updated or total.deleted or total.detached:
        data_changed()  # bulk writes send no signals
    return total


@transaction.atomic
def _offers_extend(pks: list[int], *, today: datetime.date) -> SyncResult:
    """Add the days that came into the horizon to the calendars of these offers.

    The offers are locked (in the order of their ids) like a full re-sync locks one, so
    a rule saved meanwhile either sees the new dates or is seen by them.
    """
    last = horizon_end(today)
    offers = list(
        Offer.objects.select_for_update()
        .filter(pk__in=pks)
        .exclude(status=Offer.Status.ARCHIVED)
        .order_by("pk")
        .only("pk", "center_id", "runs_on_holidays", "skip_school_holidays")
    )
    last_dates = dict(
        Occurrence.objects.filter(offer_id__in=pks)
        .order_by()
        .values("offer_id")
        .annotate(last=Max("original_date"))
        .values_list("offer_id", "last")
    )
    schedules: dict[int, list[Schedule]] = defaultdict(list)
    for schedule in Schedule.objects.filter(offer_id__in=pks).order_by("offer_id", "pk"):
        schedules[schedule.offer_id].append(schedule)
    closures: dict[int, list[Closure]] = defaultdict(list)
    centers = {offer.center_id for offer in offers if offer.center_id}
    # The same closures, in the same order, as a full re-sync of each offer loads.
    for closure in Closure.objects.filter(
        center_id__in=centers, start_date__lte=last, end_date__gte=today
    ):
        closures[closure.center_id].append(closure)

    result = SyncResult()
    to_create: list[Occurrence] = []
    rules_of: dict[int, DayRules] = {}
    for offer in offers:
        rules = rules_of[offer.pk] = DayRules(
            offer.runs_on_holidays, offer.skip_school_holidays, closures[offer.center_id]
        )
        # The rules gave every session up to the offer's last date when it was synced;
        # the sessions after it are new (none of them has a date to match).
        known = last_dates.get(offer.pk)
        first = max(today, known + datetime.timedelta(days=1)) if known else today
        to_create += [
            _new_date(offer, session, rules)
            for session in _sessions(schedules[offer.pk], first, last)
        ]
    # A date moved by hand can lie beyond the old horizon, where a closure is only now
    # loaded: check each one as a full re-sync does.
    to_update = []
    moved = Occurrence.objects.filter(
        offer_id__in=list(rules_of), moved=True, detached=False, original_date__gte=today
    )
    for occurrence in moved:
        if _off_check(occurrence, rules_of[occurrence.offer_id]):
            to_update.append(occurrence)
    Occurrence.objects.bulk_update(to_update, ["off_reason", "closure"], batch_size=1000)
    for occurrence in to_update:
        if occurrence.capacity_id:
            occurrence_capacity_sync(occurrence)
    Occurrence.objects.bulk_create(to_create, batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def center_occurrences_sync(center: Center, *, today: datetime.date | None = None) -> None:
    """Re-apply the center's closures (and everything else) to all its offers."""
    for offer in center.offers.exclude(status=Offer.Status.ARCHIVED):
        offer_occurrences_sync(offer, today=today)
