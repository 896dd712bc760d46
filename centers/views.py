from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from centers.filters import CenterFilterSet
from centers.models import Center
from centers.rendering import CenterRow, kept_center_items
from common.pagination import paginate_kept, search_key

# Enough for a whole country's search result on the map, small enough to stay light.
MAP_MARKER_LIMIT = 500


@require_safe
def center_list(request: HttpRequest) -> HttpResponse:
    filterset = CenterFilterSet(
        request.GET or None, queryset=Center.objects.active().for_listing(), request=request
    )
    form = filterset.form
    location = form.location
    # The count and the page's centres as narrow rows, kept per data version (centres
    # have no dates: a search's result changes only with the data); their cards are kept
    # too, and only the cards not kept yet are read in full (kept_center_items).
    fields = ("pk", "distance") if location else ("pk",)
    page = paginate_kept(
        request,
        ("center-search", search_key(request.GET, form.fields)),
        lambda: (filterset.qs, None),
        lambda centers: [CenterRow(*row) for row in centers.values_list(*fields)],
        decided=lambda: form.radius_decided,
    )
    form.radius_decided = page.decided  # the radius searched within, as it was decided
    cards = kept_center_items(
        page.object_list,
        fetch=lambda ids: Center.objects.filter(pk__in=ids).prefetch_related("languages"),
    )
    return render(
        request,
        "centers/center_list.html",
        {"form": form, "page_obj": page, "location": location, "cards": cards},
    )


@require_safe
def center_map_data(request: HttpRequest) -> JsonResponse:
    """The filtered centers as map markers; loaded by the map script, never needed without it."""
    filterset = CenterFilterSet(request.GET or None, queryset=Center.objects.active())
    rows = filterset.qs.values("name", "slug", "city", "latitude", "longitude")[:MAP_MARKER_LIMIT]
    markers = [
        {
            "name": row["name"],
            "url": Center(slug=row["slug"]).get_absolute_url(),
            "city": row["city"],
            "lat": float(row["latitude"]),
            "lon": float(row["longitude"]),
        }
        for row in rows
    ]
    return JsonResponse({"centers": markers})
