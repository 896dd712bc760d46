"""Content in the family's content language: fallback to German, lang/dir marks, the
choice in a cookie (and in the cache keys), the calendar file, constant query counts."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import CenterTranslation
from common.data_version import data_changed_at
from offers.models import OfferTranslation
from tests.factories import CenterFactory, weekly_offer

pytestmark = pytest.mark.django_db
COOKIE = settings.CONTENT_LANGUAGE_COOKIE_NAME


def translate(offer, code: str, title: str, summary: str = "", description: str = ""):
    return OfferTranslation.objects.create(
        master=offer,
        language_code=code,
        translated_title=title,
        translated_summary=summary,
        translated_description=description,
    )


@pytest.fixture
def offer():
    offer = weekly_offer(
        title="Elterncafé", summary="Kaffee und Gespräche.", description="Für **alle** Eltern."
    )
    translate(offer, "ar", "مقهى الأهالي", "قهوة وحديث.")
    return offer


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S)[0]


def test_without_a_choice_the_german_page_carries_no_language_marks(client, offer):
    html = client.get(offer.get_absolute_url()).text
    assert '<h1 class="kern-heading-x-large">Elterncafé</h1>' in html
    assert 'lang="ar"' not in html.split("content-language")[0]


def test_arabic_content_in_the_german_interface_is_marked_rtl(client, offer):
    client.cookies[COOKIE] = "ar"
    html = client.get(offer.get_absolute_url()).text
    assert '<html lang="de">' in html
    assert h1(html) == '<h1 class="kern-heading-x-large" lang="ar" dir="rtl">مقهى الأهالي</h1>'
    assert '<p class="kern-body profile__lead" lang="ar" dir="rtl">قهوة وحديث.</p>' in html
    # No Arabic description: the German one, unmarked (it is the page's language).
    assert '<div class="prose"><p>Für <strong>alle</strong> Eltern.</p></div>' in html
    assert "<title>مقهى الأهالي – " in html


def test_missing_texts_fall_back_to_german_marked_de_in_the_english_interface(client, offer):
    client.cookies[COOKIE] = "ar"
    html = client.get("/en" + offer.get_absolute_url()).text
    assert '<html lang="en">' in html
    assert 'lang="ar" dir="rtl">مقهى الأهالي</h1>' in h1(html)
    assert '<div class="prose" lang="de" dir="ltr"><p>Für <strong>alle</strong> Eltern.</p>' in html


def test_german_content_in_the_english_interface_is_marked_de(client, offer):
    html = client.get("/en" + offer.get_absolute_url()).text
    assert h1(html) == '<h1 class="kern-heading-x-large" lang="de" dir="ltr">Elterncafé</h1>'
    results = client.get("/en/angebote/").text
    assert '<span lang="de" dir="ltr">Elterncafé</span>' in results


def test_a_language_not_offered_for_content_shows_german(client, offer):
    client.cookies[COOKIE] = "pl"  # Polish: a language, but not a content language
    html = client.get(offer.get_absolute_url()).text
    assert '<h1 class="kern-heading-x-large">Elterncafé</h1>' in html


def test_the_search_shows_translated_titles_where_they_exist(client, offer):
    weekly_offer(title="Krabbelgruppe")
    client.cookies[COOKIE] = "ar"
    html = client.get("/angebote/").text
    assert '<span lang="ar" dir="rtl">مقهى الأهالي</span>' in html
    assert ">Krabbelgruppe</a>" in html


def test_the_centre_page_shows_the_translated_description(client):
    center = CenterFactory(description="Wir sind ein Familienzentrum.")
    CenterTranslation.objects.create(
        master=center, language_code="uk", translated_description="Ми – сімейний центр."
    )
    client.cookies[COOKIE] = "uk"
    html = client.get(center.get_absolute_url()).text
    assert '<div lang="uk" dir="ltr"><p>Ми – сімейний центр.</p></div>' in html
    del client.cookies[COOKIE]
    html = client.get("/en" + center.get_absolute_url()).text
    assert '<div lang="de" dir="ltr"><p>Wir sind ein Familienzentrum.</p></div>' in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_translated_offers(client, django_assert_max_num_queries):
    center = CenterFactory()
    for n in range(2):
        translate(weekly_offer(center=center, title=f"Angebot {n}"), "ar", f"عرض {n}")
    client.cookies[COOKIE] = "ar"
    urls = ["/angebote/", center.get_absolute_url(), f"/zentren/{center.slug}/programm/"]
    few = {url: _queries(client, url) for url in urls}
    for n in range(2, 8):
        translate(weekly_offer(center=center, title=f"Angebot {n}"), "ar", f"عرض {n}")
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            client.get(url)


def test_the_choice_is_stored_in_a_cookie_and_leads_back(client, offer):
    response = client.get("/inhaltssprache/", {"sprache": "ar", "next": "/angebote/"})
    assert response.status_code == 302 and response["Location"] == "/angebote/"
    assert response.cookies[COOKIE].value == "ar"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    refused = client.get("/inhaltssprache/", {"sprache": "xx", "next": "https://evil.example/"})
    assert refused["Location"] == "/" and COOKIE not in refused.cookies


def test_the_page_varies_on_the_cookie_and_its_etag_on_the_choice(client, offer):
    data_changed_at()  # the data version is known (an empty cache counts as "just now")
    traveller = time_machine.travel(timezone.now() + datetime.timedelta(seconds=10))
    traveller.start()
    german = client.get(offer.get_absolute_url())
    assert "Cookie" in german["Vary"]
    client.cookies[COOKIE] = "ar"
    again = client.get(offer.get_absolute_url(), HTTP_IF_NONE_MATCH=german["ETag"])
    assert again.status_code == 200 and "مقهى الأهالي" in again.text
    assert again["ETag"] != german["ETag"]
    same = client.get(offer.get_absolute_url(), HTTP_IF_NONE_MATCH=again["ETag"])
    traveller.stop()
    assert same.status_code == 304


def test_the_calendar_file_uses_the_content_language(client, offer):
    client.cookies[COOKIE] = "ar"
    response = client.get(f"/angebote/{offer.slug}/kalender.ics")
    text = response.content.decode()
    assert "SUMMARY;LANGUAGE=ar:مقهى الأهالي" in text
    assert "DESCRIPTION;LANGUAGE=ar:قهوة وحديث." in text
    assert "Cookie" in response["Vary"]
    del client.cookies[COOKIE]
    assert (
        "SUMMARY;LANGUAGE=de:Elterncafé"
        in client.get(f"/angebote/{offer.slug}/kalender.ics").content.decode()
    )
