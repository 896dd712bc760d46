"""Carrying out a calendar import (``offers.calendar_import``), all of it or nothing.

New offers start as drafts; an offer imported before (the same UID) gets the calendar's
title, text and rules, keeps its status and everything else staff set, and its dates
keep their sign-ups, notes and cancellations (``offer_occurrences_sync``).

Dates with places (``Occurrence.capacity``: someone signed up, or staff opened the list)
that the calendar cancels, moves or gives back are changed through the same services as
a staff action (``occurrence_cancel``, ``occurrence_move``, ``occurrence_restore``): their
places close or open and the people signed up are told (mails queued with the import's
transaction). A date the rule's new time moves is told the new time the same way. All
other dates change in bulk, whatever their number.

Offers of a subscribed calendar whose event is gone are marked (``import_missing_since``),
never changed: the centre keeps them as its own (``import_missing_keep``) or ends them
(``import_missing_end``).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.models import Center, ChangeRecord, Membership
from centers.services import change_record
from common.fetch import FetchError, fetch
from common.mail import mail_later
from offers.calendar_import import ImportPlan, PlannedOffer, calendar_plan
from offers.models import CalendarSubscription, Occurrence, Offer
from offers.services.calendar import DayRules, offer_occurrences_sync
from offers.services.dates import occurrence_cancel, occurrence_move, occurrence_restore
from offers.services.editing import offer_save, offer_status_set
from offers.services.registrations import occurrence_moved_tell
from registrations.models import Capacity
from registrations.services import registrations_close

logger = logging.getLogger(__name__)


def import_cancel_reason() -> str:
    """The reason families read for a date the centre's calendar leaves out (German, as
    the staff's own entries: the same text whoever imports, so a later import finds it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("cancelled in the centre's calendar")


def offer_end_reason() -> str:
    """The reason families read for the dates of an offer the centre ended (German)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("the offer has ended")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    newly_missing: list[Offer] = field(default_factory=list)


def _slots_q(slots: list[tuple[datetime.date, datetime.time]]) -> Q:
    query = Q(pk__in=[])
    for day, time in slots:
        query |= Q(original_date=day, original_time=time)
    return query


def _with_places(now: datetime.datetime) -> Q:
    """Upcoming dates with places: changed one by one through the services."""
    return Q(capacity__isnull=False, end__gt=now)


def _dates_apply(
    plan: PlannedOffer,
    offer: Offer,
    user: AbstractBaseUser | None,
    today: datetime.date,
    now: datetime.datetime,
) -> None:
    """The calendar's cancelled, given back and moved dates."""
    reason = import_cancel_reason()
    dates = offer.occurrences.filter(original_date__gte=today)
    # Cancelled by an earlier import and no longer left out by the calendar: it takes place
    # (a date no rule gives any more cannot).
    restore = dates.filter(cancelled=True, cancel_reason=reason, detached=False).exclude(
        _slots_q(plan.cancelled)
    )
    for occurrence in restore.filter(_with_places(now)):
        occurrence_restore(occurrence=occurrence, user=user, now=now)
    restore.update(cancelled=False, cancel_reason="")
    if plan.cancelled:
        # A date the centre cancelled itself keeps its own reason.
        cancel = dates.filter(_slots_q(plan.cancelled), cancelled=False)
        for occurrence in cancel.filter(_with_places(now)):
            occurrence_cancel(occurrence=occurrence, reason=reason, user=user, now=now)
        cancel.update(cancelled=True, cancel_reason=reason)
    if plan.moved:
        rules = DayRules.for_offer(offer, today, max(m.start.date() for m in plan.moved))
        moved = {(m.day, m.time): m for m in plan.moved}
        changed = []
        for occurrence in dates.filter(_slots_q(list(moved))):
            target = moved[(occurrence.original_date, occurrence.original_time)]
            there = (occurrence.start, occurrence.end) == (target.start, target.end)
            if occurrence.moved and there:
                continue  # moved so by an earlier import: nobody is told twice
            if occurrence.capacity_id and occurrence.end > now and target.start > now:
                occurrence_move(
                    occurrence=occurrence,
                    day=target.start.date(),
                    start_time=target.start.time().replace(tzinfo=None),
                    end_time=target.end.time().replace(tzinfo=None),
                    user=user,
                    now=now,
                )
                continue
            occurrence.start, occurrence.end, occurrence.moved = target.start, target.end, True
            occurrence.off_reason, occurrence.closure = rules.off(target.start.date())
            changed.append(occurrence)
        Occurrence.objects.bulk_update(
            changed, ["start", "end", "moved", "off_reason", "closure"], batch_size=500
        )


