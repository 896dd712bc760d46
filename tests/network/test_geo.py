import math
from decimal import Decimal

import pytest
from django.db import models
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from centers.models import Center
from network.geo import (
    EARTH_RADIUS_KM,
    Point,
    bounding_box,
    distance_expression,
    distance_km,
    normalize_place_name,
    postcode_point,
)
from offers.models import Occurrence, place_annotations
from tests.factories import CenterFactory

JENA = Point(50.92878, 11.5899)
ERFURT = Point(50.9787, 11.03283)


def test_it_finds_a_real_postcode():
    point = postcode_point("07743")
    assert point is not None
    assert distance_km(point, JENA) < 5


@pytest.mark.parametrize("postcode", ["99999", "00000", "0774", "077433", "abcde", "", " "])
def test_it_returns_none_for_unknown_or_malformed_postcodes(postcode):
    assert postcode_point(postcode) is None


def test_distance_between_jena_and_erfurt_is_about_39_km():
    assert 38 < distance_km(JENA, ERFURT) < 41


def test_bounding_box_contains_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(JENA, 10)
    assert isinstance(min_lat, Decimal)
    # 10 km north, south, east and west of Jena lie inside the box.
    assert min_lat < Decimal("50.84") and max_lat > Decimal("51.01")
    assert min_lon < Decimal("11.46") and max_lon > Decimal("11.72")
    # ... and the box is not much larger than needed.
    assert max_lat - min_lat < Decimal("0.2")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Bad Frankenhausen/Kyffhäuser", "bad frankenhausen kyffhaeuser"),
        ("BAD FRANKENHAUSEN / KYFFHÄUSER", "bad frankenhausen kyffhaeuser"),
        ("bad frankenhausen kyffhaeuser", "bad frankenhausen kyffhaeuser"),
        ("Leinefelde-Worbis", "leinefelde worbis"),
        ("  Pößneck ", "poessneck"),
        ("Gräfenthal", "graefenthal"),
    ],
)
def test_place_names_are_folded_into_one_search_key(typed, key):
    assert normalize_place_name(typed) == key


def _distance_tree(point: Point, lat_field: str, lon_field: str):
    """The distance written with Django's functions: what ``Haversine`` must equal."""
    lat0, lon0 = math.radians(point.latitude), math.radians(point.longitude)
    float_field = models.FloatField()
    lat = Radians(models.F(lat_field), output_field=float_field)
    lon = Radians(models.F(lon_field), output_field=float_field)
    h = Power(Sin((lat - models.Value(lat0)) / 2), 2) + models.Value(math.cos(lat0)) * Cos(
        lat
    ) * Power(Sin((lon - models.Value(lon0)) / 2), 2)
    return models.ExpressionWrapper(
        models.Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(h)), output_field=float_field
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "queryset, lat_field, lon_field",
    [
        (lambda: Center.objects.all(), "latitude", "longitude"),
        (
            lambda: Occurrence.objects.annotate(**place_annotations("offer__")),
            "place_latitude",
            "place_longitude",
        ),
    ],
)
def test_distance_expression_is_the_sql_of_the_function_tree(queryset, lat_field, lon_field):
    def sql(expression):
        query = (
            queryset()
            .annotate(distance=expression)
            .filter(distance__lte=25)
            .order_by("distance")
            .values("pk", "distance")
        )
        return query.query.sql_with_params()

    compact = sql(distance_expression(JENA, lat_field, lon_field))
    assert compact == sql(_distance_tree(JENA, lat_field, lon_field))
    assert "ASIN" in compact[0]


@pytest.mark.django_db
def test_distance_expression_agrees_with_python():
    CenterFactory(latitude=ERFURT.latitude, longitude=ERFURT.longitude)
    nearest = Center.objects.annotate(distance=distance_expression(JENA)).aggregate(
        nearest=models.Min("distance")
    )["nearest"]
    assert nearest == pytest.approx(distance_km(JENA, ERFURT), abs=0.01)
