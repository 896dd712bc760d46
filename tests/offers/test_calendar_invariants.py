"""Whatever staff do to an offer's rules and dates, in any order, the public calendar stays
right. Hypothesis applies random sequences of the staff area's services and, after each
step, checks what the offer page and the search show:

- no planned session shows twice (and no day shows a session twice);
- the rules' sessions show exactly once each; a date no rule gives shows only because
  someone changed it, and never next to a new date of its day;
- a cancelled date stays cancelled (with its reason), a moved date stays moved (at its new
  time), a note stays, whatever happens to the rules.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from offers.models import Closure, Occurrence, Schedule
from offers.recurrence import schedule_dates
from offers.search import OccurrenceQuery
from offers.selectors import occurrence_search, offer_upcoming_dates
from offers.services import (
    closure_delete,
    closure_save,
    horizon_end,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrence_restore,
    offer_date_add,
    schedule_delete,
    schedule_save,
)
from tests.factories import CenterFactory, OfferFactory

pytestmark = pytest.mark.django_db

# Few days, weekdays and times, so that rules, extra dates and moves meet often.
HORIZON_DAYS = 20
TIMES = [datetime.time(9, 30), datetime.time(10, 0), datetime.time(15, 0)]
WEEKDAYS = ["MO", "TU", "WE"]

days_ahead = st.integers(min_value=1, max_value=HORIZON_DAYS - 1)
times = st.sampled_from(TIMES)
weekday_sets = st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=2, unique=True)


def _end(start: datetime.time) -> datetime.time:
    return start.replace(hour=start.hour + 1)


class CalendarMachine(RuleBasedStateMachine):
    """One offer and what the staff area can do to it; the model is only what people did
    to single dates (by date id), never how the calendar computes its dates."""

    def __init__(self) -> None:
        super().__init__()
        # Every example starts from the same empty offer and is rolled back afterwards.
        self._transaction = transaction.atomic()
        self._transaction.__enter__()
        self.today = timezone.localdate()
        self.offer = OfferFactory(center=CenterFactory())
        self.deleted: list[dict] = []  # settings of deleted rules, to create them again
        self.cancelled: dict[int, str] = {}  # date id → reason
        self.moved: dict[int, datetime.datetime] = {}  # date id → new start
        self.noted: dict[int, str] = {}  # date id → note
        self.seen: set[int] = set()  # every date id shown so far
        self.closure: Closure | None = None
        self.step = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._transaction.__exit__(None, None, None)

    # --- what staff do -----------------------------------------------------------------

    def _day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def _rules(self) -> list[Schedule]:
        return list(self.offer.schedules.order_by("pk"))

    def _shown(self) -> list[Occurrence]:
        return offer_upcoming_dates(self.offer, limit=10_000)

    @rule(weekdays=weekday_sets, start=times, first=days_ahead, interval=st.sampled_from([1, 2]))
    def add_rule(self, weekdays, start, first, interval):
        schedule_save(
            offer=self.offer,
            schedule=Schedule(
                offer=self.offer,
                weekdays=",".join(weekdays),
                start_date=self._day(first % 7),
                start_time=start,
                end_time=_end(start),
                interval=interval,
            ),
            user=None,
        )

    @rule(day=days_ahead, start=times)
    def add_extra_date(self, day, start):
        try:
            occurrence = offer_date_add(
                offer=self.offer, day=self._day(day), start_time=start, end_time=_end(start)
            )
        except ValidationError as error:
            assert error.code == "exists"
            planned = [(o.original_date, o.original_time) for o in self._shown()]
            assert (self._day(day), start) in planned
        else:
            assert (occurrence.original_date, occurrence.original_time) == (self._day(day), start)

    @precondition(lambda self: self.offer.schedules.exists())
    @rule(data=st.data(), start=times, weekdays=weekday_sets)
    def change_rule(self, data, start, weekdays):
        schedule = data.draw(st.sampled_from(self._rules()))
        change = data.draw(st.sampled_from(["time", "weekdays", "both"]))
        if change in ("time", "both"):
            schedule.start_time, schedule.end_time = start, _end(start)
        if change in ("weekdays", "both") and schedule.frequency == Schedule.Frequency.WEEKLY:
            schedule.weekdays = ",".join(weekdays)
        schedule_save(offer=self.offer, schedule=schedule, user=None)

    @precondition(lambda self: self.offer.schedules.exists())
    @rule(data=st.data())
    def delete_rule(self, data):
        schedule = data.draw(st.sampled_from(self._rules()))
        self.deleted.append(
            {
                name: getattr(schedule, name)
                for name in (
                    "frequency",
                    "weekdays",
                    "start_date",
                    "start_time",
                    "end_time",
                    "interval",
                )
            }
        )
        schedule_delete(schedule=schedule, user=None)

    @precondition(lambda self: self.deleted)
    @rule(data=st.data(), start=st.none() | times)
    def create_deleted_rule_again(self, data, start):
        """The same rule again, or at another time (an edit made by deleting and adding)."""
        fields = dict(data.draw(st.sampled_from(self.deleted)))
        if start is not None:
            fields["start_time"], fields["end_time"] = start, _end(start)
        schedule_save(offer=self.offer, schedule=Schedule(offer=self.offer, **fields), user=None)

    def _pick(self, data, condition) -> Occurrence | None:
        now = timezone.now()
        candidates = [o for o in self._shown() if o.start > now and condition(o)]
        return data.draw(st.sampled_from(candidates)) if candidates else None

    @rule(data=st.data())
    def cancel(self, data):
        occurrence = self._pick(data, lambda o: not o.cancelled)
        if occurrence is not None:
            self.step += 1
            reason = f"Krankheit {self.step}"
            occurrence_cancel(occurrence=occurrence, reason=reason)
            self.cancelled[occurrence.pk] = reason

    @rule(data=st.data())
    def restore(self, data):
        occurrence = self._pick(data, lambda o: o.cancelled)
        if occurrence is None:
            return
        try:
            occurrence_restore(occurrence=occurrence)
        except ValidationError as error:
            assert error.code == "detached" and occurrence.detached
        else:
            del self.cancelled[occurrence.pk]

    @rule(data=st.data(), day=days_ahead, start=times)
    def move(self, data, day, start):
        occurrence = self._pick(data, lambda o: True)
        if occurrence is not None:
            moved = occurrence_move(
                occurrence=occurrence, day=self._day(day), start_time=start, end_time=_end(start)
            )
            self.moved[moved.pk] = moved.start

    @rule(data=st.data(), text=st.sampled_from(["im Garten", "bitte Hausschuhe", ""]))
    def note(self, data, text):
        occurrence = self._pick(data, lambda o: True)
        if occurrence is None:
            return
        occurrence_note_set(occurrence=occurrence, note=text)
        if text:
            self.noted[occurrence.pk] = text
        else:
            self.noted.pop(occurrence.pk, None)

    @rule(first=days_ahead, length=st.integers(min_value=0, max_value=3))
    def close_the_centre(self, first, length):
        if self.closure is not None:
            closure_delete(closure=self.closure)
        self.closure = closure_save(
            closure=Closure(
                center=self.offer.center,
                title="Teamtag",
                start_date=self._day(first),
                end_date=self._day(first + length),
            )
        )

    # --- what families see --------------------------------------------------------------

    @invariant()
    def the_public_calendar_is_right(self):
        now = timezone.now()
        page = self._shown()
        all_upcoming = OccurrenceQuery(first=timezone.localdate(), last=None)
        search = [o for o in occurrence_search(all_upcoming) if o.offer_id == self.offer.pk]
        assert sorted(o.pk for o in search) == sorted(o.pk for o in page)
        for shown in (page, search):
            self._check(shown, now)
        self.seen |= {o.pk for o in page}

    def _check(self, shown: list[Occurrence], now: datetime.datetime) -> None:
        planned = [(o.original_date, o.original_time) for o in shown]
        assert len(planned) == len(set(planned)), "a planned session shows twice"
        in_place = [o.start for o in shown if not o.moved]
        assert len(in_place) == len(set(in_place)), "a day shows a session twice"

        # The rules' sessions from tomorrow on, each once, and no other live date.
        tomorrow = self.today + datetime.timedelta(days=1)
        sessions = {
            (day, schedule.start_time)
            for schedule in self._rules()
            for day in schedule_dates(schedule, tomorrow, horizon_end(self.today))
        }
        live = {
            (o.original_date, o.original_time)
            for o in shown
            if not o.detached and o.original_date >= tomorrow
        }
        assert live == sessions

        by_pk = {o.pk: o for o in shown}
        for occurrence in shown:
            if occurrence.detached:
                assert occurrence.has_state, "a date no rule gives shows without a reason"
                assert not occurrence.takes_place
                new_of_the_day = [
                    o
                    for o in shown
                    if o.pk not in self.seen
                    and not o.detached
                    and o.original_date == occurrence.original_date
                ]
                assert not new_of_the_day, "a removed date shows next to a new one"

        for pk, reason in self.cancelled.items():
            occurrence = self._still_there(pk, by_pk, now)
            if occurrence is not None:
                assert occurrence.cancelled and not occurrence.takes_place
                assert occurrence.why_not == reason
        for pk, start in self.moved.items():
            occurrence = self._still_there(pk, by_pk, now)
            if occurrence is not None:
                assert occurrence.moved and occurrence.start == start
        for pk, note in self.noted.items():
            occurrence = self._still_there(pk, by_pk, now)
            if occurrence is not None:
                assert occurrence.note == note

    @staticmethod
    def _still_there(pk: int, by_pk: dict, now: datetime.datetime) -> Occurrence | None:
        """The changed date as shown; None only if it has ended meanwhile (it is history)."""
        if pk in by_pk:
            return by_pk[pk]
        assert Occurrence.objects.get(pk=pk).end <= now, "a changed date disappeared"
        return None


# A fixed morning (time runs on from there) two days before Ascension Day and with Whit
# Monday inside the horizon: holidays meet the rules, and no run crosses midnight.
START = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))


@time_machine.travel(START, tick=True)
def test_no_sequence_of_edits_shows_a_date_twice_or_loses_a_change(settings_override):
    run_state_machine_as_test(
        CalendarMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.fixture
def settings_override(settings):
    settings.THEKIZ_CALENDAR_HORIZON_DAYS = HORIZON_DAYS
