import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offers.models import Offer
from offers.services import occurrence_cancel, occurrence_move
from tests.factories import CenterFactory, PartnerFactory, weekly_offer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def offer():
    center = CenterFactory(name="Kita Sonnenschein", phone="03641 012345")
    offer = weekly_offer(
        title="Krabbelgruppe",
        center=center,
        weekdays="TU",
        summary="Spielen und krabbeln.",
        description="Wir **singen** und spielen.\n\n- Decke mitbringen\n- Hausschuhe",
        age_min_months=6,
        age_max_months=24,
        cost=Offer.Cost.DONATION,
        partner=PartnerFactory(name="Hebamme Sommer"),
        childcare=True,
    )
    weekly_offer(title="Eltern-Café", center=center, weekdays="WE")
    return offer


def test_the_offer_page_shows_everything_a_family_needs(client, offer):
    first, second = offer.occurrences.order_by("start")[:2]
    occurrence_cancel(occurrence=second, reason="Fortbildung des Teams")
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and "Krabbelgruppe" in text
    assert "<strong>singen</strong>" in text and "<li>Decke mitbringen</li>" in text
    assert "jeden Dienstag, 9:30–11:00 Uhr" in text
    assert "fällt aus" in text and "Fortbildung des Teams" in text
    assert timezone.localtime(first.start).strftime("%-d.") in text
    assert "6 Monate bis 2 Jahre" in text
    assert "gegen Spende" in text and "einfach vorbeikommen" in text
    assert "Mit Kinderbetreuung" in text
    assert "Kita Sonnenschein" in text and "Hebamme Sommer" in text
    assert "openstreetmap.org/?mlat=" in text
    assert 'href="tel:+493641012345"' in text
    assert f"/angebote/{offer.slug}/kalender.ics" in text
    assert "Eltern-Café" in text  # more at the same centre


def test_the_offer_page_says_when_it_was_checked_how_to_get_there_and_offers_each_date(
    client, offer
):
    Offer.objects.filter(pk=offer.pk).update(last_reviewed=datetime.date(2026, 10, 1))
    center = offer.center
    center.nearest_stop = "Schlegelsplatz (Bus 15)"
    center.save()
    text = client.get(offer.get_absolute_url()).text
    assert 'Zuletzt geprüft am <time datetime="2026-10-01">1. Oktober 2026</time>' in text
    assert "Nächste Haltestelle: Schlegelsplatz (Bus 15)" in text
    assert (
        'href="https://www.openstreetmap.org/directions?to='
        f"{float(center.latitude)}%2C{float(center.longitude)}" in text
    )
    shown = offer.occurrences.order_by("start")[:12]
    for occurrence in shown:
        assert f"/angebote/{offer.slug}/termine/{occurrence.pk}/kalender.ics" in text
    assert text.count(">In den Kalender<span") == len(shown)


def test_an_offer_elsewhere_has_no_stop_of_the_centre(client, offer):
    offer.center.nearest_stop = "Bus 15"
    offer.center.save()
    Offer.objects.filter(pk=offer.pk).update(
        place=Offer.PlaceKind.ADDRESS,
        place_name="Stadtbibliothek",
        postcode="07743",
        latitude="50.930000",
        longitude="11.590000",
    )
    text = client.get(offer.get_absolute_url()).text
    assert "Bus 15" not in text
    assert "openstreetmap.org/directions?to=50.93%2C11.59" in text


def test_a_moved_date_says_so(client, offer):
    occurrence = offer.occurrences.order_by("start")[1]
    day = timezone.localtime(occurrence.start).date() + datetime.timedelta(days=1)
    occurrence_move(
        occurrence=occurrence,
        day=day,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
    )
    text = client.get(offer.get_absolute_url()).text
    assert "verschoben" in text and "statt am" in text


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.ARCHIVED])
def test_unpublished_offers_are_404(client, status):
    offer = weekly_offer(status=status)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_offers_of_an_inactive_centre_are_404(client):
    offer = weekly_offer(center=CenterFactory(is_active=False))
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert client.get("/angebote/").context["page_obj"].paginator.count == 0


def test_an_offer_of_the_coordination_office(client):
    from network.geo import coordinate, postcode_point

    point = postcode_point("99084")
    offer = weekly_offer(
        center=None,
        host=Offer.Host.COORDINATION_OFFICE,
        title="Fachtag",
        place=Offer.PlaceKind.ADDRESS,
        place_name="Tagungshaus",
        street="Petersberg 7",
        postcode="99084",
        city="Erfurt",
        latitude=coordinate(point.latitude),
        longitude=coordinate(point.longitude),
    )
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    assert "Tagungshaus" in response.text and "Landeskoordinations- und Fachstelle" in response.text
    near = client.get("/angebote/", {"plz": "99084", "umkreis": "5"})
    assert "Fachtag" in near.text


def test_markdown_never_lets_script_or_javascript_links_through(client):
    offer = weekly_offer(
        description=(
            "# Überschrift\n\n<script>alert('x')</script>\n\n"
            "[Klick](javascript:alert(1)) [gut](https://example.org) <img src=x onerror=alert(1)>"
        )
    )
    text = client.get(offer.get_absolute_url()).text
    assert "<script>alert" not in text
    assert "javascript:" not in text
    assert "onerror" not in text
    assert "<h3>Überschrift</h3>" in text  # never a second h1
    assert 'href="https://example.org" rel="noopener noreferrer nofollow"' in text


