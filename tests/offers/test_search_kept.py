"""The search forms' lists of choices, kept per data version (common.data_version): the
pages are the same, read with fewer queries, and an edit shows at once.

Committed data (``transaction=True``): inside a transaction nothing is kept, as what it
read could still be rolled back."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import data_version
from offers.models import Category
from tests.committed import fetched, own_district
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
    area = SozialraumFactory(district=own_district(), name="Lobeda")
    CenterFactory(sozialraum=area)
    data_version._kept.clear()
    return area


def get(client, page):
    content, queries = fetched(client, page)
    return content.encode(), len(queries)


def fresh(client, page):
    """The page with nothing kept."""
    for store in (
        data_version._kept,
        data_version._kept_items,
        data_version._kept_ids,
        data_version._kept_fragments,
        data_version._kept_lists,
    ):
        store.clear()
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
    # once per data version (its count and page are kept for a minute: read them again).
    data_version._kept_lists.clear()
    assert get(client, pages[0])[1] == built[0][1] - 4


def test_an_edit_shows_on_the_next_page(client, sozialraum):
    assert b"Kita-Cafe" not in get(client, "/angebote/")[0]
    Category.objects.create(name_de="Kita-Cafe", name_en="Nursery café", slug="kita-cafe")
    assert b"Kita-Cafe" in get(client, "/angebote/")[0]
    SozialraumFactory(district=sozialraum.district, name="Winzerla")
    assert b"Winzerla" in get(client, "/angebote/")[0]
    assert b"Winzerla" in get(client, "/zentren/")[0]


@pytest.fixture
def dated(sozialraum):
    """A weekly offer at a centre in Jena, its dates materialised (committed)."""
    from tests.factories import weekly_offer

    center = CenterFactory(sozialraum=sozialraum, name="Kita Lobeda", postcode="07747")
    offer = weekly_offer(title="Krabbelgruppe", center=center)
    data_version._kept_items.clear()
    return offer


def rows_of(html: bytes) -> str:
    text = html.decode()
    return text[text.index('id="results-heading"') : text.index("</main>")]


def test_kept_result_rows_give_the_same_page_and_the_distance_of_each_search(client, dated):
    page = "/angebote/?plz=07743&umkreis=50&sortierung=entfernung"
    built = fresh_rows(client, page)
    kept, _ = get(client, page)
    assert rows_of(kept) == rows_of(built)
    assert data_version._kept_items  # the rows were kept …
    # … and another place's search shows the same rows with its own distance.
    jena, _ = get(client, "/angebote/?plz=07743&umkreis=50")
    gera, _ = get(client, "/angebote/?plz=07545&umkreis=100")
    distance = re.compile(rb'occurrence__distance">([^<]+)<')
    assert distance.findall(jena) and distance.findall(gera)
    assert set(distance.findall(jena)).isdisjoint(distance.findall(gera))
    assert (
        distance.findall(gera)[0]
        == distance.findall(
            fresh_rows(client, page.replace("07743", "07545").replace("=50", "=100"))
        )[0]
    )
    # Without a place, a row names no distance.
    assert not distance.search(get(client, "/angebote/")[0])


def fresh_rows(client, page):
    data_version._kept_items.clear()
    return get(client, page)[0]


def test_a_kept_row_follows_a_cancellation_and_the_language(client, dated):
    from offers.services import occurrence_cancel

    first = get(client, "/angebote/")[0]
    assert b"Krabbelgruppe" in first and b"occurrence--off" not in first
    assert b"any age" in get(client, "/en/angebote/")[0]  # English rows for English pages
    assert b"jedes Alter" in get(client, "/angebote/")[0]
    occurrence_cancel(occurrence=dated.occurrences.order_by("start").first(), reason="Krank")
    cancelled = get(client, "/angebote/")[0]
    assert b"occurrence--off" in cancelled and b"Krank" in cancelled
    assert rows_of(cancelled) == rows_of(fresh_rows(client, "/angebote/"))


def test_kept_rows_read_only_the_narrow_page(client, dated):
    page = "/angebote/?plz=07743&umkreis=50"
    get(client, page)  # the form's lists kept
    data_version._kept_items.clear()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return [query["sql"] for query in captured]

    built, kept = queries(), queries()
    full_rows = [sql for sql in built if '"offers_occurrence"."schedule_id"' in sql]
    languages = [sql for sql in built if "_prefetch_related_val_offer_id" in sql]
    assert len(full_rows) == len(languages) == 1  # rows written: read in full, once
    assert not set(full_rows + languages) & set(kept)
    assert len(kept) <= len(built) - 2


def test_the_offers_a_search_s_filters_allow_are_read_once_per_data_version(client, dated):
    """Near a place, with offer filters: the ids of the offers allowed are kept, for every
    period and page of that search, until the data change."""
    data_version._kept_ids.clear()

    def ids_queries(page):
        _, queries = fetched(client, page)
        return [sql for sql in queries if " UNION " in sql and 'FROM "offers_offer"' in sql]

    near = "/angebote/?plz=07743&umkreis=50&kostenfrei=on"
    assert ids_queries(near)  # read …
    assert not ids_queries(near + "&zeitraum=alle")  # … once, whatever the period
    assert data_version._kept_ids
    # A new offer nearby shows at once.
    from tests.factories import weekly_offer

    weekly_offer(title="Spielgruppe Winzerla", center=dated.center)
    assert ids_queries(near)
    assert "Spielgruppe Winzerla" in fetched(client, near)[0]


def test_a_search_form_is_kept_for_its_values_and_an_erroneous_one_is_not(client, sozialraum):
    data_version._kept_fragments.clear()
    page = "/angebote/?kreis=testkreis&wochentag=di"
    built = fresh(client, page)[0].decode()
    assert get(client, page)[0].decode() == built
    assert len(data_version._kept_fragments) == 1
    # The next page of the same search shows the same form, kept.
    assert get(client, page + "&seite=2")[0].decode().count('name="wochentag"') == 7
    assert len(data_version._kept_fragments) == 1
    # Other values: another form; a form with an error: rendered, not kept.
    other = get(client, "/angebote/?kreis=testkreis&wochentag=mi")[0].decode()
    assert re.search(r'value="mi"[^>]*checked', other)
    assert len(data_version._kept_fragments) == 2
    wrong = get(client, "/angebote/?alter=abc")[0].decode()
    assert "kern-form-input--error" in wrong
    assert len(data_version._kept_fragments) == 2
