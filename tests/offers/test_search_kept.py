"""The search forms' lists of choices, kept per data version (common.data_version): the
pages are the same, read with fewer queries, and an edit shows at once.

Committed data (``transaction=True``): inside a transaction nothing is kept, as what it
read could still be rolled back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import data_version
from network.models import District
from offers.models import Category
from tests.factories import CenterFactory, SozialraumFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/angebote/",
    "/angebote/?kreis=testkreis&kategorie=eltern-cafe&wochentag=di&wochentag=mi&tageszeit=abends",
    "/angebote/?sprache=ar&sozialraum={sozialraum}&sortierung=entfernung&plz=07743",
    "/en/angebote/?kategorie=eltern-cafe",
    "/zentren/",
    "/zentren/?kreis=testkreis&sozialraum={sozialraum}",
    "/netzwerk/?kreis=testkreis",
    "/handbuch/",
]


@pytest.fixture
def sozialraum():
    Category.objects.create(name_de="Eltern-Café", name_en="Parents' café", slug="eltern-cafe")
    # Its own district: a transactional test may find the migrated ones flushed.
    testkreis = District.objects.create(
        ags="99001", name="Testkreis", slug="testkreis", kind=District.Kind.CITY
    )
    area = SozialraumFactory(district=testkreis, name="Lobeda")
    CenterFactory(sozialraum=area)
    data_version._kept.clear()
    return area


def get(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200, page
    return response.content, len(queries)


def fresh(client, page):
    """The page with nothing kept."""
    data_version._kept.clear()
    return get(client, page)


def test_kept_choices_give_the_same_pages_with_fewer_queries(client, sozialraum):
    pages = [page.format(sozialraum=sozialraum.pk) for page in PAGES]
    built = [fresh(client, page) for page in pages]
    for page in pages:  # every page's lists kept, side by side
        get(client, page)
    for page, (content, queries) in zip(pages, built, strict=True):
        kept, kept_queries = get(client, page)
        assert kept == content, page
        assert kept_queries <= queries, page
    # The offer search reads its four lists (categories, districts, Sozialräume, languages)
    # once per data version.
    assert get(client, pages[0])[1] == built[0][1] - 4


def test_an_edit_shows_on_the_next_page(client, sozialraum):
    assert b"Kita-Cafe" not in get(client, "/angebote/")[0]
    Category.objects.create(name_de="Kita-Cafe", name_en="Nursery café", slug="kita-cafe")
    assert b"Kita-Cafe" in get(client, "/angebote/")[0]
    SozialraumFactory(district=sozialraum.district, name="Winzerla")
    assert b"Winzerla" in get(client, "/angebote/")[0]
    assert b"Winzerla" in get(client, "/zentren/")[0]
