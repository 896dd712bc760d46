from decimal import Decimal

import pytest

from centers.forms import CenterForm
from network.geo import coordinate, postcode_point
from network.models import Located
from tests.factories import CenterFactory, OperatorFactory, SozialraumFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "name": "Kita Apfelbaum",
        "slug": "kita-apfelbaum",
        "operator": OperatorFactory().pk,
        "sozialraum": SozialraumFactory().pk,
        "street": "Am Anger 1",
        "postcode": "99084",
        "city": "Erfurt",
        "latitude": "",
        "longitude": "",
        "thekiz_since": "2020",
        "summary": "Ein Treffpunkt.",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_coordinates_come_from_the_postcode_when_left_empty():
    form = CenterForm(data=form_data())
    assert form.is_valid(), form.errors
    center = form.save()
    point = postcode_point("99084")
    assert center.latitude == coordinate(point.latitude)
    assert center.longitude == coordinate(point.longitude)
    assert center.location_precision == Located.Precision.POSTCODE


def test_coordinates_set_by_hand_are_kept_and_marked_exact():
    form = CenterForm(data=form_data(latitude="50.978100", longitude="11.029900"))
    assert form.is_valid(), form.errors
    center = form.save()
    assert center.latitude == Decimal("50.978100")
    assert center.location_precision == Located.Precision.EXACT


def test_a_new_postcode_moves_derived_coordinates():
    center = CenterFactory(postcode="99084")
    data = form_data(
        postcode="07743", latitude=str(center.latitude), longitude=str(center.longitude)
    )
    form = CenterForm(data=data, instance=center)
    assert form.is_valid(), form.errors
    center = form.save()
    assert center.latitude == coordinate(postcode_point("07743").latitude)


def test_a_new_postcode_keeps_exact_coordinates():
    center = CenterFactory(
        postcode="99084",
        latitude=Decimal("50.9"),
        longitude=Decimal("11.0"),
        location_precision=Located.Precision.EXACT,
    )
    form = CenterForm(
        data=form_data(postcode="99085", latitude="50.900000", longitude="11.000000"),
        instance=center,
    )
    assert form.is_valid(), form.errors
    assert form.save().latitude == Decimal("50.9")


def test_an_unknown_postcode_is_refused_in_german():
    form = CenterForm(data=form_data(postcode="99999"))
    assert not form.is_valid()
    assert "Die Postleitzahl 99999 finden wir nicht" in form.errors["postcode"][0]


def test_half_a_coordinate_is_refused():
    form = CenterForm(data=form_data(latitude="50.9"))
    assert not form.is_valid()
    assert "Breiten- und Längengrad" in str(form.errors)


@pytest.mark.parametrize(
    ("chosen", "nearest", "in_home_state", "km", "how"),
    [
        # In Thuringia without a radius chosen: the smallest of 5/10/25 km with results.
        (None, 0.4, True, 5, "automatic"),
        (None, 5.0, True, 5, "automatic"),
        (None, 5.01, True, 10, "automatic"),
        (None, 24.9, True, 25, "automatic"),
        (None, 30.0, True, 25, "automatic"),  # nothing within 25 km: empty, 50 km offered
        (None, None, True, 25, "automatic"),
        # Chosen in Thuringia: kept, whatever the results.
        (10, 30.0, True, 10, "chosen"),
        (50, None, True, 50, "chosen"),
        # From outside: every choice up to 50 km, then the nearest result + 25 km.
        (None, 38.0, False, 50, "automatic"),
        (None, 59.6, False, 90, "widened"),
        (None, None, False, 50, "automatic"),
        (5, 4.0, False, 5, "chosen"),
        (5, 69.9, False, 100, "widened"),
    ],
)
def test_the_radius_adapts_to_where_results_are(chosen, nearest, in_home_state, km, how):
    from network.forms import radius_decide

    radius = radius_decide(chosen, nearest, in_home_state=in_home_state)
    assert (radius.km, radius.how) == (km, how)
    assert radius.wider == [choice for choice in (5, 10, 25, 50) if choice > km]


@pytest.mark.parametrize(
    ("query", "within"),
    [
        ("plz=07743", 25),
        ("plz=04109", 150),
        ("plz=04109&umkreis=5", 150),
        ("plz=07743&umkreis=5", None),
    ],
)
def test_the_nearest_result_is_looked_for_within_a_bounded_distance(query, within):
    """Without a chosen radius in Thuringia: within 25 km; from outside Thuringia within
    150 km, never the whole country; a radius chosen in Thuringia asks nothing."""
    from django.http import QueryDict

    from network.forms import NearForm

    form = NearForm(QueryDict(query))
    asked = []
    form.radius_adapt(lambda within_km: asked.append(within_km))
    assert asked == ([within] if within else [])
