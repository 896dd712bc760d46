"""Fifty people sign up for ten places at the same moment, each on a connection of its own:
exactly ten are confirmed, forty wait, nobody is lost and nobody sees an error. The same
while confirmed people cancel, and while unconfirmed places of a moved date are freed."""

import threading

import pytest
from django.utils import timezone

from registrations.models import Registration
from registrations.services import (
    registration_cancel,
    registration_create,
    registrations_release_unconfirmed,
)
from tests.concurrency import HANG, Person
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50


def _all_at_once(works) -> list[Person]:
    start = threading.Barrier(len(works))

    def at_the_start(work):
        def run():
            start.wait(HANG)
            return work()

        return run

    people = [Person(at_the_start(work)) for work in works]
    for person in people:
        person.start()
    for person in people:
        person.join(HANG)
        assert not person.is_alive(), "deadlock"
    return people


def _signing_up(places_id: int, number: int):
    return lambda: registration_create(
        places_id, name=f"Person {number}", email=f"p{number}@example.org", adults=1
    )


def test_fifty_people_at_once_for_ten_places_ten_confirmed_forty_waiting():
    places = capacity(places=10)

    people = _all_at_once([_signing_up(places.pk, number) for number in range(PEOPLE)])

    assert [person.error for person in people if person.error] == []
    statuses = [Registration.objects.get(pk=person.result.pk).status for person in people]
    assert statuses.count(Registration.Status.CONFIRMED) == 10
    assert statuses.count(Registration.Status.WAITLISTED) == 40
    assert Registration.objects.filter(capacity=places).count() == PEOPLE


def test_cancellations_racing_sign_ups_never_overbook_and_lose_nobody():
    places = capacity(places=10)
    confirmed = [sign_up(places) for _ in range(10)]
    waiting = [sign_up(places) for _ in range(5)]
    assert all(r.status == Registration.Status.WAITLISTED for r in waiting)

    cancelling = [lambda r=r: registration_cancel(r) for r in confirmed[:5]]
    signing_up = [_signing_up(places.pk, 100 + n) for n in range(PEOPLE - 5)]
    people = _all_at_once(cancelling + signing_up)

    assert [person.error for person in people if person.error] == []
    rows = Registration.objects.filter(capacity=places)
    assert rows.count() == 15 + PEOPLE - 5
    assert rows.filter(status=Registration.Status.CANCELLED).count() == 5
    assert rows.filter(status=Registration.Status.CONFIRMED).count() == 10
    # The five who waited first moved up before any later sign-up: none of them waits.
    assert all(
        Registration.objects.get(pk=r.pk).status == Registration.Status.CONFIRMED for r in waiting
    )
    assert rows.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - 5


def test_releasing_unconfirmed_places_twice_at_once_while_people_sign_up_never_overbooks():
    places = capacity(places=10)
    unconfirmed = [sign_up(places) for _ in range(10)]
    waiting = [sign_up(places) for _ in range(5)]
    Registration.objects.filter(pk__in=[r.pk for r in unconfirmed]).update(
        move_confirm_by=timezone.now()
    )

    releasing = [registrations_release_unconfirmed, registrations_release_unconfirmed]
    signing_up = [_signing_up(places.pk, 200 + n) for n in range(20)]
    people = _all_at_once(releasing + signing_up)

    assert [person.error for person in people if person.error] == []
    assert sum(person.result for person in people[:2]) == 10  # each released once
    rows = Registration.objects.filter(capacity=places)
    assert rows.filter(status=Registration.Status.CANCELLED).count() == 10
    assert rows.filter(status=Registration.Status.CONFIRMED).count() == 10
    assert all(
        Registration.objects.get(pk=r.pk).status == Registration.Status.CONFIRMED for r in waiting
    )
    assert rows.filter(status=Registration.Status.WAITLISTED).count() == 15
