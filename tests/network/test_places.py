import pytest

from network.geo import distance_km, postcode_point
from network.models import Place
from network.places import location_resolve

pytestmark = pytest.mark.django_db


def test_the_gazetteer_is_loaded_by_the_migration():
    assert Place.objects.count() > 10_000
    assert Place.objects.filter(state="15").count() > 800  # Thuringia


def test_a_postcode_resolves_to_its_centre_and_town():
    location = location_resolve("07743")
    assert location.postcode == "07743"
    assert location.label == "07743 Jena"
    assert location.point == postcode_point("07743")


def test_a_postcode_followed_by_a_town_uses_the_postcode():
    assert location_resolve("07407 Rudolstadt").postcode == "07407"


@pytest.mark.parametrize("typed", ["Jena", "jena", " JENA "])
def test_a_town_resolves_whatever_the_case(typed):
    location = location_resolve(typed)
    assert location.label == "Jena"
    assert distance_km(location.point, postcode_point("07743")) < 5


def test_umlauts_can_be_typed_as_ae_oe_ue():
    assert location_resolve("Muehlhausen").label == "Mühlhausen"


def test_a_thuringian_town_wins_over_a_larger_namesake_elsewhere():
    # There is a Mühlhausen in Baden-Württemberg, Bavaria and Saxony as well.
    location = location_resolve("Mühlhausen")
    assert distance_km(location.point, postcode_point("99974")) < 5


def test_a_prefix_finds_the_town():
    assert location_resolve("Bad Franken").label == "Bad Frankenhausen"


@pytest.mark.parametrize("typed", ["99999", "Atlantis", "x", "", "!!!", "0" * 500])
def test_unknown_input_resolves_to_nothing(typed):
    assert location_resolve(typed) is None
