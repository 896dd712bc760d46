import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from offers.models import Closure, Occurrence, Schedule
from offers.selectors import offer_upcoming_dates
from offers.services import (
    closure_delete,
    closure_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrence_restore,
    occurrences_extend,
    offer_date_add,
    offer_occurrences_sync,
    schedule_delete,
    schedule_save,
)
from tests.factories import (
    CenterFactory,
    ClosureFactory,
    OfferFactory,
    ScheduleFactory,
    weekly_offer,
)

pytestmark = pytest.mark.django_db

SEPT_1 = datetime.date(2027, 9, 1)  # a Wednesday


def dates_of(offer, **filters) -> list[str]:
    return [
        timezone.localtime(o.start).date().isoformat()
        for o in offer.occurrences.filter(**filters).order_by("start")
    ]


def occurrence_on(offer, day: str) -> Occurrence:
    return offer.occurrences.get(original_date=datetime.date.fromisoformat(day))


def test_a_schedule_is_materialised_for_twelve_months():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    days = dates_of(offer)
    assert days[0] == "2027-09-07"
    assert days[-1] <= "2028-08-31"
    assert len(days) == 52
    first = offer.occurrences.order_by("start").first()
    assert timezone.localtime(first.start).time() == datetime.time(9, 30)
    assert timezone.localtime(first.end).time() == datetime.time(11, 0)


def test_syncing_twice_changes_nothing():
    offer = weekly_offer(start=datetime.date(2027, 9, 7), today=SEPT_1)
    before = list(offer.occurrences.values_list("pk", "start"))
    result = offer_occurrences_sync(offer, today=SEPT_1)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert list(offer.occurrences.values_list("pk", "start")) == before


def test_weltkindertag_2027_is_a_monday_and_a_monday_offer_does_not_take_place():
    offer = weekly_offer(weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1)
    children_day = occurrence_on(offer, "2027-09-20")
    assert children_day.off_reason == Occurrence.OffReason.HOLIDAY
    assert not children_day.takes_place
    with translation.override("de"):
        assert children_day.why_not == "Weltkindertag"
    with translation.override("en"):
        assert children_day.why_not == "World Children's Day"
    assert occurrence_on(offer, "2027-09-13").takes_place
    assert occurrence_on(offer, "2027-09-27").takes_place


def test_an_offer_marked_for_holidays_runs_on_them():
    offer = weekly_offer(
        weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1, runs_on_holidays=True
    )
    assert occurrence_on(offer, "2027-09-20").takes_place


def test_school_holidays_are_skipped_only_when_asked():
    normal = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    school = weekly_offer(
        weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1, skip_school_holidays=True
    )
    # Thuringia's autumn holidays 2027 run from 9 to 23 October.
    assert occurrence_on(normal, "2027-10-12").takes_place
    skipped = occurrence_on(school, "2027-10-12")
    assert skipped.off_reason == Occurrence.OffReason.SCHOOL_HOLIDAYS
    with translation.override("de"):
        assert skipped.why_not == "Herbstferien"
    assert occurrence_on(school, "2027-10-26").takes_place


def test_a_closure_marks_the_centres_dates_and_removing_it_restores_them():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    other_centre = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    closure = ClosureFactory.build(
        center=offer.center,
        title="Teamfortbildung",
        start_date=datetime.date(2027, 9, 13),
        end_date=datetime.date(2027, 9, 22),
    )
    closure_save(closure=closure, today=SEPT_1)
    closed = occurrence_on(offer, "2027-09-14")
    assert closed.off_reason == Occurrence.OffReason.CLOSURE
    assert closed.why_not == "Teamfortbildung"
    assert occurrence_on(offer, "2027-09-21").off_reason == Occurrence.OffReason.CLOSURE
    assert occurrence_on(offer, "2027-09-28").takes_place
    assert occurrence_on(other_centre, "2027-09-14").takes_place

    closure_delete(closure=closure, today=SEPT_1)
    assert occurrence_on(offer, "2027-09-14").takes_place


