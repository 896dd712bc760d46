import re
from unittest import mock

import pytest
from django.db import DatabaseError

from tests.factories import (
    CenterFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    weekly_offer,
)

pytestmark = pytest.mark.django_db


def test_home_explains_thekiz_and_asks_where_you_live(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Wo wohnen Sie?" in response.text
    assert "Kindertagesstätte" in response.text or "Kita" in response.text
    assert 'role="search"' in response.text


def test_home_shows_the_nearest_centres_for_a_postcode(client):
    CenterFactory(name="Weit weg", postcode="99084")
    CenterFactory(name="Nah dran", postcode="07749")
    response = client.get("/", {"plz": "07743"})
    nearest = [center.name for center in response.context["nearest"]]
    assert nearest == ["Nah dran", "Weit weg"]
    assert "Zentren in der Nähe von 07743 Jena" in response.text


def test_home_with_an_unknown_place_says_so(client):
    response = client.get("/", {"plz": "Atlantis"})
    assert response.status_code == 200
    assert "Wir konnten keinen Ort „Atlantis“ finden" in response.text
    assert response.context["nearest"] == []


def test_home_from_outside_thuringia_shows_the_nearest_centres_however_far(client):
    CenterFactory(name="Weit weg", postcode="99084")
    CenterFactory(name="Nah dran", postcode="07749")
    response = client.get("/", {"plz": "04109"})
    assert [center.name for center in response.context["nearest"]] == ["Nah dran", "Weit weg"]
    assert "04109 Leipzig liegt nicht in Thüringen" in response.text
    assert "km entfernt" in response.text


def test_home_links_into_every_district(client):
    response = client.get("/")
    assert response.text.count('href="/region/') >= 22


def test_region_pages_list_centres_and_partners(client):
    area = SozialraumFactory(district=district("16053"), name="Lobeda", slug="lobeda")
    CenterFactory(name="Kita Lobeda", sozialraum=area)
    partner = PartnerFactory(name="Familienberatung Lobeda")
    partner.sozialraeume.set([area])

    index = client.get("/region/")
    assert index.status_code == 200 and "Jena" in index.text and "Wartburgkreis" in index.text

    district_page = client.get("/region/jena/")
    assert district_page.status_code == 200
    assert "Lobeda" in district_page.text and "Kita Lobeda" in district_page.text
    assert "Familienberatung Lobeda" in district_page.text

    area_page = client.get("/region/jena/lobeda/")
    assert area_page.status_code == 200
    assert "Kita Lobeda" in area_page.text and "Familienberatung Lobeda" in area_page.text


def test_the_sozialraum_page_shows_where_the_network_has_gaps(client):
    area = SozialraumFactory(district=district("16053"), slug="lobeda")
    PartnerFactory(kind="hebamme").sozialraeume.set([area])
    response = client.get("/region/jena/lobeda/")
    profile = response.context["profile"]
    kinds = {bar.label: bar.offers for bar in profile["partner_chart"].bars}
    assert kinds["Hebamme"] == 1
    assert kinds["Jugendamt"] == 0
    assert "Jugendamt" in profile["missing_partner_kinds"]
    assert "Es gibt keinen Netzwerkpartner dieser Arten:" in response.text


@pytest.mark.parametrize(
    "url", ["/region/atlantis/", "/region/jena/atlantis/", "/region/gera/lobeda/"]
)
def test_unknown_regions_are_404(client, url):
    SozialraumFactory(district=district("16053"), slug="lobeda")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutz"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/en/impressum/", "Legal notice"),
    ],
)
def test_legal_pages(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert heading in response.text


def test_the_language_switch_keeps_page_and_search(client):
    response = client.get("/zentren/", {"plz": "07743"})
    assert "next=%2Fen%2Fzentren%2F%3Fplz%3D07743" in response.text
    english = client.get("/en/zentren/", {"plz": "07743"})
    assert "next=%2Fzentren%2F%3Fplz%3D07743" in english.text
    assert 'hreflang="en"' in response.text


def test_404_is_in_the_portals_look_and_language(client):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    assert "We cannot find this page" in response.text
    assert "site-header" in response.text


def test_500_page_is_in_the_portals_look(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Entschuldigung" in html and "site-header" in html and "portal.css" in html


def test_health_reports_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_fails_when_the_database_is_unreachable(client):
    with mock.patch("thekiz_portal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_robots_txt_points_to_the_sitemap_and_keeps_bots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def sitemap_sections(client) -> list[str]:
    """The paths of the sections the sitemap index lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "<sitemapindex" in response.text
    return [
        loc.removeprefix("http://testserver")
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.text)
    ]


def test_the_sitemap_is_an_index_of_sections_below_50000_addresses_each(client, settings):
    from thekiz_portal.sitemaps import SITEMAPS

    sections = sitemap_sections(client)
    assert "/sitemap-offers.xml" in sections
    assert "/sitemap-handbook.xml" in sections
    assert all(sitemap.limit <= 50_000 for sitemap in SITEMAPS.values())


def test_a_large_section_is_split_into_pages(client, monkeypatch):
    from thekiz_portal.sitemaps import CenterSitemap

    monkeypatch.setattr(CenterSitemap, "limit", 2)
    for n in range(3):
        CenterFactory(slug=f"kita-{n}")
    sections = sitemap_sections(client)
    assert "/sitemap-centers.xml?p=3" in sections  # 3 centres in 2 languages, 2 a page
    assert client.get("/sitemap-centers.xml?p=3").text.count("<url>") == 2


def test_the_sitemap_is_built_once_and_then_served_from_the_cache(client):
    client.get("/sitemap-offers.xml")
    weekly_offer(slug="neu-im-programm")
    response = client.get("/sitemap-offers.xml")
    assert "neu-im-programm" not in response.text
    assert "max-age=3600" in response["Cache-Control"]


def test_the_sitemap_lists_public_pages_in_both_languages(client):
    center = CenterFactory(slug="kita-sonne")
    hidden = CenterFactory(slug="kita-verborgen", is_active=False)
    partner = PartnerFactory(slug="hebamme-sommer")
    offer = weekly_offer(slug="krabbelgruppe-sonne")
    draft = weekly_offer(slug="entwurf", status="draft")
    text = "".join(client.get(section).text for section in sitemap_sections(client))
    assert "http://testserver/zentren/kita-sonne/" in text
    assert "http://testserver/en/zentren/kita-sonne/" in text
    assert "http://testserver/netzwerk/hebamme-sommer/" in text
    assert "http://testserver/region/jena/" in text
    assert 'hreflang="en"' in text
    assert "http://testserver/angebote/krabbelgruppe-sonne/" in text
    assert "http://testserver/leichte-sprache/" in text
    assert "http://testserver/leichte-sprache/gebaerdensprache/" in text
    assert hidden.slug not in text and draft.slug not in text
    assert center and partner and offer


def test_an_error_is_answered_with_the_portals_500_page(client):
    client.raise_request_exception = False
    annotate = "thekiz_portal.pages.views.District.objects.annotate"
    with mock.patch(annotate, side_effect=RuntimeError):
        response = client.get("/region/")
    assert response.status_code == 500
    assert "Entschuldigung, hier ist etwas schiefgegangen" in response.text
    assert "Sorry, something went wrong" in response.text


@pytest.mark.parametrize(
    ("path", "german", "english"),
    [
        ("/", "/", "/en/"),
        ("/angebote/?alter=2", "/angebote/?alter=2", "/en/angebote/?alter=2"),
        ("/en/zentren/", "/zentren/", "/en/zentren/"),
        ("/handbuch/", "/handbuch/", "/en/handbuch/"),
    ],
)
def test_the_language_alternates_are_absolute_addresses(client, path, german, english):
    text = client.get(path).text
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', text))
    assert alternates == {"de": f"http://testserver{german}", "en": f"http://testserver{english}"}
