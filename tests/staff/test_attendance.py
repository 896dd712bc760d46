"""The page "Teilnahme erfassen" and the attendance shown with the dates."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Membership
from offers.models import Attendance, Occurrence
from offers.services import attendance_record, offer_sign_up
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, weekly_offer
from tests.offers.test_attendance import DAILY, daily_offer, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return daily_offer(10, title="Offener Treff")


def _signed_in(client, center, role=Membership.Role.STAFF):
    user = MembershipFactory(center=center, role=role).user
    with_totp(user)
    client.force_login(user)
    return user


@pytest.fixture
def staff_client(client, offer):
    _signed_in(client, offer.center)
    return client


def _url(center) -> str:
    return reverse("staff:attendance", args=[center.slug])


def _post(client, occurrence, *, token="", page="", **fields):
    data = {"date": str(occurrence.pk), "form_token": token}
    data.update({f"d{occurrence.pk}-{name}": value for name, value in fields.items()})
    return client.post(_url(occurrence.offer.center) + (f"?seite={page}" if page else ""), data)


def test_the_page_lists_the_past_dates_waiting_for_counts(staff_client, offer):
    response = staff_client.get(_url(offer.center))
    assert response.status_code == 200
    assert "Teilnahme erfassen" in response.text
    assert "Offener Treff" in response.text
    assert "Noch nicht erfasst" in response.text
    assert f'name="d{held(offer).pk}-adults"' in response.text


def test_staff_save_one_dates_counts(staff_client, offer):
    occurrence = held(offer)
    response = _post(staff_client, occurrence, adults="3", children="5", token="t1")
    assert response.status_code == 302
    assert response["Location"] == _url(offer.center)
    stored = Attendance.objects.get(pk=occurrence.pk)
    assert (stored.adults, stored.children, stored.source) == (3, 5, "count")
    page = staff_client.get(_url(offer.center)).text
    assert "Erfasst: 3 Erwachsene, 5 Kinder" in page
    assert "ist gespeichert" in page


def test_did_not_take_place_stores_zero_whatever_was_typed(staff_client, offer):
    occurrence = held(offer)
    _post(staff_client, occurrence, adults="x", children="4", not_held="on")
    stored = Attendance.objects.get(pk=occurrence.pk)
    assert (stored.took_place, stored.adults, stored.children) == (False, 0, 0)
    assert "Erfasst: fand nicht statt" in staff_client.get(_url(offer.center)).text


def test_a_date_with_nobody_shows_the_error_at_its_row(staff_client, offer):
    occurrence = held(offer)
    response = _post(staff_client, occurrence, adults="0", children="")
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert "oder kreuzen Sie „Fand nicht statt“ an" in response.text
    assert not Attendance.objects.exists()


def test_a_count_that_is_not_a_number_is_a_field_error(staff_client, offer):
    occurrence = held(offer)
    response = _post(staff_client, occurrence, adults="viele", children="2")
    assert response.status_code == 200
    assert f'href="#id_d{occurrence.pk}-adults"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="viele"' in response.text  # what was typed stays
    assert not Attendance.objects.exists()


def test_the_same_form_sent_twice_is_saved_once(staff_client, offer):
    occurrence = held(offer)
    _post(staff_client, occurrence, adults="3", children="5", token="same")
    second = _post(staff_client, occurrence, adults="9", children="9", token="same")
    assert second.status_code == 302
    assert Attendance.objects.get().adults == 3


def test_another_centres_date_is_404(staff_client, offer):
    other = daily_offer(5)
    assert _post(staff_client, held(other), adults="1", children="1").status_code == 404
    assert staff_client.get(_url(other.center)).status_code == 404
    assert _post(staff_client, held(offer), adults="1").status_code == 302  # own: fine
    assert not Attendance.objects.filter(occurrence__offer=other).exists()


def test_a_date_with_registration_or_still_to_come_is_not_on_the_page(staff_client, offer):
    signed = weekly_offer(center=offer.center, registration="per_date", capacity=4)
    coming = offer.occurrences.filter(start__gt=timezone.now() + datetime.timedelta(days=1))
    for occurrence in (signed.occurrences.first(), coming.first()):
        assert _post(staff_client, occurrence, adults="1", children="1").status_code == 404
    assert not Attendance.objects.exists()


def test_the_dates_of_a_course_are_counted_here(staff_client, offer):
    """A course's sign-up is for all its dates: who came to each is counted by staff."""
    course = daily_offer(
        10, center=offer.center, title="Babymassage", registration="course", capacity=6
    )
    occurrence = held(course)
    assert f'name="d{occurrence.pk}-adults"' in staff_client.get(_url(offer.center)).text

    response = _post(staff_client, occurrence, adults="3", children="3")

    assert response.status_code == 302
    attendance = Attendance.objects.get(occurrence=occurrence)
    assert (attendance.adults, attendance.children, attendance.source) == (3, 3, "count")


