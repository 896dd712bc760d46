from decimal import Decimal

import pytest

from network.geo import (
    Point,
    bounding_box,
    distance_km,
    normalize_place_name,
    postcode_point,
)

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