def test_the_offer_page_needs_the_same_queries_with_more_dates(client, offer):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(offer.get_absolute_url())
        return len(queries)

    before = count()
    offer.schedules.create(
        frequency="weekly",
        weekdays="FR",
        start_date=TODAY,
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    from offers.services import offer_occurrences_sync

    offer_occurrences_sync(offer)
    assert count() == before


def test_the_centre_page_shows_the_next_seven_days_and_its_offers(client, offer):
    response = client.get(offer.center.get_absolute_url())
    assert response.status_code == 200
    assert "Die nächsten sieben Tage" in response.text
    assert "Krabbelgruppe" in response.text and "Eltern-Café" in response.text
    assert f"/zentren/{offer.center.slug}/programm/" in response.text
    assert f"webcal://testserver/zentren/{offer.center.slug}/kalender.ics" in response.text


def test_the_week_programme_and_its_navigation(client, offer):
    first = timezone.localtime(offer.occurrences.order_by("start").first().start).date()
    week = first.strftime("%G-W%V")
    response = client.get(f"/zentren/{offer.center.slug}/programm/", {"woche": week})
    assert response.status_code == 200
    assert "Krabbelgruppe" in response.text and "Eltern-Café" in response.text
    monday = first - datetime.timedelta(days=first.weekday())
    previous = (monday - datetime.timedelta(days=7)).strftime("%G-W%V")
    assert f"?woche={previous}" in response.text
    assert "An diesem Tag gibt es keine Angebote" in response.text  # e.g. Sunday


@pytest.mark.parametrize("week", ["", "gestern", "2027-W99", "0-W1", "2027-W0"])
def test_a_bad_week_shows_this_week(client, offer, week):
    response = client.get(f"/zentren/{offer.center.slug}/programm/", {"woche": week})
    assert response.status_code == 200
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    assert response.context["monday"] == monday


def test_the_print_version_is_one_plain_page(client, offer):
    first = timezone.localtime(offer.occurrences.order_by("start").first().start).date()
    response = client.get(
        f"/zentren/{offer.center.slug}/programm/drucken/", {"woche": first.strftime("%G-W%V")}
    )
    assert response.status_code == 200
    text = response.text
    assert "print-sheet" in text and "site-nav" not in text
    assert "Krabbelgruppe" in text and "09:30–11:00" in text
    assert "print.js" in text  # the print button, no inline script
    assert "Kita Sonnenschein" in text


def test_programme_pages_of_unknown_centres_are_404(client):
    for url in [
        "/zentren/niemand/programm/",
        "/zentren/niemand/programm/drucken/",
        "/zentren/niemand/kalender.ics",
    ]:
        assert client.get(url).status_code == 404


def _noon(day: datetime.date) -> datetime.datetime:
    """Noon of ``day`` in Berlin, to travel to (the print view's default depends on it)."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def _next(weekday: int) -> datetime.date:
    """The next day with ``weekday`` (0 = Monday) from today on."""
    return TODAY + datetime.timedelta(days=(weekday - TODAY.weekday()) % 7)


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "9999-W53", "2200-W01", "1900-W01"])
def test_a_week_out_of_range_shows_this_week_and_says_so(client, offer, week):
    wednesday = _next(2)
    with time_machine.travel(_noon(wednesday), tick=False):
        for url in (
            f"/zentren/{offer.center.slug}/programm/",
            f"/zentren/{offer.center.slug}/programm/drucken/",
        ):
            response = client.get(url, {"woche": week})
            assert response.status_code == 200
            assert response.context["monday"] == wednesday - datetime.timedelta(days=2)
            assert "Diese Woche können wir nicht zeigen" in response.text


@pytest.mark.parametrize("weekday", [5, 6])
def test_on_a_weekend_the_print_view_shows_the_coming_week(client, offer, weekday):
    day = _next(weekday)
    this_monday = day - datetime.timedelta(days=weekday)
    coming_monday = this_monday + datetime.timedelta(days=7)
    center = offer.center.slug
    with time_machine.travel(_noon(day), tick=False):
        printed = client.get(f"/zentren/{center}/programm/drucken/")
        on_screen = client.get(f"/zentren/{center}/programm/")
        chosen = client.get(
            f"/zentren/{center}/programm/drucken/", {"woche": this_monday.strftime("%G-W%V")}
        )
        bad = client.get(f"/zentren/{center}/programm/drucken/", {"woche": "gestern"})
    assert printed.context["monday"] == coming_monday
    assert f"Programm vom {coming_monday.day}. " in printed.text
    # The screen shows the current week (its days are still ahead); a chosen week wins.
    assert on_screen.context["monday"] == this_monday
    assert chosen.context["monday"] == this_monday
    assert bad.context["monday"] == coming_monday


def test_on_a_friday_the_print_view_shows_this_week(client, offer):
    friday = _next(4)
    with time_machine.travel(_noon(friday), tick=False):
        response = client.get(f"/zentren/{offer.center.slug}/programm/drucken/")
    assert response.context["monday"] == friday - datetime.timedelta(days=4)


def test_the_week_navigation_ends_where_the_programme_ends(client, offer):
    last = TODAY + datetime.timedelta(days=365)
    response = client.get(
        f"/zentren/{offer.center.slug}/programm/", {"woche": last.strftime("%G-W%V")}
    )
    assert response.context["monday"] == last - datetime.timedelta(days=last.weekday())
    assert 'rel="next"' not in response.text and 'rel="prev"' in response.text
    assert "Diese Woche können wir nicht zeigen" not in response.text
