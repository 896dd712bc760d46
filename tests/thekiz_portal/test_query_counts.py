"""No page's number of queries may grow with the data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import places
from network.models import Sozialraum
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    OpeningHoursFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    language,
    weekly_offer,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/?plz=07743",
    "/zentren/",
    "/zentren/?plz=07743&umkreis=50&sprache=ar&barrierefrei=on",
    "/zentren/karte.json",
    "/netzwerk/",
    "/netzwerk/?plz=Jena&umkreis=50&art=beratungsstelle",
    "/netzwerk/?plz=Gera&umkreis=50&sprache=ar&art=beratungsstelle",
    "/region/",
    "/region/jena/",
    "/region/jena/lobeda/",
    "/sitemap.xml",
    "/sitemap-centers.xml",
]


def build(count: int) -> None:
    area = Sozialraum.objects.filter(slug="lobeda").first() or SozialraumFactory(
        district=district("16053"), slug="lobeda"
    )
    arabic = language("ar")
    for n in range(count):
        center = CenterFactory(sozialraum=area, step_free_access=n % 2 == 0)
        center.languages.set([arabic])
        OpeningHoursFactory(center=center)
        partner = PartnerFactory()
        partner.sozialraeume.set([area])
        partner.languages.set([arabic])
        CooperationFactory(center=center, partner=partner)


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        cache.clear()  # the sitemap is cached: count what building it takes
        places._postcode_location.cache_clear()  # and what looking up the postcode takes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_list_pages_need_as_many_queries_for_100_centres_as_for_10(client):
    build(10)
    few = query_counts(client)
    build(90)
    many = query_counts(client)
    assert many == few


def test_list_pages_stay_within_a_small_number_of_queries(client):
    build(5)
    counts = query_counts(client)
    # In a test's transaction nothing is kept: the page's narrow rows, then its cards'
    # centres in full (kept cards need neither: tests/centers/test_list_kept.py).
    assert counts["/zentren/"] <= 7
    # + the place label of the postcode and the chosen language
    assert counts["/zentren/?plz=07743&umkreis=50&sprache=ar&barrierefrei=on"] <= 9
    # + the list of languages to choose from and the partners' languages
    assert counts["/netzwerk/"] <= 6


def test_profile_pages_need_the_same_queries_with_more_partners_and_offers(client):
    center = CenterFactory(slug="kita")
    partner = PartnerFactory(slug="partner")
    CooperationFactory(center=center, partner=partner)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    before = (count("/zentren/kita/"), count("/netzwerk/partner/"))
    for n in range(10):
        CooperationFactory(center=center)
        CooperationFactory(partner=partner)
        OpeningHoursFactory(center=center)
        weekly_offer(center=center, title=f"Angebot {n}")
    assert (count("/zentren/kita/"), count("/netzwerk/partner/")) == before