def test_a_closure_ending_before_it_starts_is_refused():
    closure = ClosureFactory.build(
        center=CenterFactory(),
        start_date=datetime.date(2027, 9, 13),
        end_date=datetime.date(2027, 9, 1),
    )
    with pytest.raises(ValidationError) as error:
        closure_save(closure=closure, today=SEPT_1)
    assert error.value.code == "end_before_start"
    assert not Closure.objects.exists()


def test_cancelling_needs_a_reason_and_can_be_taken_back():
    offer = weekly_offer()
    occurrence = offer.occurrences.order_by("start").first()
    with pytest.raises(ValidationError) as error:
        occurrence_cancel(occurrence=occurrence, reason="  ")
    assert error.value.code == "no_reason"

    occurrence = occurrence_cancel(occurrence=occurrence, reason="Krankheit")
    assert occurrence.cancelled and not occurrence.takes_place
    assert occurrence.why_not == "Krankheit"

    occurrence = occurrence_restore(occurrence=occurrence)
    assert occurrence.takes_place and occurrence.cancel_reason == ""


def test_a_past_date_cannot_be_cancelled():
    offer = weekly_offer()
    occurrence = offer.occurrences.order_by("start").first()
    later = occurrence.end + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        occurrence_cancel(occurrence=occurrence, reason="zu spät", now=later)
    assert error.value.code == "past"


def test_moving_a_date_keeps_it_through_a_re_expansion():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    occurrence = occurrence_on(offer, "2027-09-14")
    now = timezone.make_aware(datetime.datetime(2027, 9, 1, 8, 0))
    moved = occurrence_move(
        occurrence=occurrence,
        day=datetime.date(2027, 9, 15),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        now=now,
    )
    assert moved.moved and moved.original_date == datetime.date(2027, 9, 14)
    offer_occurrences_sync(offer, today=SEPT_1)
    moved.refresh_from_db()
    assert timezone.localtime(moved.start) == timezone.make_aware(
        datetime.datetime(2027, 9, 15, 15, 0)
    )


@pytest.mark.parametrize(
    ("day", "start", "end", "code"),
    [
        ("2027-09-15", "15:00", "14:00", "end_before_start"),
        ("2027-08-01", "10:00", "11:00", "into_past"),
    ],
)
def test_impossible_moves_are_refused(day, start, end, code):
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    now = timezone.make_aware(datetime.datetime(2027, 9, 1, 8, 0))
    with pytest.raises(ValidationError) as error:
        occurrence_move(
            occurrence=occurrence_on(offer, "2027-09-14"),
            day=datetime.date.fromisoformat(day),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            now=now,
        )
    assert error.value.code == code


def test_an_extra_date_is_added_and_materialised():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    extra = offer_date_add(
        offer=offer,
        day=datetime.date(2027, 9, 18),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        today=SEPT_1,
    )
    assert extra.original_date == datetime.date(2027, 9, 18)
    assert extra.schedule.frequency == Schedule.Frequency.ONCE
    assert "2027-09-18" in dates_of(offer)


@pytest.mark.parametrize(
    ("day", "code"), [("2027-08-31", "past"), ("2028-12-01", "beyond_horizon")]
)
def test_an_extra_date_must_lie_within_the_calendar(day, code):
    offer = weekly_offer(today=SEPT_1)
    with pytest.raises(ValidationError) as error:
        offer_date_add(
            offer=offer,
            day=datetime.date.fromisoformat(day),
            start_time=datetime.time(10, 0),
            end_time=datetime.time(11, 0),
            today=SEPT_1,
        )
    assert error.value.code == code


