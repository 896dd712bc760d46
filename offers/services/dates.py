"""Exceptions to a schedule: cancelling, moving and adding single dates, and closures.

Every function runs in one transaction, raises ``ValidationError`` (in German) when asked
for something that cannot be, and leaves a ChangeRecord of the centre.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import ChangeRecord
from centers.services import change_record, field_value
from offers.models import Closure, Occurrence, Offer, Schedule
from offers.recurrence import local_datetime
from offers.services.calendar import (
    DayRules,
    center_occurrences_sync,
    horizon_end,
    offer_occurrences_sync,
)
from offers.services.registrations import occurrence_capacity_sync, occurrence_moved_tell


def _locked(occurrence: Occurrence) -> Occurrence:
    """The date as it is now, locked for a change.

    The offer is locked first, as a re-expansion of its dates does
    (``offer_occurrences_sync``): a schedule saved at the same moment either sees this
    change or has already happened. A date it removed meanwhile is refused with a message.
    """
    Offer.objects.select_for_update().filter(pk=occurrence.offer_id).first()
    try:
        return (
            Occurrence.objects.select_for_update(of=("self",))
            .select_related("offer__center")
            .get(pk=occurrence.pk)
        )
    except Occurrence.DoesNotExist:
        raise ValidationError(
            _(
                "This date no longer exists: its schedule was changed in the meantime. "
                "Please look at the current dates."
            ),
            code="gone",
        ) from None


def _refuse_past(occurrence: Occurrence, now: datetime.datetime | None) -> None:
    if occurrence.end <= (now or timezone.now()):
        raise ValidationError(
            _("This date is in the past and can no longer be changed."), code="past"
        )


def _when(occurrence: Occurrence) -> str:
    start = timezone.localtime(occurrence.start)
    return f"{occurrence.offer.title}, {start:%d.%m.%Y %H:%M}"


def _record(
    occurrence: Occurrence,
    user: AbstractBaseUser | None,
    action: str,
    proposed_by: AbstractBaseUser | None = None,
    **changes,
) -> None:
    if occurrence.offer.center_id:
        change_record(
            center=occurrence.offer.center,
            user=user,
            action=action,
            kind=ChangeRecord.Kind.DATE,
            subject=_when(occurrence),
            changes={name: list(values) for name, values in changes.items()},
            proposed_by=proposed_by,
        )


@transaction.atomic
def occurrence_cancel(
    *,
    occurrence: Occurrence,
    reason: str,
    user: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
    proposed_by: AbstractBaseUser | None = None,
) -> Occurrence:
    """Cancel one date ("fällt aus") with a reason families will read. ``proposed_by``:
    the partner's person whose proposal it carries out."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Please give a reason, e.g. 'illness' – families will read it."), code="no_reason"
        )
    occurrence = _locked(occurrence)
    _refuse_past(occurrence, now)
    occurrence.cancelled = True
    occurrence.cancel_reason = reason[:200]
    occurrence.save(update_fields=["cancelled", "cancel_reason", "updated_at"])
    occurrence_capacity_sync(occurrence)  # the people signed up are told
    _record(
        occurrence,
        user,
        ChangeRecord.Action.CANCELLED,
        proposed_by,
        reason=(None, occurrence.cancel_reason),
    )
    return occurrence


