import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.data_version import kept_list


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: "more than 1,000 dates" needs no count of millions.

    ``capped`` tells whether there are more rows than were counted; pages end at the cap.
    """

    def __init__(self, object_list, per_page: int, cap: int, counted=None) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        # Without the ORDER BY: which rows fall under the cap does not change how many do,
        # and sorting (by distance, say) only to count would cost more than the count.
        # Only the ids, too: annotations such as the distance are not computed (their
        # joins stay: ``counted``, the same rows without them, counts cheaper).
        counted = self.counted.order_by().values("pk")[: self.cap + 1].count()
        return min(counted, self.cap + 1)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        counted = min(self.count, self.cap)
        return max(1, -(-counted // self.per_page))


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int | None = None,
    cap: int | None = None,
    counted: QuerySet | None = None,
) -> Page:
    """The requested page (``?seite=``): a malformed number gives the first, one past the
    end the last. ``page.elided_range`` holds the page numbers to link to. With ``cap``,
    at most that many rows are counted (see ``CappedPaginator``), of ``counted`` if given
    (the same rows as ``queryset``, cheaper to count)."""
    paginator = _paginator(queryset, per_page, cap, counted)
    return _linked(paginator.get_page(request.GET.get("seite")))


def _paginator(object_list, per_page: int | None, cap: int | None, counted=None) -> Paginator:
    per_page = per_page or settings.THEKIZ_PAGE_SIZE
    if cap:
        return CappedPaginator(object_list, per_page, cap, counted)
    return Paginator(object_list, per_page)


def _linked(page: Page) -> Page:
    """``page`` with ``elided_range``, the page numbers to link to."""
    page.elided_range = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


def search_key(query: QueryDict, fields=None) -> tuple:
    """A search's fields (the request's GET) as a key, whatever their order, without the
    page number, and only ``fields`` if given (not what else an address carries, such as
    a campaign's parameters): what is kept per search (its form, its result) is keyed by
    it."""
    return tuple(
        sorted(
            (name, tuple(values))
            for name, values in query.lists()
            if name != "seite" and (fields is None or name in fields)
        )
    )


@dataclass(frozen=True)
class ListPage:
    """A page of a list as ``paginate_kept`` keeps it: the count, the page's number and
    its rows, none of them a query."""

    count: int
    number: int
    rows: tuple
    until: float  # seconds since the epoch: what it shows holds until then
    decided: object = None  # what else the search decided on the way (a radius)


def paginate_kept(
    request: HttpRequest,
    key: Hashable,
    found: Callable[[], tuple[QuerySet, QuerySet | None]],
    rows: Callable[[QuerySet], list],
    *,
    cap: int | None = None,
    until: float = math.inf,
    decided: Callable[[], object] | None = None,
) -> Page:
    """``paginate`` for a public search whose results depend only on the data, on
    ``key`` (what was searched for) and on the time up to ``until``: the count and the
    page asked for (its rows as ``rows(the page's slice)`` reads them, narrow rows) are
    kept per data version (``kept_list``) until ``until``, so a search asked again runs
    neither its count nor its page query. ``found()`` gives the list and the same rows to
    count (or None), only when they are not kept; ``decided()``, asked after them, what
    else the search decided on the way, kept with them as ``page.decided``."""
    # The page asked for as paginate reads it: not a number, the first; below one, the
    # last (one entry each, however it was written).
    try:
        asked = max(int(request.GET.get("seite", 1)), 0)
    except ValueError:
        asked = 1

    def build() -> ListPage:
        queryset, counted = found()
        page = paginate(request, queryset, cap=cap, counted=counted)
        listed = tuple(rows(page.object_list))  # shared by the requests to come
        state = decided() if decided else None
        return ListPage(page.paginator.count, page.number, listed, until, state)

    kept = kept_list((key, asked), build)
    paginator = _paginator([], None, cap)
    paginator.count = kept.count  # the cached property, as counted
    page = _linked(Page(kept.rows, kept.number, paginator))
    page.decided = kept.decided
    return page


def page_links(page: Page, query: QueryDict) -> SafeString:
    """The links to the other pages of a list (``page.elided_range``, as ``paginate``
    sets it), each keeping the rest of the search (``query``, the request's GET) and
    changing ``seite``; nothing for a list of one page. Written in Python: a list's
    template spent more on these few links than on its rows."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return mark_safe("")
    params = query.copy()

    def href(number: int) -> str:
        params["seite"] = number
        return escape(f"?{params.urlencode()}")

    spoken = f'<span class="kern-sr-only">{escape(gettext("Page"))} </span>'
    items = []
    if page.has_previous():
        items.append(
            f'<li><a class="kern-link" href="{href(page.previous_page_number())}" rel="prev">'
            f"{escape(gettext('Previous page'))}</a></li>"
        )
    for number in page.elided_range:
        if number == paginator.ELLIPSIS:
            items.append('<li><span aria-hidden="true">…</span></li>')
        else:
            current = ' aria-current="page"' if number == page.number else ""
            items.append(
                f'<li><a class="kern-link" href="{href(number)}"{current}>{spoken}{number}</a></li>'
            )
    if page.has_next():
        items.append(
            f'<li><a class="kern-link" href="{href(page.next_page_number())}" rel="next">'
            f"{escape(gettext('Next page'))}</a></li>"
        )
    return mark_safe(
        f'<nav class="pagination" aria-label="{escape(gettext("Pages"))}">\n  <ul>\n    '
        + "\n    ".join(items)
        + "\n  </ul>\n</nav>"
    )
