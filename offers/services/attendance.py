"""Who came to a date, as counts: typed by staff for open offers, written by the check-in
for offers with registration per date.

Only a date that took place as planned (not cancelled, not off for a holiday or closure,
still in the schedule) and that is today or past can have attendance. A date that did not
take place after all ("fand nicht statt") is stored with zero counts.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from offers.models import Attendance, Occurrence, Offer
from registrations.models import Capacity, Registration
from registrations.services import registrations_set_attendance

# More people than this at one date is a typing error, not a count.
COUNT_MAX = 999


def _check_recordable(occurrence: Occurrence, today: datetime.date) -> None:
    if not occurrence.takes_place:
        raise ValidationError(
            _("This date did not take place as planned: it has no attendance."),
            code="not_held",
        )
    if occurrence.local_date > today:
        raise ValidationError(
            _("Attendance can be recorded on the day of the date or afterwards."),
            code="future",
        )


def _check_count(value: int, label: str) -> None:
    if not 0 <= value <= COUNT_MAX:
        raise ValidationError(
            _("%(what)s: please give a number from 0 to %(max)s.")
            % {"what": label, "max": COUNT_MAX},
            code="count",
        )


def _save(occurrence: Occurrence, by: AbstractBaseUser | None, **fields: object) -> Attendance:
    with transaction.atomic():
        # The date's row serialises two people saving at once.
        Occurrence.objects.select_for_update().filter(pk=occurrence.pk).exists()
        attendance, _created = Attendance.objects.update_or_create(
            occurrence=occurrence,
            defaults={**fields, "recorded_by": by if by and by.is_authenticated else None},
        )
    occurrence.attendance = attendance
    return attendance


def attendance_record(
    *,
    occurrence: Occurrence,
    took_place: bool,
    adults: int,
    children: int,
    by: AbstractBaseUser | None,
    today: datetime.date | None = None,
) -> Attendance:
    """Staff's count of a date of an offer without registration per date (or that it did
    not take place after all: then the counts are zero, whatever was typed)."""
    _check_recordable(occurrence, today or timezone.localdate())
    if occurrence.offer.registration == Offer.Registration.PER_DATE:
        raise ValidationError(
            _("For this offer, attendance comes from the check-in of the sign-ups."),
            code="check_in",
        )
    if not took_place:
        adults = children = 0
    else:
        _check_count(adults, _("Adults"))
        _check_count(children, _("Children"))
        if adults + children == 0:
            raise ValidationError(
                _("Please give how many adults and children came, or tick “did not take place”."),
                code="nobody",
            )
    return _save(
        occurrence,
        by,
        took_place=took_place,
        adults=adults,
        children=children,
        source=Attendance.Source.COUNT,
    )


def attendance_from_check_in(
    occurrence: Occurrence,
    *,
    by: AbstractBaseUser | None = None,
    today: datetime.date | None = None,
) -> Attendance | None:
    """The date's attendance from its check-in: the adults and children of the sign-ups
    marked as having come, and those who came without signing up (counted as children
    where the places count children only, else as adults). Nothing for a date that is
    still to come or did not take place, or that has no places."""
    if occurrence.capacity_id is None:
        return None
    try:
        _check_recordable(occurrence, today or timezone.localdate())
    except ValidationError:
        return None
    came = Registration.objects.filter(
        capacity_id=occurrence.capacity_id,
        status=Registration.Status.CONFIRMED,
        attended=True,
    ).aggregate(adults=Sum("adults"), children=Sum("children"))
    capacity = Capacity.objects.only("walk_ins", "counting").get(pk=occurrence.capacity_id)
    adults, children = came["adults"] or 0, came["children"] or 0
    walk_ins = capacity.walk_ins or 0
    if capacity.counting == Capacity.Counting.CHILDREN:
        children += walk_ins
    else:
        adults += walk_ins
    return _save(
        occurrence,
        by,
        took_place=True,
        adults=min(adults, COUNT_MAX),
        children=min(children, COUNT_MAX),
        source=Attendance.Source.CHECK_IN,
    )


def occurrence_check_in(
    occurrence: Occurrence,
    attended: list[int],
    walk_ins: int | None,
    *,
    by: AbstractBaseUser | None,
) -> Attendance | None:
    """Save who came to a date with sign-ups, and keep the date's attendance in step."""
    with transaction.atomic():
        registrations_set_attendance(occurrence.capacity, attended, walk_ins)
        return attendance_from_check_in(occurrence, by=by)
