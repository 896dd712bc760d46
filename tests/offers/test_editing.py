import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from centers.models import ChangeRecord
from offers.models import Offer, Schedule
from offers.services import (
    offer_duplicate,
    offer_save,
    offer_status_set,
    schedule_delete,
    schedule_preview,
    schedule_save,
)
from tests.factories import CenterFactory, UserFactory, weekly_offer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def draft(**fields) -> Offer:
    return Offer(center=CenterFactory(), title="Babymassage", summary="Sanft.", **fields)


def test_creating_an_offer_gives_it_a_slug_version_and_record():
    user = UserFactory()
    offer = offer_save(offer=draft(), m2m={}, user=user)
    assert offer.slug == "babymassage" and offer.version == 1
    assert offer.status == Offer.Status.DRAFT
    record = ChangeRecord.objects.get(center=offer.center)
    assert record.action == "created" and record.user == user
    second = offer_save(offer=draft(), m2m={}, user=user)
    assert second.slug == "babymassage-2"


def test_an_edit_from_an_older_version_is_refused_and_nothing_is_overwritten():
    offer = offer_save(offer=draft(), m2m={}, user=None)
    mine = Offer.objects.get(pk=offer.pk)
    theirs = Offer.objects.get(pk=offer.pk)
    theirs.summary = "Ihre Änderung"
    offer_save(offer=theirs, m2m={}, user=None, expected_version=1)
    mine.summary = "Meine Änderung"
    with pytest.raises(ValidationError) as error:
        offer_save(offer=mine, m2m={}, user=None, expected_version=1)
    assert error.value.code == "stale"
    offer.refresh_from_db()
    assert offer.summary == "Ihre Änderung" and offer.version == 2


def test_an_edit_records_the_changed_fields():
    offer = offer_save(offer=draft(), m2m={}, user=None)
    offer.title = "Babymassage für Väter"
    offer_save(offer=offer, m2m={}, user=None, expected_version=1)
    record = ChangeRecord.objects.filter(action="changed").get()
    assert record.changes["title"] == ["Babymassage", "Babymassage für Väter"]
    assert "version" not in record.changes


def test_a_weekly_schedule_is_saved_and_expanded():
    offer = offer_save(offer=draft(), m2m={}, user=None)
    schedule = Schedule(
        frequency="weekly",
        weekdays="MO",
        start_date=TODAY,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
    )
    result = schedule_save(offer=offer, schedule=schedule, user=None, expected_version=1)
    assert result.created >= 50
    offer.refresh_from_db()
    assert offer.version == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_time": datetime.time(11), "end_time": datetime.time(9)}, "Das Ende muss nach"),
        ({"interval": 0}, "Der Abstand muss mindestens 1 sein"),
        ({"weekdays": ""}, "mindestens einen Wochentag"),
        ({"until": TODAY - datetime.timedelta(days=30)}, "Der letzte Termin kann nicht vor"),
        ({"start_date": TODAY + datetime.timedelta(days=500)}, "kein Termin"),
        ({"count": 3, "until": TODAY + datetime.timedelta(days=40)}, "nicht beides"),
    ],
)
def test_impossible_schedules_are_refused_in_german_and_nothing_is_written(fields, message):
    offer = offer_save(offer=draft(), m2m={}, user=None)
    values = {
        "frequency": "weekly",
        "weekdays": "MO",
        "start_date": TODAY,
        "interval": 1,
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(11),
    } | fields
    with pytest.raises(ValidationError) as error:
        schedule_save(offer=offer, schedule=Schedule(**values), user=None, expected_version=1)
    assert message in " ".join(error.value.messages)
    assert not offer.schedules.exists() and not offer.occurrences.exists()
    offer.refresh_from_db()
    assert offer.version == 1


def test_the_preview_skips_weltkindertag_before_anything_is_saved():
    offer = offer_save(offer=draft(), m2m={}, user=None)
    schedule = Schedule(
        frequency="weekly",
        weekdays="MO",
        start_date=datetime.date(2027, 9, 6),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
        interval=1,
    )
    preview = schedule_preview(offer=offer, schedule=schedule, today=datetime.date(2027, 9, 1))
    days = {date.start.date(): date for date in preview.upcoming}
    assert not days[datetime.date(2027, 9, 20)].takes_place
    assert days[datetime.date(2027, 9, 20)].label == "Weltkindertag"
    assert days[datetime.date(2027, 9, 13)].takes_place
    assert datetime.date(2027, 9, 20) in {date.start.date() for date in preview.skipped}
    assert not offer.schedules.exists()


def test_deleting_a_rule_keeps_dates_someone_changed():
    offer = weekly_offer()
    first = offer.occurrences.order_by("start").first()
    first.note = "Diesmal im Garten"
    first.save()
    result = schedule_delete(
        schedule=offer.schedules.get(), user=None, expected_version=offer.version
    )
    assert result.detached == 1
    assert list(offer.occurrences.values_list("pk", flat=True)) == [first.pk]


def test_duplicating_copies_lists_and_schedules_as_a_draft():
    offer = weekly_offer(title="Krabbelgruppe")
    offer.categories.set([1, 2])
    copy = offer_duplicate(offer=offer, user=None)
    assert copy.pk != offer.pk and copy.status == Offer.Status.DRAFT
    assert copy.title == "Krabbelgruppe (Kopie)"
    assert set(copy.categories.values_list("pk", flat=True)) == {1, 2}
    assert copy.schedules.count() == 1 and copy.occurrences.count() == offer.occurrences.count()


def test_an_offer_without_dates_cannot_be_published():
    offer = offer_save(offer=draft(), m2m={}, user=None)
    with pytest.raises(ValidationError) as error:
        offer_status_set(offer=offer, status="published", user=None)
    assert error.value.code == "no_dates"
    with_dates = weekly_offer(status="draft")
    published = offer_status_set(offer=with_dates, status="published", user=None)
    assert published.status == "published" and published.last_reviewed == TODAY
