"""The page links of a list (``common.pagination.page_links``): every link keeps the rest
of the search, the current page is marked, long lists are elided, one page has none."""

import re

from django.core.paginator import Paginator
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from common.pagination import CappedPaginator, page_links, paginate


def links(number: int, pages: int, query: str = "") -> str:
    paginator = Paginator(range(pages), 1)
    page = paginator.get_page(number)
    page.elided_range = list(paginator.get_elided_page_range(number, on_each_side=1, on_ends=1))
    with translation.override("de"):
        return page_links(page, QueryDict(query))


def test_a_list_of_one_page_has_no_links():
    assert links(1, 1, "plz=07743") == ""


def test_every_link_keeps_the_search_and_changes_only_the_page():
    html = links(2, 3, "plz=07743&wochentag=di&wochentag=mi&seite=2&q=a%26b")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs == [
        "?plz=07743&amp;wochentag=di&amp;wochentag=mi&amp;seite=1&amp;q=a%26b",  # previous
        "?plz=07743&amp;wochentag=di&amp;wochentag=mi&amp;seite=1&amp;q=a%26b",
        "?plz=07743&amp;wochentag=di&amp;wochentag=mi&amp;seite=2&amp;q=a%26b",
        "?plz=07743&amp;wochentag=di&amp;wochentag=mi&amp;seite=3&amp;q=a%26b",
        "?plz=07743&amp;wochentag=di&amp;wochentag=mi&amp;seite=3&amp;q=a%26b",  # next
    ]
    assert 'rel="prev">Vorherige Seite</a>' in html and 'rel="next">Nächste Seite</a>' in html
    assert html.count('aria-current="page"') == 1
    assert re.search(r'seite=2[^"]*" aria-current="page"><span class="kern-sr-only">Seite', html)
    assert html.startswith('<nav class="pagination" aria-label="Seiten">')


def test_a_long_list_is_elided_and_its_ends_have_no_previous_or_next():
    first = links(1, 20)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert '<li><span aria-hidden="true">…</span></li>' in first
    assert len(re.findall(r"<li>", first)) < 10
    assert 'rel="next"' not in links(20, 20)


def test_a_search_s_page_links_name_the_right_pages():
    request = RequestFactory().get("/angebote/", {"plz": "07743", "seite": "2"})
    page = paginate(request, [*range(45)], per_page=20)
    assert isinstance(page.paginator, Paginator) and not isinstance(page.paginator, CappedPaginator)
    html = page_links(page, request.GET)
    assert re.findall(r"seite=(\d)", html) == ["1", "1", "2", "3", "3"]
