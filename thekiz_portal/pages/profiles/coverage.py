"""How much of a district's population lives near a centre and near offers of each category."""

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, pgettext

from centers.models import Center
from network.geo import Point
from network.models import District
from network.population import (
    RADII_KM,
    PointIndex,
    bounds,
    covered_share,
    district_places,
)
from offers.models import Occurrence, Offer
from offers.models.offer import place_annotations
from thekiz_portal.pages.profiles.figures import window

# How far the list of least-covered places looks for a centre, and how many it shows.
FAR_KM = 25
LEAST_COVERED = 10


def _offer_points(box: tuple[float, float, float, float]) -> dict[int, list[Point]]:
    """Where offers with dates in the next three months take place, by category."""
    start, end = window()
    points = defaultdict(list)
    rows = (
        Offer.objects.published()
        .annotate(**place_annotations())
        .filter(
            place_latitude__range=box[:2],
            place_longitude__range=box[2:],
            categories__isnull=False,
        )
        .filter(
            Exists(
                Occurrence.objects.filter(
                    offer=OuterRef("pk"), start__gte=start, start__lt=end, cancelled=False
                )
            )
        )
        .order_by()  # the default order (title) would widen DISTINCT
        .values_list("place_latitude", "place_longitude", "categories")
        .distinct()
    )
    for latitude, longitude, category in rows:
        points[category].append(Point(float(latitude), float(longitude)))
    return points


def center_points(box: tuple[float, float, float, float]) -> list[Point]:
    rows = (
        Center.objects.active()
        .filter(latitude__range=box[:2], longitude__range=box[2:])
        .values_list("latitude", "longitude")
    )
    return [Point(float(lat), float(lon)) for lat, lon in rows]


def district_coverage(district: District, category_names: dict[int, str]) -> dict:
    """Shares of the district's population within 5 and 10 km of a centre and of an offer
    of each category (any district's: families cross borders), and the places farthest
    from a centre."""
    places = district_places(district.ags)
    if not places:
        return {}
    centers = PointIndex(center_points(bounds(places, FAR_KM)))
    offers = {pk: PointIndex(points) for pk, points in _offer_points(bounds(places, 10)).items()}
    empty = PointIndex([])
    rows = [
        {
            "label": gettext("a centre"),
            "shares": [covered_share(places, centers, km) for km in RADII_KM],
        }
    ] + [
        {
            "label": pgettext("coverage", "an offer: %(category)s") % {"category": label},
            "shares": [covered_share(places, offers.get(pk, empty), km) for km in RADII_KM],
        }
        for pk, label in category_names.items()
    ]
    distances = [(place, centers.nearest_km(place.point, FAR_KM)) for place in places]
    distances.sort(
        key=lambda item: (-(item[1] if item[1] is not None else FAR_KM + 1), -item[0].population)
    )
    return {
        "radii": RADII_KM,
        "rows": rows,
        "population": sum(place.population for place in places),
        "place_count": len(places),
        "least_covered": [
            {"name": place.name, "population": place.population, "km": km}
            for place, km in distances[:LEAST_COVERED]
        ],
        "far_km": FAR_KM,
    }
