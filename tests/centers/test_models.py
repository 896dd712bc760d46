import datetime

import pytest
from django.db import IntegrityError, transaction

from centers.models import Center, CenterPhoto, Cooperation
from network.geo import postcode_point
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    OpeningHoursFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def test_near_puts_a_centre_3_km_away_before_one_20_km_away():
    # Measured from the centre of postcode 07743 (Jena-Nord):
    far = CenterFactory(name="Kahla", postcode="07768", city="Kahla")  # ~20 km
    near = CenterFactory(name="Jena-Ost", postcode="07749", city="Jena")  # ~3 km
    CenterFactory(name="Erfurt", postcode="99084", city="Erfurt")  # ~39 km: outside 25 km

    result = list(Center.objects.near(postcode_point("07743"), km=25))

    assert [c.name for c in result] == ["Jena-Ost", "Kahla"]
    assert 2 < result[0].distance < 4
    assert 15 < result[1].distance < 22
    assert result[0] == near and result[1] == far


def test_near_filters_exactly_by_distance_not_only_by_the_box():
    # The bounding box is a square around the circle: its corners must not leak through.
    for postcode in ["07607", "07646", "07629", "99510", "07768", "07318"]:
        CenterFactory(postcode=postcode)
    origin = postcode_point("07743")
    for radius in (5, 10, 25, 50):
        rows = list(Center.objects.near(origin, km=radius))
        assert all(row.distance <= radius for row in rows)
        assert [row.distance for row in rows] == sorted(row.distance for row in rows)


def test_active_hides_inactive_centres():
    CenterFactory(is_active=False)
    visible = CenterFactory()
    assert list(Center.objects.active()) == [visible]


def test_a_centre_cannot_be_a_thekiz_before_2015():
    with pytest.raises(IntegrityError):
        CenterFactory(thekiz_since=2014)


def test_opening_hours_must_close_after_they_open():
    with pytest.raises(IntegrityError):
        OpeningHoursFactory(opens=datetime.time(17, 0), closes=datetime.time(9, 0))


def test_a_photo_needs_alternative_text():
    center = CenterFactory()
    with pytest.raises(IntegrityError):
        CenterPhoto.objects.create(center=center, image="", alt_text="")


def test_a_centre_cooperates_with_a_partner_only_once():
    cooperation = CooperationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperation.objects.create(
            center=cooperation.center, partner=cooperation.partner, kind="regelmaessig"
        )
    # Another partner is fine.
    CooperationFactory(center=cooperation.center, partner=PartnerFactory())


def test_highlights_are_split_into_points():
    center = Center(highlights="- Familiencafé\n\n• Garten \nHebamme im Haus")
    assert center.highlight_list == ["Familiencafé", "Garten", "Hebamme im Haus"]


def test_str_and_urls():
    center = CenterFactory(name="Kita Regenbogen", slug="kita-regenbogen")
    assert str(center) == "Kita Regenbogen"
    assert center.get_absolute_url() == "/zentren/kita-regenbogen/"
    assert center.district == center.sozialraum.district