def test_re_expansion_keeps_a_cancelled_date_and_drops_the_others():
    offer = weekly_offer(weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1)
    cancelled = occurrence_on(offer, "2027-09-13")
    cancelled.cancelled, cancelled.cancel_reason = True, "Krankheit"
    cancelled.save()
    noted = occurrence_on(offer, "2027-09-27")
    noted.note = "Bitte Hausschuhe mitbringen"
    noted.save()
    # The group moves from Mondays to Tuesdays.
    schedule = offer.schedules.get()
    schedule.weekdays = "TU"
    schedule.save()

    result = offer_occurrences_sync(offer, today=SEPT_1)

    assert result.detached == 2
    kept = Occurrence.objects.get(pk=cancelled.pk)
    assert kept.detached and kept.cancelled and kept.cancel_reason == "Krankheit"
    assert Occurrence.objects.get(pk=noted.pk).detached
    mondays = offer.occurrences.filter(start__week_day=2)
    assert set(mondays.values_list("pk", flat=True)) == {cancelled.pk, noted.pk}
    assert "2027-09-07" in dates_of(offer, detached=False)


def test_a_new_time_moves_dates_that_were_not_moved_by_hand_and_keeps_cancellations():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    cancelled = occurrence_cancel(
        occurrence=occurrence_on(offer, "2027-09-14"),
        reason="Fortbildung",
        now=timezone.make_aware(datetime.datetime(2027, 9, 1)),
    )
    schedule = offer.schedules.get()
    schedule.start_time, schedule.end_time = datetime.time(10, 0), datetime.time(11, 30)
    schedule.save()
    offer_occurrences_sync(offer, today=SEPT_1)
    later = occurrence_on(offer, "2027-09-21")
    assert timezone.localtime(later.start).time() == datetime.time(10, 0)
    cancelled.refresh_from_db()
    assert cancelled.cancelled and not cancelled.detached
    assert timezone.localtime(cancelled.start).time() == datetime.time(10, 0)


def test_a_deleted_schedule_keeps_its_stateful_dates():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    cancelled = occurrence_cancel(
        occurrence=occurrence_on(offer, "2027-09-14"),
        reason="Krankheit",
        now=timezone.make_aware(datetime.datetime(2027, 9, 1)),
    )
    offer.schedules.all().delete()
    offer_occurrences_sync(offer, today=SEPT_1)
    assert list(offer.occurrences.values_list("pk", flat=True)) == [cancelled.pk]
    cancelled.refresh_from_db()
    assert cancelled.schedule is None and cancelled.cancelled


def test_past_dates_are_never_touched():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    past = occurrence_on(offer, "2027-09-07")
    offer.schedules.all().delete()
    offer_occurrences_sync(offer, today=datetime.date(2027, 9, 10))
    assert Occurrence.objects.filter(pk=past.pk).exists()
    assert dates_of(offer) == ["2027-09-07"]


def test_the_daily_job_rolls_the_horizon_forward():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    last_before = offer.occurrences.order_by("-start").first().original_date
    result = occurrences_extend(today=datetime.date(2027, 10, 1))
    assert result.created >= 4
    assert offer.occurrences.order_by("-start").first().original_date > last_before


def test_archived_offers_are_not_extended():
    offer = OfferFactory(status="archived")
    ScheduleFactory(offer=offer)
    occurrences_extend()
    assert not offer.occurrences.exists()


def test_the_cron_command_reports_what_it_did():
    from io import StringIO

    weekly_offer(sync=False)
    output = StringIO()
    call_command("occurrences_extend", stdout=output)
    assert "dates created" in output.getvalue()
    assert int(output.getvalue().split()[0]) >= 50


# --- A date's state belongs to the offer and its planned day, not to one rule row --------


def _again(rule: Schedule, **changes) -> Schedule:
    """A new rule with the same settings as ``rule`` (deleted or not), changed by ``changes``."""
    fields = {
        name: getattr(rule, name)
        for name in (
            "frequency",
            "start_date",
            "start_time",
            "end_time",
            "interval",
            "weekdays",
            "month_week",
            "until",
            "count",
        )
    }
    return Schedule(offer=rule.offer, **(fields | changes))


def _shown_on(offer, day: datetime.date) -> list[Occurrence]:
    """What the offer page shows for the dates planned on ``day``."""
    return [o for o in offer_upcoming_dates(offer, limit=1000) if o.original_date == day]


