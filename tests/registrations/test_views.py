"""The personal link: see, cancel, delete; a changed or expired link gets a page, never a 500."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from registrations.links import registration_link_value
from registrations.models import Registration
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db


def _url(registration, name="registration_detail", **kwargs) -> str:
    value = registration_link_value(registration, **kwargs)
    return reverse(f"registrations:{name}", kwargs={"value": value})


def test_the_page_shows_the_sign_up_and_is_never_stored_by_a_cache(client):
    registration = sign_up(capacity(label="Babymassage – 12.01.2027 09:30"), name="Mia")
    response = client.get(_url(registration))
    assert response.status_code == 200
    assert "Mia" in response.text and "Ihr Platz ist bestätigt" in response.text
    assert "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in response.text


def test_the_waitlist_position_is_shown(client):
    places = capacity(places=1)
    sign_up(places)
    sign_up(places)
    third = sign_up(places)
    assert "Platz 2 der Warteliste" in client.get(_url(third)).text


def test_cancelling_through_the_link_frees_the_place_for_the_next(client):
    places = capacity(places=1)
    holder, waiting = sign_up(places), sign_up(places)
    response = client.post(_url(holder, "registration_cancel"), follow=True)
    assert "Ihre Anmeldung ist storniert" in response.text
    assert Registration.objects.get(pk=holder.pk).status == Registration.Status.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED


def test_deleting_ones_data_through_the_link(client):
    registration = sign_up(capacity(), name="Mia", note="Rollstuhl")
    response = client.post(_url(registration, "registration_forget"), follow=True)
    assert "Ihr Name und Ihre Kontaktdaten sind gelöscht" in response.text
    assert "Mia" not in response.text
    registration.refresh_from_db()
    assert registration.name == "" and registration.personal_data_deleted_at


@pytest.mark.parametrize(
    "name", ["registration_detail", "registration_cancel", "registration_keep"]
)
def test_a_changed_link_answers_404_with_a_german_page(client, name):
    registration = sign_up(capacity())
    url = _url(registration, name).replace(":", ":x", 1)
    response = client.get(url) if name == "registration_detail" else client.post(url)
    assert response.status_code == 404
    assert "Dieser Link funktioniert nicht" in response.text
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_an_expired_link_answers_410(client):
    registration = sign_up(capacity())
    expires = timezone.now() + datetime.timedelta(days=1)
    url = _url(registration, expires_at=expires)
    with time_machine.travel(expires + datetime.timedelta(seconds=5)):
        response = client.get(url)
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.text


def test_the_link_page_speaks_english(client):
    registration = sign_up(capacity(), language="en")
    response = client.get("/en" + _url(registration))
    assert "Your place is confirmed." in response.text


def test_get_cannot_cancel(client):
    registration = sign_up(capacity())
    assert client.get(_url(registration, "registration_cancel")).status_code == 405


def test_changing_the_number_of_people_through_the_link(client):
    places = capacity(places=3)
    family = sign_up(places, adults=1, children=0)
    response = client.post(
        _url(family, "registration_counts"), {"adults": "1", "children": "1"}, follow=True
    )
    assert "Ihre Anmeldung ist geändert" in response.text
    assert Registration.objects.get(pk=family.pk).places == 2
    response = client.post(
        _url(family, "registration_counts"), {"adults": "2", "children": "3"}, follow=True
    )
    assert "es gibt insgesamt nur 3" in response.text
    assert Registration.objects.get(pk=family.pk).places == 2
