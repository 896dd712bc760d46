"""The centre search's cards kept per data version (``centers.rendering.kept_center_items``):
the same page, each search with its own distances, an edit at once, and the cards' own
queries only for cards not kept yet.

Committed data (``transaction=True``): inside a transaction nothing is kept."""

import re

import pytest

from common import data_version
from tests.committed import counts, fetched, own_district
from tests.factories import CenterFactory, SozialraumFactory

pytestmark = pytest.mark.django_db(transaction=True)

DISTANCE = re.compile(r'result-card__distance">([^<]+)<')


@pytest.fixture
def centers():
    area = SozialraumFactory(district=own_district())
    found = [
        CenterFactory(sozialraum=area, name="Kita Lobeda", postcode="07747"),
        CenterFactory(sozialraum=area, name="Kita Gera-Lusan", postcode="07549"),
    ]
    data_version._kept_items.clear()
    return found


def get(client, page):
    text, queries = fetched(client, page)
    return text[text.index('id="results-heading"') : text.index("</main>")], queries


def fresh(client, page):
    data_version._kept_items.clear()
    return get(client, page)[0]


def test_kept_cards_give_the_same_page_with_each_search_s_own_distance(client, centers):
    jena = "/zentren/?plz=07743&umkreis=50"
    built = fresh(client, jena)
    assert get(client, jena)[0] == built
    gera, _ = get(client, "/zentren/?plz=07545&umkreis=50")
    assert gera == fresh(client, "/zentren/?plz=07545&umkreis=50")
    assert DISTANCE.findall(built) and DISTANCE.findall(gera)
    assert DISTANCE.findall(built) != DISTANCE.findall(gera)
    assert "Kita Lobeda" in built and "Kita Gera-Lusan" in built
    # Without a place, a card names no distance; in English, the cards are English.
    plain, _ = get(client, "/zentren/")
    assert "Kita Lobeda" in plain and not DISTANCE.search(plain)
    assert "km away" in get(client, "/en/zentren/?plz=07743&umkreis=50")[0]
    assert "km entfernt" in get(client, jena)[0]


def test_an_edit_shows_on_the_next_page(client, centers):
    page = "/zentren/?plz=07743&umkreis=50"
    get(client, page)
    lobeda = centers[0]
    lobeda.name = "Kita Lobeda-Ost"
    lobeda.save()
    assert "Kita Lobeda-Ost" in get(client, page)[0]


def test_kept_cards_read_only_the_narrow_page(client, centers):
    page = "/zentren/?plz=07743&umkreis=50"
    get(client, page)  # the form's lists kept
    data_version._kept_items.clear()
    _, built = get(client, page)
    _, kept = get(client, page)
    languages = [sql for sql in built if "centers_center_languages" in sql]
    assert len(languages) == 1  # cards written: their languages read, once
    assert not set(languages) & set(kept)
    assert len(kept) == len(built) - 2  # nor the centres in full


def test_a_search_asked_again_reads_neither_its_count_nor_its_page(client, centers):
    """Centres have no dates: a search's count and page, with the radius chosen for it,
    hold until the data change (``common.pagination.paginate_kept``)."""
    page = "/zentren/?plz=07743"  # no distance given: the smallest with results is chosen
    get(client, page)  # the form's lists and the cards kept
    data_version._kept_lists.clear()
    built, built_queries = get(client, page)
    kept, kept_queries = get(client, page)
    assert kept == built
    assert "1 Zentrum innerhalb von 10 km um 07743" in built  # the radius decided, kept
    assert counts(built_queries) and not counts(kept_queries)
    assert len(kept_queries) <= len(built_queries) - 2
    # A new centre nearby counts at once.
    CenterFactory(sozialraum=centers[0].sozialraum, name="Kita Winzerla", postcode="07745")
    again, _ = get(client, page)
    assert "2 Zentren innerhalb von 10 km" in again and "Kita Winzerla" in again


def test_what_is_not_a_field_of_the_search_does_not_count(client, centers):
    """A campaign's parameters in the address: the same search, kept once."""
    page = "/zentren/?plz=07743&umkreis=50"
    text, queries = get(client, page)
    assert counts(queries)
    tagged, tagged_queries = get(client, page + "&utm_source=flyer")
    assert tagged == text
    assert not counts(tagged_queries)
