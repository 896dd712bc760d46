"""Expanding schedules into dates: the materialised calendar and its rules.

Dates that carry state (cancelled, moved, with a note) are never deleted by a
re-expansion: they are kept and marked ``detached``.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from centers.models import Center, Closure
from offers.holidays import public_holiday, school_holiday
from offers.models import Occurrence, Offer
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


def horizon_end(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=settings.THEKIZ_CALENDAR_HORIZON_DAYS)


@transaction.atomic
def offer_occurrences_sync(offer: Offer, *, today: datetime.date | None = None) -> SyncResult:
    """Make the offer's dates from ``today`` to the horizon match its schedules.

    Past dates are history and stay as they are. Dates no longer in a schedule are deleted
    unless they carry state; those are kept and marked ``detached``.
    """
    # Lock the offer: two expansions of the same offer must not interleave.
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    today = today or timezone.localdate()
    last = horizon_end(today)
    rules = DayRules.for_offer(offer, today, last)
    result = SyncResult()

    existing = {
        (occurrence.schedule_id, occurrence.original_date): occurrence
        for occurrence in offer.occurrences.filter(original_date__gte=today).select_related(
            "closure"
        )
    }
    to_create: list[Occurrence] = []
    to_update: list[Occurrence] = []
    for schedule in offer.schedules.all():
        for day in schedule_dates(schedule, today, last):
            start = local_datetime(day, schedule.start_time)
            end = local_datetime(day, schedule.end_time)
            occurrence = existing.pop((schedule.pk, day), None)
            if occurrence is None:
                reason, closure = rules.off(day)
                to_create.append(
                    Occurrence(
                        offer=offer,
                        schedule=schedule,
                        original_date=day,
                        start=start,
                        end=end,
                        off_reason=reason,
                        closure=closure,
                    )
                )
                continue
            changed = occurrence.detached
            occurrence.detached = False
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

    leftovers = list(existing.values())
    keep = [o for o in leftovers if o.has_state]
    drop = [o.pk for o in leftovers if not o.has_state]
    for occurrence in keep:
        if not occurrence.detached:
            occurrence.detached = True
            to_update.append(occurrence)
            result.detached += 1
    if drop:
        result.deleted = Occurrence.objects.filter(pk__in=drop).delete()[0]
    Occurrence.objects.bulk_create(to_create, batch_size=1000)
    Occurrence.objects.bulk_update(
        to_update, ["start", "end", "detached", "off_reason", "closure"], batch_size=1000
    )
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
    return total


def center_occurrences_sync(center: Center, *, today: datetime.date | None = None) -> None:
    """Re-apply the center's closures (and everything else) to all its offers."""
    for offer in center.offers.exclude(status=Offer.Status.ARCHIVED):
        offer_occurrences_sync(offer, today=today)