def _second_date(offer) -> Occurrence:
    return offer.occurrences.order_by("start")[1]


def test_a_cancelled_date_stays_cancelled_when_its_rule_is_deleted_and_created_again():
    offer = weekly_offer()
    rule = offer.schedules.get()
    cancelled = occurrence_cancel(occurrence=_second_date(offer), reason="Krankheit")

    schedule_delete(schedule=rule, user=None)
    schedule_save(offer=offer, schedule=_again(rule), user=None)

    shown = _shown_on(offer, cancelled.original_date)
    assert [(o.pk, o.cancelled, o.detached, o.why_not) for o in shown] == [
        (cancelled.pk, True, False, "Krankheit")
    ]


def test_a_moved_date_stays_moved_when_its_rule_is_deleted_and_created_again():
    offer = weekly_offer()
    rule = offer.schedules.get()
    planned = _second_date(offer)
    moved = occurrence_move(
        occurrence=planned,
        day=planned.original_date + datetime.timedelta(days=2),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
    )

    schedule_delete(schedule=rule, user=None)
    schedule_save(offer=offer, schedule=_again(rule), user=None)

    shown = _shown_on(offer, planned.original_date)
    assert [(o.pk, o.moved, o.takes_place, o.start) for o in shown] == [
        (moved.pk, True, True, moved.start)
    ]
    old_time = timezone.make_aware(
        datetime.datetime.combine(planned.original_date, rule.start_time)
    )
    assert not [o for o in offer_upcoming_dates(offer, limit=1000) if o.start == old_time]


def test_a_rule_created_again_at_another_time_takes_the_days_changes_along():
    """Deleting a rule and creating it at 10:00 does what changing its time does."""
    offer = weekly_offer()
    rule = offer.schedules.get()
    cancelled = occurrence_cancel(occurrence=_second_date(offer), reason="Krankheit")

    schedule_delete(schedule=rule, user=None)
    result = schedule_save(
        offer=offer,
        schedule=_again(rule, start_time=datetime.time(10, 0), end_time=datetime.time(11, 30)),
        user=None,
    )

    assert result.reattached == 1
    shown = _shown_on(offer, cancelled.original_date)
    assert [(o.pk, o.cancelled, o.detached) for o in shown] == [(cancelled.pk, True, False)]
    assert timezone.localtime(shown[0].start).time() == datetime.time(10, 0)


def test_a_rule_and_an_extra_date_on_the_same_day_stay_two_dates_with_their_own_state():
    offer = weekly_offer()
    rule = offer.schedules.get()
    cancelled = occurrence_cancel(occurrence=_second_date(offer), reason="Krankheit")
    day = cancelled.original_date
    extra = offer_date_add(
        offer=offer, day=day, start_time=datetime.time(15, 0), end_time=datetime.time(16, 0)
    )
    assert extra.pk != cancelled.pk and extra.takes_place

    schedule_delete(schedule=rule, user=None)
    schedule_save(offer=offer, schedule=_again(rule), user=None)

    shown = _shown_on(offer, day)
    assert [(o.pk, o.cancelled, o.detached) for o in shown] == [
        (cancelled.pk, True, False),
        (extra.pk, False, False),
    ]


def test_an_extra_date_at_the_time_of_an_existing_date_is_refused():
    offer = weekly_offer()
    planned = _second_date(offer)
    with pytest.raises(ValidationError) as error:
        offer_date_add(
            offer=offer,
            day=planned.original_date,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
        )
    assert error.value.code == "exists"
    assert offer.schedules.count() == 1
    assert len(_shown_on(offer, planned.original_date)) == 1


