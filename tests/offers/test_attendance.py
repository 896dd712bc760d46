"""Attendance per date: staff's counts and the check-in of sign-ups."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from offers.models import Attendance, Occurrence
from offers.selectors import attendance_dates
from offers.services import (
    attendance_from_check_in,
    attendance_record,
    occurrence_cancel,
    occurrence_check_in,
)
from registrations.models import Capacity, Registration
from tests.factories import UserFactory, weekly_offer
from tests.registrations.factories import sign_up

pytestmark = pytest.mark.django_db

DAILY = "MO,TU,WE,TH,FR,SA,SU"


def daily_offer(days_back: int, **fields):
    """An offer with a date every day from ``days_back`` days ago on."""
    first = timezone.localdate() - datetime.timedelta(days=days_back)
    return weekly_offer(weekdays=DAILY, start=first, today=first, **fields)


def held(offer, *, past: bool = True) -> Occurrence:
    """A date of ``offer`` that takes place: the last before now, or the next after it."""
    dates = offer.occurrences.filter(cancelled=False, off_reason="", detached=False)
    now = timezone.now()
    if past:
        return dates.filter(start__lt=now).order_by("-start").first()
    return dates.filter(start__gt=now).order_by("start").first()


def cancel(occurrence) -> None:
    """Cancelled ahead of the date (afterwards, a date can no longer be changed)."""
    before = occurrence.start - datetime.timedelta(days=1)
    occurrence_cancel(occurrence=occurrence, reason="Krank", now=before)


def record(occurrence, **fields):
    data = {"took_place": True, "adults": 2, "children": 3, "by": None, **fields}
    return attendance_record(occurrence=occurrence, **data)


def test_staff_record_the_counts_of_a_past_date():
    occurrence = held(daily_offer(7))
    person = UserFactory()
    attendance = record(occurrence, adults=4, children=6, by=person)
    stored = Attendance.objects.get(pk=occurrence.pk)
    assert (stored.adults, stored.children, stored.took_place) == (4, 6, True)
    assert stored.source == Attendance.Source.COUNT
    assert stored.recorded_by == person
    assert attendance.participants == 10


def test_recording_again_corrects_the_counts():
    occurrence = held(daily_offer(7))
    record(occurrence, adults=4, children=6)
    record(occurrence, adults=1, children=2)
    assert Attendance.objects.count() == 1
    assert Attendance.objects.get().participants == 3


def test_a_date_still_to_come_is_refused():
    occurrence = held(daily_offer(7), past=False)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    occurrence = Occurrence.objects.filter(
        offer=occurrence.offer, original_date__gte=tomorrow
    ).first()
    with pytest.raises(ValidationError) as refused:
        record(occurrence)
    assert refused.value.code == "future"
    assert not Attendance.objects.exists()


def test_a_date_of_today_may_be_recorded():
    offer = daily_offer(3)
    today = offer.occurrences.get(original_date=timezone.localdate())
    if not today.takes_place:  # a public holiday: then yesterday's counts as well
        today = held(offer)
    record(today)
    assert Attendance.objects.filter(pk=today.pk).exists()


def test_a_cancelled_date_is_refused():
    occurrence = held(daily_offer(7))
    cancel(occurrence)
    occurrence.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        record(occurrence)
    assert refused.value.code == "not_held"
    assert not Attendance.objects.exists()


def test_a_date_that_did_not_take_place_has_zero_counts():
    occurrence = held(daily_offer(7))
    record(occurrence, took_place=False, adults=5, children=7)
    stored = Attendance.objects.get()
    assert (stored.took_place, stored.adults, stored.children) == (False, 0, 0)


def test_counts_must_be_sensible():
    occurrence = held(daily_offer(7))
    with pytest.raises(ValidationError) as nobody:
        record(occurrence, adults=0, children=0)
    assert nobody.value.code == "nobody"
    with pytest.raises(ValidationError) as too_many:
        record(occurrence, adults=1000)
    assert too_many.value.code == "count"
    with pytest.raises(ValidationError):
        record(occurrence, children=-1)
    assert not Attendance.objects.exists()


def test_a_date_with_sign_ups_is_not_counted_by_hand():
    occurrence = held(daily_offer(7, registration="per_date", capacity=5))
    with pytest.raises(ValidationError) as refused:
        record(occurrence)
    assert refused.value.code == "check_in"


def _signed_up_date():
    """A date with sign-ups that lies tomorrow (sign-ups are taken before it)."""
    offer = weekly_offer(
        weekdays=DAILY, registration="per_date", capacity=10, start=timezone.localdate()
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    occurrence = offer.occurrences.get(original_date=tomorrow)
    occurrence.capacity = Capacity.objects.create(places=10, starts_at=occurrence.start)
    occurrence.save()
    return occurrence


def _after(occurrence):
    return time_machine.travel(occurrence.end + datetime.timedelta(hours=1))


def test_the_check_in_writes_the_dates_attendance_and_follows_its_changes():
    occurrence = _signed_up_date()
    family = sign_up(occurrence.capacity, adults=1, children=2)
    couple = sign_up(occurrence.capacity, adults=2, children=1)
    absent = sign_up(occurrence.capacity, adults=1, children=1)
    person = UserFactory()
    with _after(occurrence):
        occurrence_check_in(occurrence, [family.pk, couple.pk], 2, by=person)
        stored = Attendance.objects.get(pk=occurrence.pk)
        # walk-ins count as adults where the places count adults and children
        assert (stored.adults, stored.children) == (1 + 2 + 2, 2 + 1)
        assert stored.source == Attendance.Source.CHECK_IN and stored.took_place
        assert stored.recorded_by == person

        occurrence_check_in(occurrence, [family.pk, absent.pk], None, by=person)
        stored = Attendance.objects.get(pk=occurrence.pk)
        assert (stored.adults, stored.children) == (2, 3)
        assert Attendance.objects.count() == 1
    assert Registration.objects.get(pk=couple.pk).attended is False


def test_walk_ins_are_children_where_the_places_count_children_only():
    occurrence = _signed_up_date()
    occurrence.capacity.counting = Capacity.Counting.CHILDREN
    occurrence.capacity.save()
    with _after(occurrence):
        attendance = occurrence_check_in(occurrence, [], 4, by=None)
    assert (attendance.adults, attendance.children) == (0, 4)


def test_a_check_in_ahead_of_the_date_writes_no_attendance():
    occurrence = _signed_up_date()
    family = sign_up(occurrence.capacity, adults=1, children=2)
    assert occurrence_check_in(occurrence, [family.pk], 0, by=None) is None
    assert not Attendance.objects.exists()
    assert Registration.objects.get(pk=family.pk).attended is True


def test_a_date_without_places_has_no_check_in_attendance():
    occurrence = held(daily_offer(3))
    assert attendance_from_check_in(occurrence) is None


def test_the_list_shows_dates_without_counts_first_and_leaves_out_what_did_not_take_place():
    offer = daily_offer(10)
    dates = list(
        offer.occurrences.filter(original_date__lte=timezone.localdate(), off_reason="").order_by(
            "start"
        )
    )
    oldest, cancelled, newest = dates[0], dates[1], dates[-1]
    record(oldest)
    cancel(cancelled)
    weekly_offer(center=offer.center, registration="per_date", capacity=3)
    daily_offer(10)  # another centre's
    listed = list(attendance_dates(offer.center, timezone.localdate()))
    assert listed[0] == newest and listed[-1] == oldest
    assert cancelled not in listed
    assert {o.offer_id for o in listed} == {offer.pk}
    assert [o.recorded for o in listed].count(True) == 1


def test_the_list_goes_back_six_weeks():
    offer = daily_offer(60)
    listed = list(attendance_dates(offer.center, timezone.localdate()))
    earliest = timezone.localdate() - datetime.timedelta(weeks=6)
    assert min(o.local_date for o in listed) >= earliest
    assert (min(o.local_date for o in listed) - earliest).days <= 3  # a holiday, perhaps
    assert max(o.local_date for o in listed) == timezone.localdate()
