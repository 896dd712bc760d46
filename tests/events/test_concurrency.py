"""Thirty professionals sign up for the same Fachtag at the same moment, each on a
connection of its own, all with forum A first and forum B second: neither forum is ever
overbooked, nobody is lost, nobody sees an error; and cancellations racing sign-ups free
forum places that go to those waiting."""

import pytest

from events.models import Participant
from events.services import event_places_sync, participant_sign_up
from registrations.models import Registration
from registrations.services import registration_cancel
from tests.events.factories import EventFactory, ForumFactory
from tests.registrations.test_concurrency import _all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 30


@pytest.fixture
def event():
    event = EventFactory(places=20)
    ForumFactory(event=event, title="Forum A", places=5, position=1)
    ForumFactory(event=event, title="Forum B", places=4, position=2)
    event_places_sync(event)
    event.refresh_from_db()
    return event


def _signing_up(event, number: int):
    first, second = event.forums.order_by("position")

    def work():
        return participant_sign_up(
            event,
            name=f"Person {number}",
            email=f"p{number}@example.org",
            first_choice=first,
            second_choice=second,
            consent=True,
        )

    return work


def _in_forum(title: str, status: str) -> int:
    return Registration.objects.filter(capacity__forum__title=title, status=status).count()


def test_thirty_at_once_never_overbook_the_event_or_a_forum(event):
    people = _all_at_once([_signing_up(event, n) for n in range(PEOPLE)])

    assert [person.error for person in people if person.error] == []
    assert Participant.objects.count() == PEOPLE
    event_rows = Registration.objects.filter(capacity=event.capacity)
    assert event_rows.filter(status=Registration.Status.CONFIRMED).count() == 20
    assert event_rows.filter(status=Registration.Status.WAITLISTED).count() == 10
    assert _in_forum("Forum A", Registration.Status.CONFIRMED) == 5
    assert _in_forum("Forum B", Registration.Status.CONFIRMED) == 4
    # Everyone confirmed for the day has a forum place or waits for the first choice.
    assert _in_forum("Forum A", Registration.Status.WAITLISTED) == 20 - 9
    assert _in_forum("Forum B", Registration.Status.WAITLISTED) == 0


def test_cancellations_racing_sign_ups_pass_forum_places_on(event):
    early = [_signing_up(event, n)() for n in range(9)]  # both forums full
    cancelling = [lambda p=p: registration_cancel(p.registration) for p in early[:3]]
    people = _all_at_once(cancelling + [_signing_up(event, 100 + n) for n in range(PEOPLE)])

    assert [person.error for person in people if person.error] == []
    assert _in_forum("Forum A", Registration.Status.CONFIRMED) == 5
    assert _in_forum("Forum B", Registration.Status.CONFIRMED) == 4
    confirmed_day = Registration.objects.filter(
        capacity=event.capacity, status=Registration.Status.CONFIRMED
    ).count()
    assert confirmed_day == 20
    assert _in_forum("Forum A", Registration.Status.WAITLISTED) == 20 - 9
