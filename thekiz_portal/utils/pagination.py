from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> Page:
    """The requested page (``?seite=``): a malformed number gives the first, one past the
    end the last. ``page.elided_range`` holds the page numbers to link to."""
    paginator = Paginator(queryset, per_page or settings.THEKIZ_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page
