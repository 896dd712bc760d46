"""The centre's sign-up lists in "Mein ThEKiZ"."""

import pytest
from django.urls import reverse

from centers.models import Membership
from offers.services import offer_sign_up
from registrations.models import Registration
from registrations.services import registration_keep_new_time, registrations_moved
from tests.conftest import with_totp
from tests.factories import MembershipFactory, weekly_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return weekly_offer(title="Babymassage", registration="per_date", capacity=2)


@pytest.fixture
def staff_client(client, offer):
    user = MembershipFactory(center=offer.center, role=Membership.Role.STAFF).user
    with_totp(user)
    client.force_login(user)
    return client


def _date(offer):
    return offer.occurrences.order_by("start").first()


def _list_url(offer, name="staff:registrations_date") -> str:
    return reverse(name, args=[offer.center.slug, _date(offer).pk])


def _sign_up(offer, name, adults=1):
    return offer_sign_up(
        offer=offer, occurrence=_date(offer), name=name, email=f"{name}@example.org", adults=adults
    )


def test_the_overview_lists_the_dates_with_their_counts(staff_client, offer):
    _sign_up(offer, "mia")
    response = staff_client.get(reverse("staff:registrations", args=[offer.center.slug]))
    assert "Babymassage" in response.text
    assert "1 von 2 Plätzen belegt, 0 warten" in response.text


def test_the_list_shows_confirmed_and_waiting_people(staff_client, offer):
    _sign_up(offer, "mia", adults=2)
    _sign_up(offer, "ben")
    text = staff_client.get(_list_url(offer)).text
    assert "mia@example.org" in text and "ben@example.org" in text
    assert "Bestätigt (1)" in text and "Warteliste (1)" in text


def test_a_sign_up_taken_by_phone(staff_client, offer):
    response = staff_client.post(
        _list_url(offer),
        {"name": "Oma Erna", "adults": "1", "children": "1", "phone": "0361 1234", "consent": "on"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.source, registration.phone) == ("staff", "0361 1234")
    assert registration.status == Registration.Status.CONFIRMED


def test_a_phone_sign_up_without_contact_is_refused(staff_client, offer):
    response = staff_client.post(
        _list_url(offer), {"name": "Oma Erna", "adults": "1", "children": "0", "consent": "on"}
    )
    assert response.status_code == 200
    assert "E-Mail-Adresse oder eine Telefonnummer" in response.text
    assert not Registration.objects.exists()


def test_cancelling_on_someones_behalf_moves_the_next_up(staff_client, offer):
    holder = _sign_up(offer, "mia", adults=2)
    waiting = _sign_up(offer, "ben")
    url = reverse("staff:registration_cancel", args=[offer.center.slug, holder.pk])
    assert staff_client.post(url).status_code == 302
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED


def test_moving_up_is_refused_when_no_place_is_free(staff_client, offer):
    _sign_up(offer, "mia", adults=2)
    waiting = _sign_up(offer, "ben")
    url = reverse("staff:registration_promote", args=[offer.center.slug, waiting.pk])
    response = staff_client.post(url, follow=True)
    assert "Nicht genug freie Plätze" in response.text
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED


def test_attendance_and_walk_ins(staff_client, offer):
    came = _sign_up(offer, "mia")
    away = _sign_up(offer, "ben")
    url = reverse("staff:registrations_date_attendance", args=[offer.center.slug, _date(offer).pk])
    staff_client.post(url, {"attended": [str(came.pk)], "walk_ins": "3"})
    assert Registration.objects.get(pk=came.pk).attended is True
    assert Registration.objects.get(pk=away.pk).attended is False
    assert _date(offer).capacity.walk_ins == 3


def test_the_print_view_lists_the_day(staff_client, offer):
    _sign_up(offer, "mia")
    text = staff_client.get(_list_url(offer, "staff:registrations_date_print")).text
    assert "mia" in text and "Babymassage" in text


def test_cancelling_a_date_with_sign_ups_warns_that_people_are_told(staff_client, offer):
    _sign_up(offer, "mia")
    url = reverse("staff:occurrence_cancel", args=[offer.center.slug, _date(offer).pk])
    assert "1 Anmeldung für diesen Termin" in staff_client.get(url).text


def test_the_list_shows_who_has_not_yet_confirmed_a_moved_date(staff_client, offer):
    mia = _sign_up(offer, "mia")
    _sign_up(offer, "ben")
    registrations_moved(mia.capacity)
    mia.refresh_from_db()
    registration_keep_new_time(mia)
    text = staff_client.get(_list_url(offer)).text
    assert text.count("Bestätigung ausstehend") == 1
    assert "ohne Bestätigung bis" in text
    overview = staff_client.get(reverse("staff:registrations", args=[offer.center.slug])).text
    assert "1 Bestätigung ausstehend" in overview
