"""An offer's page kept per data version (``common.data_version.kept_page``): the same
page from one query, and what changes shows on the next request: an edit, a cancelled
date, a date that has ended, a new day. Free places are never kept.

Committed data (``transaction=True``): inside a transaction nothing is kept, as what it
read could still be rolled back."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from common import data_version
from network.models import Language
from offers.models import Offer, OfferTranslation
from offers.services import occurrence_cancel, offer_sign_up
from tests.committed import fetched, own_district
from tests.factories import CenterFactory, SozialraumFactory, UserFactory, weekly_offer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def center():
    data_version._kept_pages.clear()
    return CenterFactory(sozialraum=SozialraumFactory(district=own_district()))


@pytest.fixture
def offer(center) -> Offer:
    offer = weekly_offer(title="Krabbelgruppe", summary="Spielen und Singen", center=center)
    data_version._kept_pages.clear()
    return offer


def get(client, page):
    content, queries = fetched(client, page)
    return content, len(queries)


def fresh(client, page):
    """The page with nothing kept."""
    data_version._kept_pages.clear()
    return get(client, page)


def test_a_kept_offer_page_is_the_same_page_without_the_page_queries(client, offer):
    page = offer.get_absolute_url()
    built, built_queries = fresh(client, page)
    kept, kept_queries = get(client, page)
    assert kept == built
    assert "Krabbelgruppe" in kept and "date-list__item" in kept
    # Only the data version is read (one query with the database cache, none with Redis).
    assert kept_queries <= 1 < built_queries
    response = client.get(page)  # an offer without sign-ups: public, with validators
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    # The layout around it is still rendered for each request.
    client.force_login(UserFactory())
    signed_in, _ = get(client, page)
    assert "Abmelden" in signed_in and "Abmelden" not in kept
    assert main_of(signed_in) == main_of(kept)


def main_of(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


def test_an_edit_and_a_cancelled_date_show_on_the_next_request(client, offer):
    page = offer.get_absolute_url()
    get(client, page)
    occurrence_cancel(occurrence=offer.occurrences.order_by("start").first(), reason="Krank")
    cancelled, _ = get(client, page)
    assert "Krank" in cancelled and "date-list__item--off" in cancelled
    offer.summary = "Jetzt mit Fingerspielen"
    offer.save()
    assert "Jetzt mit Fingerspielen" in get(client, page)[0]
    assert get(client, page)[0] == fresh(client, page)[0]


def test_the_page_is_built_again_when_its_first_date_ends_or_the_day_changes(client, offer):
    page = offer.get_absolute_url()
    get(client, page)
    (until,) = [value.until for _, value in data_version._kept_pages.values()]
    first = offer.occurrences.order_by("start").first()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert until == min(first.end, midnight).timestamp()
    assert get(client, page)[1] <= 1  # kept until then …
    with mock.patch("common.data_version.time.time", return_value=until):
        assert get(client, page)[1] > 1  # … and built again from then on


def test_an_offer_that_takes_sign_ups_shows_its_free_places_as_they_are(client, center):
    course = weekly_offer(title="Elternkurs", registration="course", capacity=3, center=center)
    page = course.get_absolute_url()
    assert "3 Plätze frei" in get(client, page)[0]
    offer_sign_up(offer=course, occurrence=None, name="Anna", email="anna@example.org")
    assert "2 Plätze frei" in get(client, page)[0]
    assert not data_version._kept_pages  # never kept
    # … nor by a proxy, a browser or the page cache: sign-ups move no data version.
    response = client.get(page)
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_languages_do_not_mix(client, offer):
    Language.objects.get_or_create(
        code="uk",
        defaults={"name_de": "Ukrainisch", "name_en": "Ukrainian", "content_language": True},
    )
    OfferTranslation.objects.create(
        master=offer, language_code="uk", translated_title="Група для малюків"
    )
    page = offer.get_absolute_url()  # (the test's thread keeps the last page's language)
    german, _ = get(client, page)
    english, _ = get(client, "/en" + page)
    assert "Die nächsten Termine" in german and "Next dates" in english
    client.cookies[settings.CONTENT_LANGUAGE_COOKIE_NAME] = "uk"
    chosen, _ = get(client, page)
    assert "Група для малюків" in chosen and "Група для малюків" not in german
    assert get(client, page)[0] == chosen
    del client.cookies[settings.CONTENT_LANGUAGE_COOKIE_NAME]
    assert get(client, page)[0] == german


def test_an_address_with_a_query_string_is_rendered_and_not_kept(client, offer):
    page = offer.get_absolute_url() + "?utm_source=flyer"
    content, queries = get(client, page)
    assert "Krabbelgruppe" in content and queries > 1
    assert not data_version._kept_pages
    assert get(client, page)[1] == queries
    assert get(client, offer.get_absolute_url() + "?unbekannt")[0]


def test_an_unknown_or_unpublished_offer_is_a_404_and_nothing_is_kept(client, offer):
    assert client.get("/angebote/gibt-es-nicht/").status_code == 404
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DRAFT)
    data_version.data_changed_at()  # (an update sends no signal; the page was not kept)
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert not data_version._kept_pages
