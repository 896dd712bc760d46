"""The offer search's count and page kept per data version for the rest of the minute
(``common.pagination.paginate_kept``): a search asked again reads neither, shows the same,
and follows an edit at once and a date that ends from the next minute on.

Committed data (``transaction=True``): inside a transaction nothing is kept. The clock
stands still (``tick=False``) and is moved by hand; the data version is a point in time,
so an edit is made a few seconds after the search it must change."""

import datetime
import re
import zoneinfo

import pytest
import time_machine

from common import data_version
from tests.committed import counts, fetched, own_district
from tests.factories import CenterFactory, SozialraumFactory, weekly_offer

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# A Tuesday, shortly before the end of the offer's date of that day (9:30 to 11:00).
TUESDAY = datetime.datetime(2026, 12, 8, 10, 59, 10, tzinfo=BERLIN)
COUNT = re.compile(r'id="results-heading">\s*(\d+) Termin')
STORES = (
    data_version._kept,
    data_version._kept_items,
    data_version._kept_ids,
    data_version._kept_fragments,
    data_version._kept_lists,
)
SEARCHES = ["/angebote/", "/angebote/?plz=07743&umkreis=50&sortierung=entfernung"]


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def offer(clock):
    center = CenterFactory(sozialraum=SozialraumFactory(district=own_district()), postcode="07747")
    found = weekly_offer(
        title="Krabbelgruppe", center=center, start=TUESDAY.date(), today=TUESDAY.date()
    )
    clock.shift(5)  # after the data version those writes recorded
    # The clock stood at the same time in earlier tests: so did their data versions.
    for store in STORES:
        store.clear()
    yield found
    for store in STORES:  # nor is what this test kept found by a later one
        store.clear()


def counted(client, page) -> tuple[int, str, list[str]]:
    text, queries = fetched(client, page)
    return int(COUNT.search(text)[1]), text[text.index('id="results-heading"') :], queries


@pytest.mark.parametrize("page", SEARCHES)
def test_a_search_asked_again_reads_neither_its_count_nor_its_page(client, offer, page):
    counted(client, page)  # the form's lists and the rows kept
    data_version._kept_lists.clear()
    dates, built, built_queries = counted(client, page)
    assert dates == 4  # this Tuesday's and the next three (four weeks)
    again, kept, kept_queries = counted(client, page)
    assert (again, kept) == (dates, built)
    assert counts(built_queries) and not counts(kept_queries)
    assert len(kept_queries) == len(built_queries) - 2


def test_a_page_number_is_kept_as_the_list_reads_it(client, offer):
    """Page numbers "1", "01" and "abc" all show the first page: one entry, read once."""
    assert counts(fetched(client, "/angebote/?seite=1")[1])
    for asked in ("01", "abc", "1"):
        assert not counts(fetched(client, f"/angebote/?seite={asked}")[1]), asked
    # Below one, the last page (here the only one): an entry of its own.
    assert counts(fetched(client, "/angebote/?seite=0")[1])
    assert not counts(fetched(client, "/angebote/?seite=-3")[1])


def test_a_date_that_ends_leaves_the_list_from_the_next_minute_on(client, offer, clock):
    page = SEARCHES[0]
    assert counted(client, page)[0] == 4
    clock.shift(40)  # 10:59:55, the same minute: kept, the date has not ended yet
    dates, _, queries = counted(client, page)
    assert dates == 4 and not counts(queries)
    clock.shift(10)  # 11:00:05: the date ended at 11:00, the list is read again
    dates, _, queries = counted(client, page)
    assert dates == 3 and counts(queries)


def test_an_edit_shows_at_once(client, offer, clock):
    page = SEARCHES[1]
    assert counted(client, page)[0] == 4
    clock.shift(3)
    weekly_offer(
        title="Spielgruppe Winzerla",
        center=offer.center,
        weekdays="WE",
        start=TUESDAY.date(),
        today=TUESDAY.date(),
    )
    clock.shift(3)
    dates, text, _ = counted(client, page)
    assert dates == 8 and "Spielgruppe Winzerla" in text
