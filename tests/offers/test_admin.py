import datetime

import pytest
from django.utils import timezone

from centers.models import Closure
from offers.models import Occurrence, Offer
from tests.factories import CenterFactory, weekly_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, coordination_user):
    client.force_login(coordination_user)
    return client


def test_saving_an_offer_with_a_schedule_materialises_its_dates(office):
    center = CenterFactory()
    start = timezone.localdate() + datetime.timedelta(days=3)
    response = office.post(
        "/admin/offers/offer/add/",
        {
            "title": "Babymassage",
            "slug": "babymassage",
            "summary": "Sanfte Berührung.",
            "description": "",
            "status": "published",
            "host": "center",
            "center": center.pk,
            "cost": "free",
            "registration": "none",
            "place": "center",
            "schedules-TOTAL_FORMS": "1",
            "schedules-INITIAL_FORMS": "0",
            "schedules-MIN_NUM_FORMS": "0",
            "schedules-MAX_NUM_FORMS": "1000",
            "schedules-0-frequency": "weekly",
            "schedules-0-start_date": start.isoformat(),
            "schedules-0-start_time": "10:00",
            "schedules-0-end_time": "11:00",
            "schedules-0-interval": "1",
            "schedules-0-weekdays": "MO,TH",
            "occurrences-TOTAL_FORMS": "0",
            "occurrences-INITIAL_FORMS": "0",
            "occurrences-MIN_NUM_FORMS": "0",
            "occurrences-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    offer = Offer.objects.get(slug="babymassage")
    assert offer.occurrences.count() >= 100  # two days a week for a year


def test_cancelling_a_date_in_the_admin_needs_a_reason(office):
    offer = weekly_offer()
    occurrence = offer.occurrences.order_by("start").first()
    url = f"/admin/offers/occurrence/{occurrence.pk}/change/"
    local_start = timezone.localtime(occurrence.start)
    local_end = timezone.localtime(occurrence.end)
    data = {
        "start_0": local_start.strftime("%d.%m.%Y"),
        "start_1": local_start.strftime("%H:%M:%S"),
        "end_0": local_end.strftime("%d.%m.%Y"),
        "end_1": local_end.strftime("%H:%M:%S"),
        "cancelled": "on",
        "cancel_reason": "",
        "note": "",
    }
    response = office.post(url, data)
    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund an" in response.text
    response = office.post(url, data | {"cancel_reason": "Krankheit"})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.cancelled and occurrence.cancel_reason == "Krankheit"


def test_a_closure_saved_in_the_admin_marks_the_dates(office):
    offer = weekly_offer(weekdays="TU")
    first = offer.occurrences.order_by("start").first()
    day = timezone.localtime(first.start).date()
    response = office.post(
        "/admin/centers/closure/add/",
        {
            "center": offer.center.pk,
            "title": "Brückentag",
            "start_date": day.strftime("%d.%m.%Y"),
            "end_date": day.strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.off_reason == Occurrence.OffReason.CLOSURE and first.why_not == "Brückentag"
    closure = Closure.objects.get()
    response = office.post(f"/admin/centers/closure/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.takes_place