def test_the_coordinator_may_record_too(client, offer):
    _signed_in(client, offer.center, Membership.Role.COORDINATOR)
    assert _post(client, held(offer), adults="1", children="1").status_code == 302


def test_the_office_reads_but_does_not_record(client, offer, coordination_user):
    attendance_record(occurrence=held(offer), took_place=True, adults=2, children=2, by=None)
    client.force_login(coordination_user)
    response = client.get(_url(offer.center))
    assert response.status_code == 200
    assert "Erfasst: 2 Erwachsene, 2 Kinder" in response.text
    assert '<h1 class="kern-heading-large">Teilnahme</h1>' in response.text
    assert '<form method="post" action="' + _url(offer.center) not in response.text
    assert _post(client, held(offer), adults="5", children="5").status_code == 403
    assert Attendance.objects.get().adults == 2


def test_anonymous_people_are_sent_to_sign_in(client, offer):
    response = client.get(_url(offer.center))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def _queries_of_page(client, days: int) -> tuple[int, str]:
    offer = daily_offer(days)
    _signed_in(client, offer.center)
    for occurrence in offer.occurrences.filter(start__lt=timezone.now())[: days // 2]:
        if occurrence.takes_place:
            attendance_record(occurrence=occurrence, took_place=True, adults=1, children=1, by=None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(offer.center))
    assert response.status_code == 200
    return len(queries), response.text


def test_the_page_needs_the_same_queries_for_3_and_30_dates(client):
    few, few_page = _queries_of_page(client, 3)
    many, many_page = _queries_of_page(client, 30)
    assert few_page.count('id="date-') < many_page.count('id="date-')
    assert "Erfasst: 1 Erwachsene, 1 Kinder" in many_page
    assert few == many
    assert many <= 12


def test_many_dates_are_paged(staff_client, offer):
    center = offer.center
    for _ in range(3):
        daily_offer(12, center=center)
    first = staff_client.get(_url(center)).text
    assert first.count('id="date-') == 25
    assert "?seite=2" in first
    second = staff_client.get(_url(center) + "?seite=2")
    assert second.status_code == 200 and 'id="date-' in second.text


def test_saving_on_the_second_page_goes_back_to_it(staff_client, offer):
    for _ in range(3):
        daily_offer(12, center=offer.center)
    response = _post(staff_client, held(offer), adults="2", children="1", page="2")
    assert response["Location"] == _url(offer.center) + "?seite=2"


def test_the_dashboard_links_the_page_and_shows_the_counts_of_todays_ended_dates(client):
    # A Tuesday without a holiday; the breakfast of that day has ended at noon.
    noon = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon, tick=False):
        first = noon.date() - datetime.timedelta(days=1)
        early = weekly_offer(weekdays=DAILY, start=first, today=first, title="Frühstück")
        today = early.occurrences.get(original_date=noon.date())
        _signed_in(client, early.center)
        dashboard = reverse("staff:dashboard", args=[early.center.slug])
        page = client.get(dashboard).text
        assert f'href="{_url(early.center)}"' in page
        assert f"{_url(early.center)}#date-{today.pk}" in page
        assert "Noch nicht erfasst" in page
        attendance_record(occurrence=today, took_place=True, adults=4, children=1, by=None)
        page = client.get(dashboard).text
        assert "Erfasst: 4 Erwachsene, 1 Kinder" in page
        assert f"#date-{today.pk}" in page


def test_the_check_in_of_a_past_date_writes_its_attendance(client):
    center = CenterFactory()
    offer = weekly_offer(center=center, registration="per_date", capacity=5, title="Babymassage")
    occurrence = offer.occurrences.order_by("start").first()
    came = offer_sign_up(
        offer=offer, occurrence=occurrence, name="Mia", email="mia@example.org", children=2
    )
    url = reverse("staff:registrations_date_attendance", args=[center.slug, occurrence.pk])
    with time_machine.travel(occurrence.end + datetime.timedelta(hours=2)):
        _signed_in(client, center)
        response = client.post(url, {"attended": [str(came.pk)], "walk_ins": "1"})
    assert response.status_code == 302, response.get("Location")
    stored = Attendance.objects.get(pk=occurrence.pk)
    assert (stored.adults, stored.children, stored.source) == (1 + 1, 2, "check_in")
    assert Occurrence.objects.get(pk=occurrence.pk).attendance == stored
