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
from tests.committed import fetched, own_district
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
    return found


def counted(client, page) -> tuple[int, str, list[str]]:
    text, queries = fetched(client, page)
    return int(COUNT.search(text)[1]), text[text.index('id="results-heading"') :], queries


def counts(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "COUNT(" in sql]


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
    # Another page of the same search is a list of its own.
    assert counts(fetched(client, page + ("&" if "?" in page else "?") + "seite=2")[1])


def test_a_date_that_ends_leaves_the_list_from_the_next_minute_on(client, offer, clock):
    page = SEARCHES[0]
    assert counted(client, page)[0] == 4
    clock.shift(40)  # 10:59:55, the same minute: kept, the date has not ended yet
    assert counted(client, page)[0] == 4
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