def test_two_rules_giving_the_same_date_show_it_once():
    offer = weekly_offer()
    rule = offer.schedules.get()
    schedule_save(offer=offer, schedule=_again(rule, end_time=datetime.time(12, 0)), user=None)
    planned = _second_date(offer)
    assert len(_shown_on(offer, planned.original_date)) == 1
    # The first rule keeps the date; without it, the second takes it over.
    assert planned.schedule_id == rule.pk
    occurrence_cancel(occurrence=planned, reason="Krankheit")
    schedule_delete(schedule=rule, user=None)
    shown = _shown_on(offer, planned.original_date)
    assert [(o.pk, o.cancelled, o.detached) for o in shown] == [(planned.pk, True, False)]
    assert timezone.localtime(shown[0].end).time() == datetime.time(12, 0)


def test_the_database_refuses_a_second_date_of_an_offer_at_the_same_planned_time():
    offer = weekly_offer()
    planned = _second_date(offer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.create(
            offer=offer,
            original_date=planned.original_date,
            original_time=planned.original_time,
            start=planned.start,
            end=planned.end,
        )


def test_a_date_no_rule_has_any_more_belongs_to_no_rule():
    offer = weekly_offer()
    rule = offer.schedules.get()
    cancelled = occurrence_cancel(occurrence=_second_date(offer), reason="Krankheit")
    rule.weekdays = "WE"  # the group moves to Wednesdays
    result = schedule_save(offer=offer, schedule=rule, user=None)
    assert result.detached == 1
    cancelled.refresh_from_db()
    assert cancelled.detached and cancelled.schedule_id is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.filter(pk=cancelled.pk).update(schedule=rule)


def test_changing_a_date_whose_rule_was_just_deleted_is_refused_with_a_message():
    offer = weekly_offer()
    date = _second_date(offer)  # no state: the deletion removes it
    schedule_delete(schedule=offer.schedules.get(), user=None)
    for change in (
        lambda: occurrence_cancel(occurrence=date, reason="Krankheit"),
        lambda: occurrence_restore(occurrence=date),
        lambda: occurrence_note_set(occurrence=date, note="im Garten"),
        lambda: occurrence_move(
            occurrence=date,
            day=date.original_date,
            start_time=datetime.time(15, 0),
            end_time=datetime.time(16, 0),
        ),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.code == "gone"


def _detached(offer, **state) -> Occurrence:
    """The offer's second date, changed by ``state``, after its rule moved to Wednesdays."""
    date = _second_date(offer)
    Occurrence.objects.filter(pk=date.pk).update(**state)
    rule = offer.schedules.get()
    rule.weekdays = "WE"
    schedule_save(offer=offer, schedule=rule, user=None)
    date.refresh_from_db()
    assert date.detached
    return date


def test_a_date_no_rule_gives_cannot_be_set_to_take_place_again():
    offer = weekly_offer()
    date = _detached(offer, cancelled=True, cancel_reason="Krankheit")
    with pytest.raises(ValidationError) as error:
        occurrence_restore(occurrence=date)
    assert error.value.code == "detached"
    date.refresh_from_db()
    assert date.cancelled and date.cancel_reason == "Krankheit"


def test_a_date_no_rule_gives_is_removed_with_its_last_change():
    offer = weekly_offer()
    date = _detached(offer, note="im Garten")
    occurrence_note_set(occurrence=date, note="bei Regen drinnen")
    assert Occurrence.objects.get(pk=date.pk).note == "bei Regen drinnen"
    occurrence_note_set(occurrence=date, note="")
    assert not Occurrence.objects.filter(pk=date.pk).exists()


def test_an_extra_date_takes_over_a_changed_date_of_its_day_that_no_rule_gives():
    offer = weekly_offer()
    cancelled = occurrence_cancel(occurrence=_second_date(offer), reason="Krankheit")
    schedule_delete(schedule=offer.schedules.get(), user=None)
    extra = offer_date_add(
        offer=offer,
        day=cancelled.original_date,
        start_time=datetime.time(16, 0),
        end_time=datetime.time(17, 0),
    )
    assert (extra.pk, extra.cancelled, extra.detached) == (cancelled.pk, True, False)
    assert timezone.localtime(extra.start).time() == datetime.time(16, 0)
    assert [o.pk for o in _shown_on(offer, cancelled.original_date)] == [cancelled.pk]
