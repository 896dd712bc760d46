"""Two people at the same moment, each with a database connection of their own (two
threads, as pretix tests its quotas).

On PostgreSQL the first one is held right after it has read the offer's dates
(tests/concurrency.py); SQLite runs them one after the other, with the same outcome.
"""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from offers.models import Occurrence, Schedule
from offers.services import occurrence_cancel, schedule_delete, schedule_save
from tests.concurrency import at_the_same_moment
from tests.factories import weekly_offer

# Committed data, seen by every connection (the tables are emptied after each test).
pytestmark = pytest.mark.django_db(transaction=True)

# The table the first person has read when the second one starts.
DATES = "offers_occurrence"


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
        held_after_reading=DATES,
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

    first, second = at_the_same_moment(save_at(10), save_at(15), held_after_reading=DATES)

    assert first.error is None
    assert isinstance(second.error, ValidationError), second.error
    assert second.error.code == "stale"
    offer.refresh_from_db()
    assert offer.version == 2
    starts = {o.original_time for o in offer.occurrences.all()}
    assert starts == {datetime.time(10, 0)}
