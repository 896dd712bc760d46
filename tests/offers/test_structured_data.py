"""The offer page's schema.org Event data (JSON-LD), checked against Google's event
structured-data guidelines: the required fields, the recommended ones, cancelled and moved
dates."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offers.models import Offer
from offers.services import occurrence_cancel, occurrence_move
from offers.structured_data import MAX_EVENTS
from tests.factories import CenterFactory, PartnerFactory, language, weekly_offer

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# ISO 8601 with the offset, as Google asks for ("2026-12-08T09:30:00+01:00").
WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def events_of(client, offer) -> list[dict]:
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    (block,) = JSON_LD.findall(response.text)
    data = json.loads(block)
    assert isinstance(data, list)
    return data


def assert_google_event(event: dict) -> None:
    """Google's required and recommended Event properties, with their types."""
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    # Required.
    assert event["name"]
    assert WITH_OFFSET.match(event["startDate"]), event["startDate"]
    location = event["location"]
    if location["@type"] == "VirtualLocation":
        assert location["url"].startswith("https://")
    else:
        assert location["@type"] == "Place" and location["name"]
        address = location["address"]
        assert address["@type"] == "PostalAddress"
        assert {"streetAddress", "postalCode", "addressLocality", "addressCountry"} <= set(address)
    # Recommended.
    assert event["description"]
    assert WITH_OFFSET.match(event["endDate"]) and event["endDate"] > event["startDate"]
    assert event["eventStatus"] in {
        f"{SCHEMA}EventScheduled",
        f"{SCHEMA}EventCancelled",
        f"{SCHEMA}EventRescheduled",
    }
    assert event["eventAttendanceMode"] in {
        f"{SCHEMA}OfflineEventAttendanceMode",
        f"{SCHEMA}OnlineEventAttendanceMode",
    }
    offers = event["offers"]
    assert offers["@type"] == "Offer" and offers["priceCurrency"] == "EUR"
    assert re.match(r"^\d+(\.\d{2})?$", offers["price"])
    assert offers["availability"].startswith(SCHEMA) and offers["url"].startswith("http")
    assert WITH_OFFSET.match(offers["validFrom"])
    organizer = event["organizer"]
    assert organizer["@type"] == "Organization" and organizer["name"]
    assert organizer["url"].startswith("http")
    assert event["inLanguage"]


@pytest.fixture
def offer():
    center = CenterFactory(
        name="Kita Sonnenschein",
        street="Karl-Marx-Allee 5",
        postcode="07747",
        city="Jena",
        latitude=Decimal("50.880000"),
        longitude=Decimal("11.600000"),
    )
    offer = weekly_offer(
        title="Krabbelgruppe",
        summary="Spielen und krabbeln.",
        center=center,
        weekdays="TU",
        partner=PartnerFactory(name="Hebamme Sommer"),
    )
    offer.languages.set([language("de"), language("ar")])
    return offer


def test_every_upcoming_date_is_an_event_with_what_google_requires(client, offer):
    events = events_of(client, offer)
    dates = list(offer.occurrences.order_by("start")[:MAX_EVENTS])
    assert len(events) == MAX_EVENTS
    for event, occurrence in zip(events, dates, strict=True):
        assert_google_event(event)
        assert event["startDate"] == timezone.localtime(occurrence.start).isoformat()
        assert event["endDate"] == timezone.localtime(occurrence.end).isoformat()
        assert event["eventStatus"] == f"{SCHEMA}EventScheduled"
    event = events[0]
    assert event["name"] == "Krabbelgruppe"
    assert event["description"] == "Spielen und krabbeln."
    assert event["url"] == f"http://testserver/angebote/{offer.slug}/"
    assert event["location"]["name"] == "Kita Sonnenschein"
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Karl-Marx-Allee 5",
        "postalCode": "07747",
        "addressLocality": "Jena",
        "addressRegion": "Thüringen",
        "addressCountry": "DE",
    }
    assert event["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 50.88,
        "longitude": 11.6,
    }
    assert event["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"
    assert event["organizer"]["name"] == "Kita Sonnenschein"
    assert event["organizer"]["url"] == "http://testserver" + offer.center.get_absolute_url()
    assert event["performer"]["name"] == "Hebamme Sommer"
    assert event["offers"]["price"] == "0" and event["isAccessibleForFree"] is True
    assert sorted(event["inLanguage"]) == ["ar", "de"]
    assert "image" not in event  # no image, no empty one


def test_cancelled_and_moved_dates_say_so(client, offer):
    _first, second, third = offer.occurrences.order_by("start")[:3]
    occurrence_cancel(occurrence=second, reason="Fortbildung")
    planned = timezone.localtime(third.start)
    occurrence_move(
        occurrence=third,
        day=planned.date() + datetime.timedelta(days=1),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
    )
    third.refresh_from_db()

    events = events_of(client, offer)

    by_start = {event["startDate"]: event for event in events}
    cancelled = by_start[timezone.localtime(second.start).isoformat()]
    assert cancelled["eventStatus"] == f"{SCHEMA}EventCancelled"
    moved = by_start[timezone.localtime(third.start).isoformat()]
    assert moved["eventStatus"] == f"{SCHEMA}EventRescheduled"
    assert moved["previousStartDate"] == planned.isoformat()
    assert moved["startDate"].endswith("T15:00:00+01:00") or moved["startDate"].endswith(
        "T15:00:00+02:00"
    )
    for event in events:
        assert_google_event(event)


def test_a_fee_an_image_free_of_charge_and_online(client):
    paid = weekly_offer(cost=Offer.Cost.AMOUNT, cost_amount=Decimal("4.5"))
    (event, *_) = events_of(client, paid)
    assert event["offers"]["price"] == "4.50" and event["isAccessibleForFree"] is False
    assert event["inLanguage"] == "de"  # no language given: the portal's

    online = weekly_offer(place=Offer.PlaceKind.ONLINE, online_url="https://meet.example/x")
    (event, *_) = events_of(client, online)
    assert_google_event(event)
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/x"}
    assert event["eventAttendanceMode"] == f"{SCHEMA}OnlineEventAttendanceMode"


def test_the_data_cannot_end_its_script_element(client, offer):
    Offer.objects.filter(pk=offer.pk).update(
        title="</script><script>alert(1)</script>", summary="a & b <b>"
    )
    response = client.get(offer.get_absolute_url())
    (block,) = JSON_LD.findall(response.text)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)[0]["name"] == "</script><script>alert(1)</script>"


def test_an_offer_without_upcoming_dates_has_no_event_data(client, offer):
    offer.occurrences.all().delete()
    assert not JSON_LD.findall(client.get(offer.get_absolute_url()).text)


def test_the_event_data_needs_no_query_per_date(client, offer, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries:
        assert len(events_of(client, offer)) == MAX_EVENTS
    busy = weekly_offer(weekdays="MO,TU,WE,TH,FR", center=offer.center)
    busy.languages.set([language("de"), language("uk"), language("ar")])
    with django_assert_max_num_queries(len(queries)):
        assert len(events_of(client, busy)) == MAX_EVENTS
