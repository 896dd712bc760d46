"""Carrying out a calendar import (``offers.calendar_import``), all of it or nothing.

New offers start as drafts; an offer imported before (the same UID) gets the calendar's
title, text and rules, keeps its status and everything else staff set, and its dates
keep their sign-ups, notes and cancellations (``offer_occurrences_sync``).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.models import Center, Membership
from common.fetch import FetchError, fetch
from common.mail import mail_later
from offers.calendar_import import ImportPlan, PlannedOffer, calendar_plan
from offers.models import CalendarSubscription, Occurrence, Offer
from offers.services.calendar import DayRules, offer_occurrences_sync
from offers.services.editing import offer_save

logger = logging.getLogger(__name__)


def import_cancel_reason() -> str:
    """The reason families read for a date the centre's calendar leaves out (German, as
    the staff's own entries: the same text whoever imports, so a later import finds it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("cancelled in the centre's calendar")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _slots_q(slots: list[tuple[datetime.date, datetime.time]]) -> Q:
    query = Q(pk__in=[])
    for day, time in slots:
        query |= Q(original_date=day, original_time=time)
    return query


def _offer_apply(
    plan: PlannedOffer, center: Center, user: AbstractBaseUser | None, today: datetime.date
) -> Offer:
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
    offer = offer_save(offer=offer, m2m={}, user=user, sync_dates=False)
    offer.schedules.all().delete()
    for schedule in plan.schedules:
        schedule.pk = None
        schedule.offer = offer
        schedule.full_clean()
        schedule.save()
    offer_occurrences_sync(offer, today=today)
    reason = import_cancel_reason()
    dates = offer.occurrences.filter(original_date__gte=today)
    # Cancelled by an earlier import and no longer left out by the calendar: it takes place.
    dates.filter(cancelled=True, cancel_reason=reason).exclude(_slots_q(plan.cancelled)).update(
        cancelled=False, cancel_reason=""
    )
    if plan.cancelled:
        dates.filter(_slots_q(plan.cancelled)).update(cancelled=True, cancel_reason=reason)
    if plan.moved:
        rules = DayRules.for_offer(offer, today, max(m.start.date() for m in plan.moved))
        moved = {(m.day, m.time): m for m in plan.moved}
        changed = []
        for occurrence in dates.filter(_slots_q(list(moved))):
            target = moved[(occurrence.original_date, occurrence.original_time)]
            occurrence.start, occurrence.end, occurrence.moved = target.start, target.end, True
            occurrence.off_reason, occurrence.closure = rules.off(target.start.date())
            changed.append(occurrence)
        Occurrence.objects.bulk_update(
            changed, ["start", "end", "moved", "off_reason", "closure"], batch_size=500
        )
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
    was. With ``subscribe_url``, the centre subscribes to that calendar in the same step."""
    today = today or timezone.localdate()
    result = ImportResult()
    for planned in plan.offers:
        _offer_apply(planned, center, user, today)
        if planned.existing is None:
            result.created += 1
        else:
            result.updated += 1
    if subscribe_url:
        CalendarSubscription.objects.update_or_create(
            center=center,
            url=subscribe_url,
            defaults={"last_synced_at": timezone.now(), "last_error": "", "last_error_at": None},
        )
    return result


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
            plan = calendar_plan(fetch(subscription.url), center=subscription.center, today=today)
            result = calendar_import_apply(
                plan=plan, center=subscription.center, user=None, today=today
            )
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
