"""The curated Ortsteile (network/ortsteile.py): real postcodes, coordinates near both
their postcode area and their town, loaded by the migration."""

import pytest

from network.geo import Point, distance_km, postcode_point
from network.models import Place
from network.ortsteile import ORTSTEILE
from network.places import location_resolve, ortsteile_import

pytestmark = pytest.mark.django_db

ROWS = [(town, *row) for town, rows in ORTSTEILE.items() for row in rows]


@pytest.mark.parametrize(("town", "name", "postcode", "latitude", "longitude"), ROWS)
def test_an_ortsteil_lies_in_its_postcode_area_and_near_its_town(
    town, name, postcode, latitude, longitude
):
    point = Point(latitude, longitude)
    assert postcode_point(postcode) is not None
    # Postcode areas of small towns reach far into the villages around them.
    assert distance_km(point, postcode_point(postcode)) < 9
    assert distance_km(point, location_resolve(town).point) < 8


def test_every_larger_thuringian_town_has_its_ortsteile():
    assert set(ORTSTEILE) >= {
        "Erfurt", "Jena", "Gera", "Weimar", "Gotha", "Nordhausen", "Eisenach", "Suhl",
        "Altenburg", "Mühlhausen", "Rudolstadt", "Saalfeld", "Ilmenau", "Arnstadt",
        "Sondershausen", "Apolda",
    }  # fmt: skip
    for town, rows in ORTSTEILE.items():
        names = [name for name, *_ in rows]
        assert len(names) == len(set(names)), town


def test_the_migration_loaded_them_and_loading_again_replaces_them():
    curated = Place.objects.filter(source=Place.Source.CURATED)
    assert curated.count() == len(ROWS)
    assert ortsteile_import(Place) == len(ROWS)
    assert curated.count() == len(ROWS)
    lobeda = curated.get(name="Lobeda")
    assert (lobeda.town, lobeda.postcode, lobeda.state) == ("Jena", "07747", "15")
    assert str(lobeda) == "Jena-Lobeda"


@pytest.mark.parametrize(
    ("town", "name"),
    [
        ("Gera", "Bieblach"),
        ("Gera", "Langenberg"),
        ("Gera", "Lusan"),
        ("Gera", "Untermhaus"),
        ("Gera", "Zwötzen"),
        ("Erfurt", "Hochheim"),
    ],
)
def test_an_ortsteil_that_geonames_knows_too_lies_where_geonames_puts_it(town, name):
    curated = Place.objects.get(source=Place.Source.CURATED, town=town, name=name)
    geonames = Place.objects.filter(source=Place.Source.GEONAMES, name=name, state="15")
    point = Point(float(curated.latitude), float(curated.longitude))
    assert (
        min(distance_km(point, Point(float(p.latitude), float(p.longitude))) for p in geonames)
        < 1.5
    )