def _offer_apply(
    plan: PlannedOffer,
    center: Center,
    user: AbstractBaseUser | None,
    today: datetime.date,
    subscription: CalendarSubscription | None,
) -> Offer:
    now = timezone.now()
    if plan.existing is None:
        offer = Offer(
            center=center,
            host=Offer.Host.CENTER,
            place=Offer.PlaceKind.CENTER,
            status=Offer.Status.DRAFT,
            import_uid=plan.uid,
        )
    else:
        offer = Offer.objects.get(pk=plan.existing.pk)
    offer.title, offer.summary, offer.description = plan.title, plan.summary, plan.description
    # The source is the calendar that last contained the event; it is there (again).
    offer.import_subscription, offer.import_missing_since = subscription, None
    offer = offer_save(offer=offer, m2m={}, user=user, sync_dates=False)
    offer.schedules.all().delete()
    for schedule in plan.schedules:
        schedule.pk = None
        schedule.offer = offer
        schedule.full_clean()
        schedule.save()
    # Dates no rule gives any more keep their sign-ups, and their places close with a
    # mail to the people signed up (offer_capacities_sync). Dates with sign-ups that a
    # rule's new time moves are told the new time below, unless the calendar also
    # cancels or moves them: one mail per date, the last word.
    retimed = offer_occurrences_sync(offer, today=today, tell=False).retimed
    _dates_apply(plan, offer, user, today, now)
    if retimed:
        told = Occurrence.objects.filter(pk__in=retimed, cancelled=False, moved=False)
        for occurrence in told.select_related("capacity", "offer__center"):
            if occurrence.takes_place:
                occurrence_moved_tell(occurrence)
    return offer


@transaction.atomic
def calendar_import_apply(
    *,
    plan: ImportPlan,
    center: Center,
    user: AbstractBaseUser | None,
    subscribe_url: str = "",
    today: datetime.date | None = None,
) -> ImportResult:
    """Create or update the plan's offers in one transaction: an error leaves all as it
    was, mails to the people signed up included. With ``subscribe_url``, the centre
    subscribes to that calendar in the same step.

    The plan's source (``plan.subscription``) becomes the offers' source; for a
    subscribed calendar, its offers no longer in it are marked as missing (since today,
    unless they were already)."""
    today = today or timezone.localdate()
    result = ImportResult()
    subscription = plan.subscription
    if subscribe_url:
        subscription, _created = CalendarSubscription.objects.update_or_create(
            center=center,
            url=subscribe_url,
            defaults={"last_synced_at": timezone.now(), "last_error": "", "last_error_at": None},
        )
    for planned in plan.offers:
        _offer_apply(planned, center, user, today, subscription)
        if planned.existing is None:
            result.created += 1
        else:
            result.updated += 1
    if plan.subscription is not None and plan.missing:
        # Still of this calendar when the row is written (kept by staff meanwhile: not),
        # locked, so that the mail names exactly the offers marked.
        result.newly_missing = list(
            Offer.objects.select_for_update(of=("self",))
            .filter(
                pk__in=[offer.pk for offer in plan.missing],
                import_missing_since=None,
                import_subscription=plan.subscription,
            )
            .exclude(import_uid="")
            .order_by("title")
        )
        Offer.objects.filter(pk__in=[offer.pk for offer in result.newly_missing]).update(
            import_missing_since=today
        )
    return result


def missing_offers(center: Center) -> list[Offer]:
    """The centre's offers whose event is no longer in their subscribed calendar."""
    return list(
        Offer.objects.filter(center=center, import_missing_since__isnull=False)
        .exclude(status=Offer.Status.ARCHIVED)
        .select_related("import_subscription")
        .order_by("import_missing_since", "title")
    )


def _missing_locked(offer: Offer) -> Offer:
    current = (
        Offer.objects.select_for_update(of=("self",)).select_related("center").get(pk=offer.pk)
    )
    if current.import_missing_since is None or current.status == Offer.Status.ARCHIVED:
        raise ValidationError(
            _("This offer is no longer waiting for a decision: it was already settled."),
            code="settled",
        )
    return current


@transaction.atomic
def import_missing_keep(*, offer: Offer, user: AbstractBaseUser | None) -> Offer:
    """Keep an offer whose event left the calendar as the portal's own: the imports no
    longer touch it (a new event with the same UID would be a new offer)."""
    current = _missing_locked(offer)
    before = current.import_uid
    current.import_uid, current.import_subscription, current.import_missing_since = "", None, None
    current.save(
        update_fields=["import_uid", "import_subscription", "import_missing_since", "updated_at"]
    )
    change_record(
        center=current.center,
        user=user,
        action=ChangeRecord.Action.CHANGED,
        kind=ChangeRecord.Kind.OFFER,
        subject=current.title,
        changes={"import_uid": [before, ""]},
    )
    return current


