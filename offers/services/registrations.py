"""Sign-ups for offers: the places of each date (registration per date) or of the whole
course, kept in step with the offer and its dates, on the registration core.

A date's places (``Occurrence.capacity``) and a course's (``Offer.course_capacity``) are
created when they are first needed: at the first sign-up, or when staff open the list.
Whenever the offer or its dates change, the places that exist follow: their number, their
deadline, their end; a date that no longer takes place closes its places and tells the
people signed up, a date that takes place again opens them again.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from offers.models import Occurrence, Offer
from offers.rendering import age_range, age_words
from registrations.models import Capacity, Registration
from registrations.services import (
    capacity_reopen,
    capacity_save,
    registration_create,
    registrations_close,
    registrations_moved,
)


def _date_label(offer: Offer, occurrence: Occurrence) -> str:
    return f"{offer.title} – {timezone.localtime(occurrence.start):%d.%m.%Y %H:%M}"


def _date_fields(offer: Offer, occurrence: Occurrence) -> dict:
    hours = datetime.timedelta(hours=offer.registration_closes_hours)
    return {
        "places": offer.capacity,
        "counting": offer.registration_counting,
        "max_adults": offer.registration_max_adults,
        "max_children": offer.registration_max_children,
        "deadline": occurrence.start - hours,
        "starts_at": occurrence.start,
        "ends_at": occurrence.end,
        "label": _date_label(offer, occurrence)[:200],
    }


def _course_fields(offer: Offer) -> dict:
    span = offer.occurrences.filter(cancelled=False, detached=False).aggregate(
        first=Min("start"), last=Max("end")
    )
    hours = datetime.timedelta(hours=offer.registration_closes_hours)
    return {
        "places": offer.capacity,
        "counting": offer.registration_counting,
        "max_adults": offer.registration_max_adults,
        "max_children": offer.registration_max_children,
        "deadline": span["first"] - hours if span["first"] else None,
        "starts_at": span["first"],
        "ends_at": span["last"],
        "label": offer.title[:200],
    }


def _differs(capacity: Capacity, fields: dict) -> bool:
    return any(getattr(capacity, name) != value for name, value in fields.items())


def _follow(capacity: Capacity, fields: dict) -> Capacity:
    return capacity_save(capacity, **fields) if _differs(capacity, fields) else capacity


def occurrence_capacity_sync(occurrence: Occurrence) -> None:
    """The date's places follow the date: number, deadline, end, open or closed."""
    offer = occurrence.offer
    capacity = occurrence.capacity
    if capacity is None:
        return
    if offer.takes_sign_ups and offer.registration == Offer.Registration.PER_DATE:
        capacity = _follow(capacity, _date_fields(offer, occurrence))
    if not occurrence.takes_place and not capacity.closed:
        registrations_close(capacity, occurrence.why_not)
    elif occurrence.takes_place and capacity.closed:
        capacity_reopen(capacity)


def occurrence_moved_tell(occurrence: Occurrence) -> None:
    """A date with sign-ups moved: its places follow, everyone is told the new time and
    asked to confirm it (or free the place)."""
    if occurrence.capacity_id is None:
        return
    occurrence_capacity_sync(occurrence)
    if occurrence.takes_place:
        registrations_moved(occurrence.capacity)


def offer_capacities_sync(offer: Offer, *, now: datetime.datetime | None = None) -> None:
    """Every upcoming place of the offer follows the offer and its dates."""
    now = now or timezone.now()
    with_places = (
        offer.occurrences.filter(capacity__isnull=False, end__gt=now)
        .select_related("capacity", "closure")
        .order_by("start")
    )
    for occurrence in with_places:
        occurrence.offer = offer
        occurrence_capacity_sync(occurrence)
    if offer.course_capacity_id and offer.takes_sign_ups:
        course = Capacity.objects.get(pk=offer.course_capacity_id)
        if offer.registration == Offer.Registration.COURSE:
            _follow(course, _course_fields(offer))


def occurrence_capacity(occurrence: Occurrence) -> Capacity:
    """The places of a date, created at the first need (under the offer's lock, as every
    change of its dates)."""
    if occurrence.capacity_id:
        return occurrence.capacity
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=occurrence.offer_id)
        locked = Occurrence.objects.select_for_update(of=("self",)).get(pk=occurrence.pk)
        if locked.capacity_id is None:
            locked.capacity = capacity_save(None, **_date_fields(offer, locked))
            locked.save(update_fields=["capacity", "updated_at"])
            if not locked.takes_place:
                registrations_close(locked.capacity, locked.why_not)
        occurrence.capacity = locked.capacity
        return locked.capacity


def course_capacity(offer: Offer) -> Capacity:
    """The places of a whole course, created at the first need."""
    if offer.course_capacity_id:
        return Capacity.objects.get(pk=offer.course_capacity_id)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.course_capacity_id is None:
            locked.course_capacity = capacity_save(None, **_course_fields(locked))
            Offer.objects.filter(pk=offer.pk).update(course_capacity=locked.course_capacity)
        offer.course_capacity = locked.course_capacity
        return locked.course_capacity


AGE_PART = re.compile(
    r"^(?P<number>\d{1,3})\s*(?P<unit>m|mon|monat|monate|monaten|month|months|j|jahr|jahre|jahren|y|year|years)?\.?$"
)


def ages_parse(text: str, *, bare_in_years: bool) -> list[int]:
    """ "8 Monate, 2 Jahre" → [8, 24]. A number without unit is years or months as the
    form says (``bare_in_years``). Raises ``ValidationError`` for what it cannot read."""
    ages = []
    for part in re.split(r"[,;/]|\bund\b|\band\b", text.lower()):
        part = part.strip()
        if not part:
            continue
        match = AGE_PART.match(part)
        if not match:
            raise ValidationError(
                _('Please write the ages like "8 months, 2 years" (cannot read "%(part)s").')
                % {"part": part[:30]}
            )
        number, unit = int(match["number"]), match["unit"] or ""
        in_years = unit.startswith(("j", "y")) or (not unit and bare_in_years)
        ages.append(number * 12 if in_years else number)
    return ages


def ages_check(offer: Offer, ages: list[int], children: int) -> None:
    """One age per child, each within the offer's age range."""
    if not (offer.age_min_months is not None or offer.age_max_months is not None):
        return
    if children and len(ages) != children:
        raise ValidationError(_("Please give the ages of all the children, separated by commas."))
    low, high = offer.age_min_months or 0, offer.age_max_months
    for age in ages:
        if age < low or (high is not None and age > high):
            raise ValidationError(
                _("The age %(age)s is outside the offer's age range (%(range)s).")
                % {"range": age_range(offer), "age": age_words(age)}
            )


def offer_sign_up(*, offer: Offer, occurrence: Occurrence | None, **data) -> Registration:
    """Sign up for a date of an offer (registration per date) or for the whole course."""
    if not offer.takes_sign_ups or offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(_("This offer takes no sign-ups on the portal."), code="none")
    if offer.registration == Offer.Registration.PER_DATE:
        if occurrence is None or occurrence.offer_id != offer.pk:
            raise ValidationError(_("Please choose a date."), code="no_date")
        capacity = occurrence_capacity(occurrence)
    else:
        capacity = course_capacity(offer)
    return registration_create(capacity.pk, **data)
