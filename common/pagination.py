from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


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
    per_page = per_page or settings.THEKIZ_PAGE_SIZE
    if cap:
        paginator: Paginator = CappedPaginator(queryset, per_page, cap, counted)
    else:
        paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("seite"))
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page
