import pytest
from django.utils import translation

from network.geo import Point, distance_km, postcode_point
from network.models import Place
from network.places import Outcome, location_resolve, place_resolve
from tests.factories import SozialraumFactory

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


# Places a family types (issue 11): Ortsteile, Sozialräume, spelling variants, typos.


@pytest.mark.parametrize(
    ("typed", "label", "postcode"),
    [
        ("Lobeda", "Jena-Lobeda", "07747"),
        ("Jena-Lobeda", "Jena-Lobeda", "07747"),
        ("Winzerla", "Jena-Winzerla", "07745"),
        ("Gera-Lusan", "Gera-Lusan", "07549"),
        ("gera lusan", "Gera-Lusan", "07549"),
        ("Erfurt-Nord", "Erfurt-Nord", "99089"),
        ("Rudolstadt-Schwarza", "Rudolstadt-Schwarza", "07407"),
        ("Erfurt Ilvers", "Erfurt-Ilversgehofen", "99086"),
    ],
)
def test_a_part_of_a_town_resolves_alone_or_with_its_town(typed, label, postcode):
    resolution = place_resolve(typed)
    assert resolution.outcome == Outcome.FOUND
    assert resolution.location.label == label
    assert resolution.location.in_home_state
    assert distance_km(resolution.location.point, postcode_point(postcode)) < 7


def test_schwarza_with_its_town_is_the_one_in_rudolstadt_not_a_namesake():
    location = location_resolve("Rudolstadt-Schwarza")
    assert distance_km(location.point, location_resolve("Rudolstadt").point) < 4


def test_a_direction_alone_is_no_part_of_a_town():
    assert location_resolve("Nord").label != "Erfurt-Nord"
    assert location_resolve("Jena Nord").label == "Jena-Nord"


@pytest.mark.parametrize(
    "typed",
    ["Muehlhausen", "Mühlhausen/Thür.", "Muhlhausen", "MÜHLHAUSEN (Thüringen)", "Mühlhausen Thür"],
)
def test_spelling_variants_of_a_town_resolve(typed):
    assert location_resolve(typed).label == "Mühlhausen"


@pytest.mark.parametrize(
    ("typed", "label"),
    [("Rudolstat", "Rudolstadt"), ("Nordhasuen", "Nordhausen"), ("Eisnach", "Eisenach")],
)
def test_a_small_typo_in_a_home_state_town_is_forgiven(typed, label):
    assert place_resolve(typed).location.label == label


@pytest.mark.parametrize("typed", ["07 743", "07.743", "D-07743", "d - 07743", " 07743 Jena"])
def test_a_postcode_may_be_typed_with_spaces_or_a_country_prefix(typed):
    location = location_resolve(typed)
    assert location.postcode == "07743"
    assert location.label == "07743 Jena"


def test_a_sozialraum_resolves_to_the_middle_of_its_postcodes():
    SozialraumFactory(name="Saaleaue Süd", slug="saaleaue-sued", postcodes="07745, 07747")
    resolution = place_resolve("saaleaue sued")
    assert resolution.outcome == Outcome.FOUND
    assert resolution.location.label == "Saaleaue Süd"
    assert resolution.location.postcode == ""  # the label finds it again
    middle = Point(
        (postcode_point("07745").latitude + postcode_point("07747").latitude) / 2,
        (postcode_point("07745").longitude + postcode_point("07747").longitude) / 2,
    )
    assert distance_km(resolution.location.point, middle) < 0.01
    assert location_resolve("Saaleaue Sud").label == "Saaleaue Süd"  # a typo too


def test_a_sozialraum_without_postcodes_cannot_be_placed():
    SozialraumFactory(name="Saaleaue Süd", slug="saaleaue-sued", postcodes="")
    assert place_resolve("Saaleaue Süd").outcome == Outcome.UNKNOWN_PLACE


# What the search says when a place is not found or lies outside the home state.


def test_a_postcode_outside_thuringia_is_known_but_outside():
    resolution = place_resolve("04109")
    assert resolution.outcome == Outcome.OUTSIDE_HOME_STATE
    assert resolution.location.label == "04109 Leipzig"
    assert not resolution.location.in_home_state
    assert "04109 Leipzig" in resolution.message
    # The search forms keep working: the location is there, so the nearest results show.
    assert location_resolve("04109") == resolution.location


def test_a_town_outside_thuringia_is_known_but_outside():
    assert place_resolve("Leipzig").outcome == Outcome.OUTSIDE_HOME_STATE


@pytest.mark.parametrize(
    ("postcode", "in_home_state"),
    [
        ("99755", True),  # Ellrich, nearest place across the border in Lower Saxony
        ("07349", True),  # Lehesten, nearest place in Bavaria
        ("37308", True),  # Heilbad Heiligenstadt
        ("96515", True),  # Sonneberg
        ("04600", True),  # Altenburg
        ("07919", False),  # Saxony, nearest place in Thuringia
        ("37276", False),  # Hesse, nearest place in Thuringia
        ("95028", False),  # Hof, Bavaria
    ],
)
def test_a_border_postcode_belongs_to_its_own_state(postcode, in_home_state):
    assert location_resolve(postcode).in_home_state is in_home_state


def test_a_postcode_that_does_not_exist_is_called_so():
    resolution = place_resolve("99999")
    assert resolution.outcome == Outcome.UNKNOWN_POSTCODE
    assert resolution.location is None
    with translation.override("de"):
        assert resolution.message == (
            "Die Postleitzahl 99999 gibt es nicht. Bitte prüfen Sie die Ziffern."
        )


@pytest.mark.parametrize("typed", ["0774", "077 4", "1234567"])
def test_too_few_or_too_many_digits_are_an_incomplete_postcode(typed):
    assert place_resolve(typed).outcome == Outcome.INCOMPLETE_POSTCODE


def test_an_unknown_name_is_called_so_in_german():
    resolution = place_resolve("Atlantis")
    assert resolution.outcome == Outcome.UNKNOWN_PLACE
    with translation.override("de"):
        assert "„Atlantis“" in resolution.message


def test_a_place_found_in_thuringia_needs_no_message():
    assert place_resolve("Jena").message == ""
    assert location_resolve("Jena").notice == ""


def test_a_location_outside_thuringia_carries_its_notice_for_the_search():
    with translation.override("de"):
        assert location_resolve("04109").notice == (
            "04109 Leipzig liegt nicht in Thüringen. Hier sehen Sie die nächstgelegenen "
            "Ergebnisse in Thüringen mit ihrer Entfernung."
        )


def test_a_postcode_is_worked_out_once_per_process(django_assert_num_queries):
    place_resolve("07745")
    with django_assert_num_queries(0):
        assert place_resolve("07745 Jena").location.label == place_resolve("07745").location.label