@transaction.atomic
def occurrence_restore(
    *,
    occurrence: Occurrence,
    user: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> Occurrence:
    """Take a cancellation back: the date takes place after all."""
    occurrence = _locked(occurrence)
    _refuse_past(occurrence, now)
    if occurrence.detached:
        raise ValidationError(
            _(
                "This date is no longer in the schedule, so it cannot take place. Add an "
                "extra date or a rule for this day instead: it takes the date over."
            ),
            code="detached",
        )
    reason = occurrence.cancel_reason
    occurrence.cancelled = False
    occurrence.cancel_reason = ""
    occurrence.save(update_fields=["cancelled", "cancel_reason", "updated_at"])
    occurrence_capacity_sync(occurrence)  # sign-ups are possible again
    _record(occurrence, user, ChangeRecord.Action.RESTORED, reason=(reason, None))
    return occurrence


@transaction.atomic
def occurrence_note_set(
    *, occurrence: Occurrence, note: str, user: AbstractBaseUser | None = None
) -> Occurrence:
    """A note families read with this date, e.g. "diesmal im Garten".

    A date that no rule gives any more was only kept for its note: without it, it goes
    (as a re-expansion would remove it).
    """
    occurrence = _locked(occurrence)
    before = occurrence.note
    occurrence.note = note.strip()[:200]
    if before != occurrence.note:
        _record(occurrence, user, ChangeRecord.Action.CHANGED, note=(before, occurrence.note))
    if occurrence.detached and not occurrence.has_state:
        occurrence.delete()
    else:
        occurrence.save(update_fields=["note", "updated_at"])
    return occurrence


@transaction.atomic
def occurrence_move(
    *,
    occurrence: Occurrence,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    user: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> Occurrence:
    """Move one date to another day or time; it keeps its identity (and calendar UID)."""
    if end_time <= start_time:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    start = local_datetime(day, start_time)
    if start <= (now or timezone.now()):
        raise ValidationError(_("A date cannot be moved into the past."), code="into_past")
    occurrence = _locked(occurrence)
    _refuse_past(occurrence, now)
    before = field_value(occurrence.start)
    occurrence.start = start
    occurrence.end = local_datetime(day, end_time)
    occurrence.moved = True
    rules = DayRules.for_offer(occurrence.offer, day, day)
    occurrence.off_reason, occurrence.closure = rules.off(day)
    occurrence.save(update_fields=["start", "end", "moved", "off_reason", "closure", "updated_at"])
    occurrence_moved_tell(occurrence)
    _record(
        occurrence, user, ChangeRecord.Action.MOVED, start=(before, field_value(occurrence.start))
    )
    return occurrence


@transaction.atomic
def offer_date_add(
    *,
    offer: Offer,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    user: AbstractBaseUser | None = None,
    today: datetime.date | None = None,
) -> Occurrence:
    """Add an extra date to an offer (a single-date schedule).

    If a date of that day had been changed (cancelled, moved, a note) and no rule gives it
    any more, the extra date takes it over: check ``takes_place`` and ``moved``.
    """
    today = today or timezone.localdate()
    if end_time <= start_time:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    if day < today:
        raise ValidationError(_("An extra date cannot be in the past."), code="past")
    if day > horizon_end(today):
        raise ValidationError(
            _("Dates can be planned up to one year ahead."), code="beyond_horizon"
        )
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.occurrences.filter(
        original_date=day, original_time=start_time, detached=False
    ).exists():
        raise ValidationError(
            _("The offer already has a date on this day at this time."), code="exists"
        )
    Schedule.objects.create(
        offer=offer,
        frequency=Schedule.Frequency.ONCE,
        start_date=day,
        start_time=start_time,
        end_time=end_time,
    )
    offer_occurrences_sync(offer, today=today)
    # A date of this day that no rule had any more (cancelled, moved, with a note) is
    # taken over by the new one and keeps what was done to it.
    occurrence = offer.occurrences.select_related("offer__center").get(
        original_date=day, original_time=start_time
    )
    _record(occurrence, user, ChangeRecord.Action.CREATED)
    return occurrence


def _closure_subject(closure: Closure) -> str:
    first, last = closure.start_date, closure.end_date
    return f"{closure.title}, {first:%d.%m.%Y}–{last:%d.%m.%Y}"


@transaction.atomic
def closure_save(
    *, closure: Closure, user: AbstractBaseUser | None = None, today: datetime.date | None = None
) -> Closure:
    """Save a closure and mark the center's dates in it as not taking place."""
    if closure.end_date < closure.start_date:
        raise ValidationError(
            _("The last day cannot be before the first day."), code="end_before_start"
        )
    created = closure.pk is None
    closure.full_clean()
    closure.save()
    center_occurrences_sync(closure.center, today=today)
    change_record(
        center=closure.center,
        user=user,
        action=ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED,
        kind=ChangeRecord.Kind.CLOSURE,
        subject=_closure_subject(closure),
    )
    return closure


@transaction.atomic
def closure_delete(
    *, closure: Closure, user: AbstractBaseUser | None = None, today: datetime.date | None = None
) -> None:
    """Remove a closure; the dates in it take place again (unless cancelled)."""
    center = closure.center
    change_record(
        center=center,
        user=user,
        action=ChangeRecord.Action.DELETED,
        kind=ChangeRecord.Kind.CLOSURE,
        subject=_closure_subject(closure),
    )
    closure.delete()
    center_occurrences_sync(center, today=today)


def closure_preview(closure: Closure) -> list[Occurrence]:
    """The centre's published and draft dates that a closure would hit (not yet saved)."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(closure.start_date, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(
        closure.end_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return list(
        Occurrence.objects.filter(
            offer__center=closure.center, start__gte=first, start__lt=last, detached=False
        )
        .exclude(offer__status=Offer.Status.ARCHIVED)
        .select_related("offer")
        .order_by("start")
    )
