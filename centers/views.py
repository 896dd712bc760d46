from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from centers.filters import CenterFilterSet
from centers.models import Center
from centers.rendering import CenterRow, kept_center_items
from common.pagination import paginate

# Enough for a whole country's search result on the map, small enough to stay light.
MAP_MARKER_LIMIT = 500


@require_safe
def center_list(request: HttpRequest) -> HttpResponse:
    filterset = CenterFilterSet(
        request.GET or None, queryset=Center.objects.active().for_listing(), request=request
    )
    page = paginate(request, filterset.qs)
    location = filterset.form.location
    # The page's centres as narrow rows; their cards are kept per data version, and only
    # the cards not kept yet are read in full (kept_center_items).
    fields = ("pk", "distance") if location else ("pk",)
    page.object_list = [CenterRow(*row) for row in page.object_list.values_list(*fields)]
    cards = kept_center_items(
        page.object_list,
        fetch=lambda ids: Center.objects.filter(pk__in=ids).prefetch_related("languages"),
    )
    return render(
        request,
        "centers/center_list.html",
        {"form": filterset.form, "page_obj": page, "location": location, "cards": cards},
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
