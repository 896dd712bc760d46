"""The interface language: English for browsers that prefer it, from the first page on,
without breaking caches (Vary) or crawlers; the language switch's choice wins. English
pages write dates as in Britain."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from common import dates
from tests.factories import CenterFactory, weekly_offer

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,de;q=0.5"}
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def vary(response) -> set[str]:
    return {part.strip() for part in response.get("Vary", "").split(",")}


def test_a_browser_preferring_english_is_sent_to_the_english_page(client):
    response = client.get("/angebote/?plz=07743", **ENGLISH)
    assert response.status_code == 302
    assert response["Location"] == "/en/angebote/?plz=07743"
    assert {"Accept-Language", "Cookie"} <= vary(response)
    assert "public" not in response.get("Cache-Control", "")


def test_a_browser_preferring_german_gets_the_german_page_which_varies(client):
    response = client.get("/angebote/", **GERMAN)
    assert response.status_code == 200 and '<html lang="de">' in response.text
    assert {"Accept-Language", "Cookie"} <= vary(response)


def test_crawlers_without_accept_language_get_german_with_alternates(client):
    response = client.get("/angebote/")
    assert response.status_code == 200
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/angebote/">' in (
        response.text
    )


def test_an_english_address_stays_english_whatever_the_browser_prefers(client):
    response = client.get("/en/angebote/", **GERMAN)
    assert response.status_code == 200 and '<html lang="en">' in response.text


def test_the_language_switch_wins_over_accept_language(client):
    switch = client.get("/en/sprache/", {"sprache": "de", "next": "/angebote/"}, **ENGLISH)
    assert switch.status_code == 302 and switch["Location"] == "/angebote/"
    assert switch.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    response = client.get("/angebote/", **ENGLISH)
    assert response.status_code == 200 and '<html lang="de">' in response.text
    # And the other way round: chosen English sends German addresses to English ones.
    client.get("/sprache/", {"sprache": "en", "next": "/en/"}, **GERMAN)
    assert client.get("/zentren/", **GERMAN)["Location"] == "/en/zentren/"


def test_the_switch_refuses_other_hosts_and_languages(client):
    response = client.get("/sprache/", {"sprache": "fr", "next": "//evil.example/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_posts_and_the_admin_are_not_redirected(client):
    assert not client.get("/admin/", **ENGLISH).get("Location", "").startswith("/en/")
    assert client.post("/angebote/", **ENGLISH).status_code == 405


DAY = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("style", "english", "german"),
    [
        ("long", "Thursday 3 December 2026", "Donnerstag, 3. Dezember 2026"),
        ("weekday", "Thursday 3 December", "Donnerstag, 3. Dezember"),
        ("medium", "Thu 3 December 2026", "Do, 3. Dezember 2026"),
        ("short", "Thu 3 Dec", "Do, 3. Dez"),
        ("day_month", "3 December", "3. Dezember"),
        ("date", "3 December 2026", "3. Dezember 2026"),
        ("numeric", "3/12", "3. 12."),
    ],
)
def test_days_are_written_the_british_way_in_english(style, english, german):
    with translation.override("en"):
        assert dates.day(DAY, style) == english
    with translation.override("de"):
        assert dates.day(DAY, style) == german


def test_english_pages_and_the_print_view_use_english_dates(client):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0), tick=False):
        center = CenterFactory(slug="sonnenschein")
        offer = weekly_offer(center=center, weekdays="TH", start=DAY)
        page = client.get(f"/en/angebote/{offer.slug}/").text
        assert "Thu 3 December 2026" in page
        search = client.get("/en/angebote/").text
        assert "Thursday 3 December 2026" in search
        printed = client.get("/en/zentren/sonnenschein/programm/drucken/").text
        assert "Programme from 30 November to 6 December 2026" in printed
        assert "3/12" in printed
        german = client.get("/zentren/sonnenschein/programm/drucken/").text
        assert "30. November" in german and "3. 12." in german
