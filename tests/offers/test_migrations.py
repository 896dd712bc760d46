"""Data migrations of the offers app, run on rows written as the previous schema had them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from offers.recurrence import local_datetime

BEFORE = [("offers", "0004_offer_image_variants")]
AFTER = [("offers", "0005_occurrence_planned_time")]

TUESDAY = datetime.date(2027, 9, 14)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def old_schema(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return local_datetime(day, datetime.time(hour, minute))


def test_dates_get_their_planned_time_and_a_session_given_twice_becomes_one(old_schema):
    Offer = old_schema.get_model("offers", "Offer")
    Schedule = old_schema.get_model("offers", "Schedule")
    OldOccurrence = old_schema.get_model("offers", "Occurrence")
    offer = Offer.objects.create(
        title="Fachtag",
        slug="fachtag",
        summary="…",
        host="coordination",
        place="online",
        online_url="https://meet.example/fachtag",
    )

    def rule(hour: int):
        return Schedule.objects.create(
            offer=offer,
            weekdays="TU",
            start_date=TUESDAY,
            start_time=datetime.time(hour, 30),
            end_time=datetime.time(hour + 1, 30),
        )

    def date(schedule, day, hour, **state):
        return OldOccurrence.objects.create(
            offer=offer,
            schedule=schedule,
            original_date=day,
            start=_at(day, hour, 30),
            end=_at(day, hour + 1, 30),
            **state,
        )

    # The rule was deleted (its changed dates were kept) and created again: each changed
    # session then had a second, live date.
    live = rule(9)
    date(None, TUESDAY, 9, cancelled=True, cancel_reason="Krankheit", detached=True)
    cancelled_twin = date(live, TUESDAY, 9)
    next_week = TUESDAY + datetime.timedelta(days=7)
    moved = date(None, next_week, 9, detached=True)
    OldOccurrence.objects.filter(pk=moved.pk).update(
        moved=True, start=_at(next_week, 15), end=_at(next_week, 16)
    )
    moved_twin = date(live, next_week, 9)
    # A detached date that still names its (changed) rule, and an afternoon rule.
    afternoon = rule(15)
    noted = date(afternoon, next_week + datetime.timedelta(days=7), 15, note="im Garten")
    OldOccurrence.objects.filter(pk=noted.pk).update(detached=True)
    plain = date(afternoon, TUESDAY, 15)

    # The rows as that migration left them (later migrations add columns).
    Migrated = _migrate(AFTER).get_model("offers", "Occurrence")
    rows = {row.pk: row for row in Migrated.objects.all()}
    assert set(rows) == {cancelled_twin.pk, moved_twin.pk, noted.pk, plain.pk}
    kept = rows[cancelled_twin.pk]
    assert (kept.cancelled, kept.cancel_reason, kept.detached, kept.schedule_id) == (
        True,
        "Krankheit",
        False,
        live.pk,
    )
    assert kept.original_time == datetime.time(9, 30)
    kept = rows[moved_twin.pk]
    assert kept.moved and kept.start == _at(next_week, 15) and kept.original_time.hour == 9
    assert rows[noted.pk].schedule_id is None and rows[noted.pk].original_time.hour == 15
    assert rows[plain.pk].original_time == datetime.time(15, 30)


def test_offers_that_asked_for_registration_get_their_places(transactional_db):
    old = _migrate([("offers", "0011_registration_places"), ("registrations", "0003_reminders")])
    Offer = old.get_model("offers", "Offer")
    Occurrence = old.get_model("offers", "Occurrence")
    common = {"host": "coordination", "place": "online", "online_url": "https://meet.example/x"}
    course = Offer.objects.create(
        title="Kurs", slug="kurs", summary="…", registration="course", capacity=12, **common
    )
    per_date = Offer.objects.create(
        title="Treff", slug="treff", summary="…", registration="per_date", capacity=8, **common
    )
    Offer.objects.create(title="Offen", slug="offen", summary="…", **common)
    for offer in (course, per_date):
        for week in range(2):
            day = TUESDAY + datetime.timedelta(days=7 * week)
            Occurrence.objects.create(
                offer=offer,
                original_date=day,
                original_time=datetime.time(9, 30),
                start=_at(day, 9, 30),
                end=_at(day, 11),
            )

    new = _migrate([("offers", "0012_registration_places_for_existing_offers")])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Offer, Occurrence = new.get_model("offers", "Offer"), new.get_model("offers", "Occurrence")
    course = Offer.objects.get(slug="kurs")
    assert course.course_capacity.places == 12
    assert course.course_capacity.ends_at == _at(TUESDAY + datetime.timedelta(days=7), 11)
    dates = Occurrence.objects.filter(offer__slug="treff")
    assert [d.capacity.places for d in dates] == [8, 8]
    assert not Occurrence.objects.filter(offer__slug="offen", capacity__isnull=False).exists()
    assert Offer.objects.get(slug="offen").course_capacity_id is None