@transaction.atomic
def import_missing_end(
    *, offer: Offer, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> int:
    """End an offer whose event left the calendar: its upcoming dates are cancelled (the
    people signed up are told, as when staff cancel a date), the places of a course close
    (its people are told too), and the offer is archived. Returns how many dates were
    cancelled."""
    now = now or timezone.now()
    current = _missing_locked(offer)
    reason = offer_end_reason()
    upcoming = current.occurrences.filter(end__gt=now, cancelled=False, detached=False)
    count = upcoming.count()
    for occurrence in upcoming.filter(capacity__isnull=False):
        occurrence_cancel(occurrence=occurrence, reason=reason, user=user, now=now)
    upcoming.update(cancelled=True, cancel_reason=reason)
    if current.course_capacity_id:
        course = Capacity.objects.get(pk=current.course_capacity_id)
        if not course.closed:
            registrations_close(course, reason)
    Offer.objects.filter(pk=current.pk).update(import_missing_since=None)
    current.import_missing_since = None
    offer_status_set(offer=current, status=Offer.Status.ARCHIVED, user=user)
    return count


def _coordinators(center: Center) -> list[str]:
    return list(
        Membership.objects.filter(
            center=center, role=Membership.Role.COORDINATOR, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _failure_tell(subscription: CalendarSubscription, reason: str) -> None:
    """Mail the centre's coordinators that the calendar could not be imported."""
    to = _coordinators(subscription.center)
    if not to:
        return  # the error is shown on the import page in Mein ThEKiZ
    page = settings.THEKIZ_BASE_URL + reverse(
        "staff:calendar_import", args=[subscription.center.slug]
    )
    with translation.override("de"):
        subject = _("Calendar import failed: %(center)s") % {"center": subscription.center.name}
        text = "\n".join(
            [
                _("Hello,"),
                "",
                _(
                    "the calendar %(url)s could not be imported into the ThEKiZ portal "
                    "tonight. Nothing was changed; the offers stay as they were."
                )
                % {"url": subscription.url},
                "",
                _("Reason: %(reason)s") % {"reason": reason},
                "",
                _("Please check the address or the calendar in My ThEKiZ:"),
                page,
                "",
                _("Your ThEKiZ portal"),
            ]
        )
    mail_later(to=to, subject=subject, text=text, language="de")


def _missing_tell(subscription: CalendarSubscription, offers: list[Offer]) -> None:
    """Mail the centre's coordinators the offers whose event left the calendar (once:
    when they are first found missing)."""
    to = _coordinators(subscription.center)
    if not to:
        return  # they are listed on the import page and the dashboard in Mein ThEKiZ
    page = settings.THEKIZ_BASE_URL + reverse(
        "staff:calendar_import", args=[subscription.center.slug]
    )
    with translation.override("de"):
        subject = _("No longer in the calendar: %(center)s") % {"center": subscription.center.name}
        text = "\n".join(
            [
                _("Hello,"),
                "",
                _(
                    "the calendar %(url)s no longer contains the events of these offers "
                    "of the ThEKiZ portal:"
                )
                % {"url": subscription.url},
                "",
                *[f"- {offer.title}" for offer in offers],
                "",
                _(
                    "Nothing was changed: the offers and their dates stay as they are until "
                    "you decide. Keep each one as the portal's own offer, or end it (its "
                    "dates are cancelled and the people signed up are told) in My ThEKiZ:"
                ),
                page,
                "",
                _("Your ThEKiZ portal"),
            ]
        )
    mail_later(to=to, subject=subject, text=text, language="de")


def subscription_sync(
    subscription: CalendarSubscription, *, today: datetime.date | None = None
) -> ImportResult | None:
    """Fetch the subscribed calendar and import it, in one transaction.

    A failure (address refused, server down, damaged file, anything) changes no offer:
    it is stored on the subscription and, when it is new, mailed to the coordinators.
    """
    subscription = CalendarSubscription.objects.select_related("center").get(pk=subscription.pk)
    try:
        with transaction.atomic():
            plan = calendar_plan(
                fetch(subscription.url),
                center=subscription.center,
                today=today,
                subscription=subscription,
            )
            result = calendar_import_apply(
                plan=plan, center=subscription.center, user=None, today=today
            )
            if result.newly_missing:
                _missing_tell(subscription, result.newly_missing)
    except (FetchError, ValidationError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    except Exception:  # any other failure: rolled back and reported too
        logger.exception("Calendar subscription %s failed.", subscription.pk)
        reason = _("The calendar could not be imported (an error in the portal).")
    else:
        subscription.last_synced_at = timezone.now()
        subscription.last_error, subscription.last_error_at = "", None
        subscription.save(update_fields=["last_synced_at", "last_error", "last_error_at"])
        return result
    with transaction.atomic():
        is_new = not subscription.last_error
        subscription.last_error = reason[:300]
        subscription.last_error_at = timezone.now()
        subscription.save(update_fields=["last_error", "last_error_at"])
        if is_new:
            _failure_tell(subscription, reason)
    return None
