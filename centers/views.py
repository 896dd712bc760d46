from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from centers.filters import CenterFilterSet
from centers.models import Center
from common.pagination import paginate

# Enough for a whole country's search result on the map, small enough to stay light.
MAP_MARKER_LIMIT = 500


@require_safe
def center_list(request: HttpRequest) -> HttpResponse:
    filterset = CenterFilterSet(
        request.GET or None, queryset=Center.objects.active().for_listing(), request=request
    )
    page = paginate(request, filterset.qs)
    return render(
        request,
        "centers/center_list.html",
        {"form": filterset.form, "page_obj": page, "location": filterset.form.location},
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
