"""The nightly job only adds the days that came into the horizon, and what it adds is what
a full re-sync of every offer would give: holidays, closures, school holidays, two rules
giving one session, single dates beyond the old horizon, cancelled and moved dates."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from offers.models import Closure, Occurrence, Offer, Schedule
from offers.services import (
    closure_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrences_extend,
    offer_occurrences_sync,
    offer_status_set,
)
from tests.factories import CenterFactory, OfferFactory, ScheduleFactory, weekly_offer

pytestmark = pytest.mark.django_db

HORIZON_DAYS = 12
# A Tuesday morning whose horizon ends the day before Whit Monday (25 May 2026, also the
# last Monday of May): the first new day is a holiday.
START = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
TODAY = START.date()


@pytest.fixture(autouse=True)
def short_horizon(settings):
    settings.THEKIZ_CALENDAR_HORIZON_DAYS = HORIZON_DAYS


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _rule(offer: Offer, **fields) -> Schedule:
    fields.setdefault("start_date", TODAY)
    start = fields.get("start_time", datetime.time(9, 30))
    fields.setdefault("end_time", start.replace(hour=start.hour + 1))
    return ScheduleFactory(offer=offer, **fields)


def _programme() -> dict[str, Offer]:
    """Offers of two centres and one without a centre, synced on START, with changes."""
    centre, other = CenterFactory(), CenterFactory()
    offers = {
        "weekly": OfferFactory(center=centre),
        "on holidays": OfferFactory(center=centre, runs_on_holidays=True),
        "no school holidays": OfferFactory(center=other, skip_school_holidays=True),
        "monthly": OfferFactory(center=centre),
        "two rules": OfferFactory(center=other),
        "single date ahead": OfferFactory(
            center=None, host="coordination", place="online", online_url="https://meet.example/a"
        ),
        "archived": OfferFactory(center=centre, status=Offer.Status.ARCHIVED),
    }
    _rule(offers["weekly"], weekdays="MO,TU,WE")
    _rule(offers["on holidays"], weekdays="MO", start_time=datetime.time(15, 0))
    _rule(offers["on holidays"], weekdays="TU,TH", start_time=datetime.time(16, 0))
    _rule(offers["no school holidays"], weekdays="MO,TU,WE,TH,FR")
    _rule(offers["monthly"], frequency=Schedule.Frequency.MONTHLY, weekdays="MO", month_week=-1)
    _rule(offers["two rules"], weekdays="MO,WE")
    _rule(offers["two rules"], weekdays="WE,FR", end_time=datetime.time(12, 0))
    _rule(offers["single date ahead"], frequency="once", start_date=day("2026-05-27"))
    _rule(offers["archived"], weekdays="MO,TU,WE,TH,FR")
    for offer in offers.values():
        if offer.status != Offer.Status.ARCHIVED:
            offer_occurrences_sync(offer)
    # Closures beyond the old horizon, one of them only partly.
    closure_save(
        closure=Closure(
            center=centre, title="Teamtag", start_date=day("2026-05-26"), end_date=day("2026-05-27")
        )
    )
    closure_save(
        closure=Closure(
            center=other, title="Umzug", start_date=day("2026-05-20"), end_date=day("2026-05-29")
        )
    )
    weekly = offers["weekly"]
    occurrence_cancel(
        occurrence=weekly.occurrences.get(original_date="2026-05-18"), reason="Krankheit"
    )
    occurrence_note_set(
        occurrence=weekly.occurrences.get(original_date="2026-05-19"), note="im Garten"
    )
    # One date moved onto the closure beyond the old horizon, one moved within it.
    occurrence_move(
        occurrence=weekly.occurrences.get(original_date="2026-05-20"),
        day=day("2026-05-27"),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 0),
    )
    occurrence_move(
        occurrence=offers["on holidays"].occurrences.get(original_date="2026-05-14"),
        day=day("2026-05-15"),
        start_time=datetime.time(16, 0),
        end_time=datetime.time(17, 0),
    )
    return offers


def _calendar() -> list[tuple]:
    """Every date with everything a sync decides, by its identity (not its row id)."""
    return sorted(
        Occurrence.objects.values_list(
            "offer_id",
            "original_date",
            "original_time",
            "schedule_id",
            "start",
            "end",
            "off_reason",
            "closure_id",
            "detached",
            "cancelled",
            "moved",
            "note",
        )
    )


def _full_re_sync_result() -> list[tuple]:
    """The calendar a full re-sync of every offer gives, rolled back afterwards."""
    with transaction.atomic():
        occurrences_extend(full=True)
        calendar = _calendar()
        transaction.set_rollback(True)
    return calendar


@pytest.mark.parametrize("days_passed", [1, 2, 3, 9, 20])
def test_the_new_days_are_what_a_full_re_sync_gives(days_passed):
    with time_machine.travel(START, tick=False):
        _programme()
    with time_machine.travel(START + datetime.timedelta(days=days_passed), tick=False):
        expected = _full_re_sync_result()
        result = occurrences_extend()
        assert _calendar() == expected
        assert result.created > 0
        again = occurrences_extend(full=True)
        assert (again.created, again.updated, again.deleted, again.detached) == (0, 0, 0, 0)


def test_the_first_new_day_respects_holidays_closures_and_moves():
    with time_machine.travel(START, tick=False):
        offers = _programme()
    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        occurrences_extend()
    whit_monday = {
        name: offers[name].occurrences.get(original_date="2026-05-25")
        for name in ("weekly", "on holidays", "monthly", "no school holidays", "two rules")
    }
    assert whit_monday["weekly"].off_reason == Occurrence.OffReason.HOLIDAY
    assert whit_monday["monthly"].off_reason == Occurrence.OffReason.HOLIDAY
    assert whit_monday["on holidays"].takes_place
    assert whit_monday["two rules"].off_reason == Occurrence.OffReason.CLOSURE
    closed = offers["weekly"].occurrences.get(original_date="2026-05-26")
    assert closed.closure.title == "Teamtag"
    moved = offers["weekly"].occurrences.get(original_date="2026-05-20")
    assert moved.moved and moved.off_reason == Occurrence.OffReason.CLOSURE
    assert offers["single date ahead"].occurrences.get().original_date == day("2026-05-27")
    assert not offers["archived"].occurrences.exists()


def test_a_second_run_on_the_same_day_adds_nothing():
    with time_machine.travel(START, tick=False):
        _programme()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        occurrences_extend()
        before = _calendar()
        result = occurrences_extend()
    assert (result.created, result.updated) == (0, 0)
    assert _calendar() == before


def test_the_queries_do_not_grow_with_the_number_of_offers():
    def daily_offers(count: int, today: datetime.date) -> None:
        for _ in range(count):
            weekly_offer(weekdays="MO,TU,WE,TH,FR,SA,SU", start=TODAY, today=today)

    daily_offers(2, TODAY)
    with CaptureQueriesContext(connection) as few:
        assert occurrences_extend(today=TODAY + datetime.timedelta(days=1)).created == 2
    daily_offers(30, TODAY + datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        assert occurrences_extend(today=TODAY + datetime.timedelta(days=2)).created == 32
    assert len(many) == len(few)


def test_each_batch_of_offers_takes_the_same_few_queries():
    for _ in range(6):
        weekly_offer(weekdays="MO,TU,WE,TH,FR,SA,SU", start=TODAY, today=TODAY)
    with CaptureQueriesContext(connection) as one_batch:
        occurrences_extend(today=TODAY + datetime.timedelta(days=1), batch_size=6)
    with CaptureQueriesContext(connection) as three_batches:
        occurrences_extend(today=TODAY + datetime.timedelta(days=2), batch_size=2)
    # One query lists the offers; each batch then takes the same number.
    assert len(three_batches) - 1 == 3 * (len(one_batch) - 1)


def test_an_archived_offer_published_again_catches_up_with_its_dates():
    with time_machine.travel(START, tick=False):
        offer = OfferFactory(status=Offer.Status.ARCHIVED)
        _rule(offer, weekdays="TU")
        occurrences_extend()
        assert not offer.occurrences.exists()
        offer_status_set(offer=offer, status=Offer.Status.PUBLISHED, user=None)
    assert [o.original_date for o in offer.occurrences.order_by("start")] == [
        day("2026-05-12"),
        day("2026-05-19"),
    ]


def test_the_command_can_re_sync_every_offer(capsys):
    with time_machine.travel(START, tick=False):
        weekly_offer(weekdays="TU", start=TODAY, sync=False)
        call_command("occurrences_extend", "--full")
    assert capsys.readouterr().out.startswith("2 dates created")
