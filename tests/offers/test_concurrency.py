"""Two people at the same moment, each with a database connection of their own (two
threads, as pretix tests its quotas).

On PostgreSQL the first one is held right after it has read the offer's dates, the second
starts, and the first goes on only when the second waits for a lock (or is done): the
moment where a missing lock loses a change. SQLite has one writer at a time, so there the
two run one after the other and the outcome must be the same.
"""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from offers.models import Occurrence, Schedule
from offers.services import occurrence_cancel, schedule_delete, schedule_save
from tests.factories import weekly_offer

# Committed data, seen by every connection (the tables are emptied after each test).
pytestmark = pytest.mark.django_db(transaction=True)

# Only against a hang if the code deadlocks; no test waits this long when it works.
HANG = 60


class Person(threading.Thread):
    """One person's request: its own thread and database connection."""

    def __init__(self, work: Callable, hold: Callable | None = None) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.hold = hold
        self.result = None
        self.error: Exception | None = None
        self.backend_pid: int | None = None
        self.connected = threading.Event()

    def run(self) -> None:
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    self.backend_pid = cursor.fetchone()[0]
            self.connected.set()
            if self.hold:
                with connection.execute_wrapper(self.hold):
                    self.result = self.work()
            else:
                self.result = self.work()
        except Exception as error:  # the outcome the test looks at
            self.error = error
        finally:
            self.connected.set()
            connection.close()


def _waits_for_a_lock(person: Person) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [person.backend_pid]
        )
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def at_the_same_moment(first: Callable, second: Callable) -> tuple[Person, Person]:
    """Run ``first`` and ``second`` as two people; on PostgreSQL ``second`` starts while
    ``first`` holds what it has read of the offer's dates."""
    if connection.vendor != "postgresql":
        one, two = Person(first), Person(second)
        for person in (one, two):
            person.start()
            person.join(HANG)
        return one, two

    has_read, go_on = threading.Event(), threading.Event()

    def held_after_reading_the_dates(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not has_read.is_set() and sql.startswith("SELECT") and 'FROM "offers_occurrence"' in sql:
            has_read.set()
            go_on.wait(HANG)
        return result

    one, two = Person(first, hold=held_after_reading_the_dates), Person(second)
    one.start()
    assert has_read.wait(HANG)
    two.start()
    assert two.connected.wait(HANG)
    while two.is_alive() and not _waits_for_a_lock(two):
        pass  # each round is one query to the server: no sleeping
    go_on.set()
    for person in (one, two):
        person.join(HANG)
        assert not person.is_alive(), "deadlock"
    return one, two


def _offer():
    """A weekly offer of the coordination office: needs no centre (nor its district, which
    an emptied table no longer has)."""
    return weekly_offer(
        center=None, host="coordination", place="online", online_url="https://meet.example/a"
    )


def _remove_the_rule(rule: Schedule) -> Callable:
    return lambda: schedule_delete(schedule=rule, user=None)


def _move_the_rule_to_wednesdays(rule: Schedule) -> Callable:
    def save():
        changed = Schedule.objects.get(pk=rule.pk)
        changed.weekdays = "WE"
        return schedule_save(offer=rule.offer, schedule=changed, user=None)

    return save


@pytest.mark.parametrize("change", [_remove_the_rule, _move_the_rule_to_wednesdays])
def test_a_date_cancelled_while_its_rule_changes_is_refused_with_a_message_never_lost(change):
    offer = _offer()
    rule = offer.schedules.get()
    date = offer.occurrences.order_by("start")[1]

    saving, cancelling = at_the_same_moment(
        change(rule),
        lambda: occurrence_cancel(occurrence=date, reason="Krankheit"),
    )

    assert saving.error is None
    # The rule's change came first and removed the date: the cancellation is refused with
    # a message. It must never be reported as done while the date is gone.
    assert isinstance(cancelling.error, ValidationError), cancelling.error
    assert cancelling.error.code == "gone"
    assert not Occurrence.objects.filter(pk=date.pk).exists()


def test_two_saves_of_one_offer_from_the_same_version_one_wins_the_other_is_told():
    offer = _offer()
    rule = offer.schedules.get()

    def save_at(hour: int) -> Callable:
        def save():
            changed = Schedule.objects.get(pk=rule.pk)
            changed.start_time = datetime.time(hour, 0)
            changed.end_time = datetime.time(hour + 1, 0)
            return schedule_save(
                offer=offer, schedule=changed, user=None, expected_version=offer.version
            )

        return save

    first, second = at_the_same_moment(save_at(10), save_at(15))

    assert first.error is None
    assert isinstance(second.error, ValidationError), second.error
    assert second.error.code == "stale"
    offer.refresh_from_db()
    assert offer.version == 2
    starts = {o.original_time for o in offer.occurrences.all()}
    assert starts == {datetime.time(10, 0)}
