"""Demo attendance: the dates of the last weeks of some centres' open weekly offers, most
of them counted, a few that did not take place. The calendar only makes dates from today
on, so these past dates are written here, from the offers' own schedules.

The staff demo centre (Jena) keeps its last two weeks uncounted, so that its page
"Teilnahme erfassen" has dates waiting. Everything is written in two bulk inserts.
"""

import datetime
import random

from django.db.models import Min

from centers.models import Center
from offers.holidays import public_holiday
from offers.models import Attendance, Occurrence, Offer, Schedule
from offers.recurrence import local_datetime, schedule_rule

WEEKS = 8
# Besides the staff demo centre: the first centres (by id) of each district, at most.
CENTRES_PER_DISTRICT = 1


def _demo_centres() -> list[Center]:
    first_per_district = (
        Center.objects.values("sozialraum__district")
        .annotate(first=Min("pk"))
        .values_list("first", flat=True)
    )
    jena = Center.objects.filter(city="Jena").order_by("pk").values_list("pk", flat=True)[:1]
    return list(Center.objects.filter(pk__in=[*first_per_district, *jena]).order_by("pk"))


def attendance_demo_create(rng: random.Random, today: datetime.date) -> int:
    """Returns how many dates got attendance."""
    centres = _demo_centres()
    staff_centre = Center.objects.filter(city="Jena").order_by("pk").first()
    schedules = (
        Schedule.objects.filter(
            offer__center__in=centres,
            offer__status=Offer.Status.PUBLISHED,
            offer__registration=Offer.Registration.NONE,
            frequency="weekly",
        )
        .select_related("offer")
        .order_by("pk")
    )
    first = today - datetime.timedelta(weeks=WEEKS)
    dates = []
    for schedule in schedules:
        rule = schedule_rule(schedule, first)
        window = (
            datetime.datetime.combine(first, datetime.time.min),
            datetime.datetime.combine(today, datetime.time.min),
        )
        for moment in rule.between(*window, inc=True):
            day = moment.date()
            if day < schedule.start_date or public_holiday(day):
                continue
            dates.append(
                Occurrence(
                    offer=schedule.offer,
                    schedule=schedule,
                    original_date=day,
                    original_time=schedule.start_time,
                    start=local_datetime(day, schedule.start_time),
                    end=local_datetime(day, schedule.end_time),
                )
            )
    Occurrence.objects.bulk_create(dates)
    saved = Occurrence.objects.filter(
        offer__center__in=centres, start__lt=local_datetime(today, datetime.time.min)
    ).select_related("offer")
    uncounted_from = today - datetime.timedelta(weeks=2)
    rows = []
    for occurrence in saved.order_by("pk"):
        if (
            occurrence.offer.center_id == getattr(staff_centre, "pk", None)
            and occurrence.local_date >= uncounted_from
        ):
            continue
        if rng.random() < 0.06:
            rows.append(Attendance(occurrence=occurrence, took_place=False))
            continue
        rows.append(
            Attendance(
                occurrence=occurrence,
                adults=rng.randint(2, 9),
                children=rng.randint(2, 14),
            )
        )
    Attendance.objects.bulk_create(rows)
    return len(rows)
