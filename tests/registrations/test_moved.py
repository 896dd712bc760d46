"""A moved date asks the people signed up to confirm the new time, or frees the place."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from registrations.links import registration_link_value
from registrations.models import Registration
from registrations.notify import Event, registration_message
from registrations.services import (
    move_confirm_deadline,
    registration_keep_new_time,
    registrations_moved,
    registrations_release_unconfirmed,
)
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def _moved_capacity() -> tuple[Registration, Registration]:
    """A date with one place, one confirmed and one waiting sign-up, moved just now."""
    start = timezone.now() + datetime.timedelta(days=7)
    places = capacity(places=1, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    first, second = sign_up(places), sign_up(places)
    registrations_moved(places)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_the_deadline_is_48_hours_after_the_move_or_24_hours_before_the_start():
    now = timezone.now()
    far = now + datetime.timedelta(days=7)
    near = now + datetime.timedelta(hours=50)
    assert move_confirm_deadline(far, now) == now + datetime.timedelta(hours=48)
    assert move_confirm_deadline(near, now) == near - datetime.timedelta(hours=24)
    assert move_confirm_deadline(now + datetime.timedelta(hours=20), now) is None


def test_a_move_marks_everyone_with_an_e_mail_and_tells_them_the_deadline():
    first, second = _moved_capacity()
    assert first.status == CONFIRMED and second.status == WAITLISTED
    assert first.move_confirm_by is not None
    assert first.move_confirm_by == second.move_confirm_by
    message = registration_message(first, Event.MOVED)
    assert message.subject.startswith("Neue Zeit:")
    assert "bis " in message.body and " Uhr" in message.body
    assert "„Neuen Termin behalten“" in message.body and "„Platz freigeben“" in message.body
    assert "48 Stunden" in message.body
    assert "/anmeldung/" in message.body


def test_the_move_mail_speaks_english_to_an_english_sign_up():
    start = timezone.now() + datetime.timedelta(days=7)
    places = capacity(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    registration = sign_up(places, language="en")
    registrations_moved(places)
    registration.refresh_from_db()
    message = registration_message(registration, Event.MOVED)
    assert message.subject.startswith("New time:")
    assert '"Keep the new date"' in message.body and "48 hours" in message.body


def test_a_phone_only_sign_up_is_not_asked():
    start = timezone.now() + datetime.timedelta(days=7)
    places = capacity(starts_at=start)
    registration = sign_up(places, email="", phone="0361 1234")
    registrations_moved(places)
    registration.refresh_from_db()
    assert registration.move_confirm_by is None


def test_a_date_moved_to_less_than_a_day_ahead_asks_nobody():
    start = timezone.now() + datetime.timedelta(hours=20)
    places = capacity(starts_at=start)
    registration = sign_up(places)
    registrations_moved(places)
    registration.refresh_from_db()
    assert registration.move_confirm_by is None
    body = registration_message(registration, Event.MOVED).body
    assert "Neuen Termin behalten" not in body and "/anmeldung/" in body


def test_keeping_the_new_time_unmarks_the_sign_up():
    first, _ = _moved_capacity()
    registration_keep_new_time(first)
    first.refresh_from_db()
    assert first.move_confirm_by is None and first.status == CONFIRMED
    assert registrations_release_unconfirmed(now=timezone.now() + datetime.timedelta(days=3)) == 1


def test_keeping_after_the_deadline_is_refused():
    first, _ = _moved_capacity()
    with pytest.raises(ValidationError, match="Frist"):
        registration_keep_new_time(first, now=first.move_confirm_by + datetime.timedelta(minutes=1))
    first.refresh_from_db()
    assert first.move_confirm_by is not None


def test_after_the_deadline_the_place_is_freed_and_the_next_moves_up(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = _moved_capacity()
    registration_keep_new_time(second)  # the waiting person keeps the new time
    with time_machine.travel(first.move_confirm_by - datetime.timedelta(minutes=1)):
        assert registrations_release_unconfirmed() == 0
    with (
        time_machine.travel(first.move_confirm_by + datetime.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("registrations_release_unconfirmed", stdout=io.StringIO())
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CANCELLED
    assert second.status == CONFIRMED
    with translation.override("de"):
        message = registration_message(first, Event.RELEASED)
    assert message.subject.startswith("Ihr Platz ist freigegeben:")
    assert "nicht bis" in message.body
    # run again: nothing more happens
    with time_machine.travel(first.move_confirm_by + datetime.timedelta(hours=1)):
        assert registrations_release_unconfirmed() == 0


def _page(client, registration: Registration, language: str = "de"):
    path = reverse(
        "registrations:registration_detail", kwargs={"value": registration_link_value(registration)}
    )
    return client.get(("/en" if language == "en" else "") + path)


@pytest.mark.parametrize(
    ("language", "question", "keep", "free"),
    [
        ("de", "Der Termin wurde verschoben", "Neuen Termin behalten", "Platz freigeben"),
        ("en", "The date has moved", "Keep the new date", "Free my place"),
    ],
)
def test_the_personal_page_asks_to_keep_or_free_the_place(client, language, question, keep, free):
    first, _ = _moved_capacity()
    text = _page(client, first, language).text
    assert question in text and keep in text and free in text


def test_keep_on_the_personal_page_then_the_question_is_gone(client):
    first, _ = _moved_capacity()
    value = registration_link_value(first)
    response = client.post(reverse("registrations:registration_keep", kwargs={"value": value}))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.move_confirm_by is None
    text = client.get(response.url).text
    assert "Ihr Platz zur neuen Zeit ist bestätigt" in text
    assert "Neuen Termin behalten" not in text


def test_free_my_place_on_the_personal_page_moves_the_next_up(client):
    first, second = _moved_capacity()
    value = registration_link_value(first)
    client.post(reverse("registrations:registration_cancel", kwargs={"value": value}))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CANCELLED and second.status == CONFIRMED


def test_a_past_deadline_on_the_page_says_so_and_keep_is_refused(client):
    first, _ = _moved_capacity()
    with time_machine.travel(first.move_confirm_by + datetime.timedelta(minutes=5)):
        text = _page(client, first).text
        assert "Zu spät zum Bestätigen" in text
        assert "Neuen Termin behalten" not in text
        value = registration_link_value(first)
        response = client.post(
            reverse("registrations:registration_keep", kwargs={"value": value}), follow=True
        )
    assert "Frist, den neuen Termin zu bestätigen, ist abgelaufen" in response.text
    first.refresh_from_db()
    assert first.move_confirm_by is not None


def test_keep_answers_only_to_post(client):
    first, _ = _moved_capacity()
    value = registration_link_value(first)
    url = reverse("registrations:registration_keep", kwargs={"value": value})
    assert client.get(url).status_code == 405
