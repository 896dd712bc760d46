import pytest
from django.db import IntegrityError

from network.models import District, Language, Sozialraum
from tests.factories import SozialraumFactory, district

pytestmark = pytest.mark.django_db


def test_the_22_districts_of_thuringia_are_loaded_with_their_official_keys():
    assert District.objects.count() == 22
    assert District.objects.filter(kind=District.Kind.CITY).count() == 5
    keys = set(District.objects.values_list("ags", flat=True))
    assert keys == {f"160{n}" for n in range(51, 56)} | {f"160{n}" for n in range(61, 78)}
    assert District.objects.get(ags="16063").name == "Wartburgkreis"
    assert District.objects.get(ags="16053").name == "Jena"


def test_the_starting_languages_include_arabic_ukrainian_and_sign_language():
    codes = set(Language.objects.values_list("code", flat=True))
    assert {"de", "ar", "uk", "dgs"} <= codes


def test_language_names_follow_the_interface_language():
    from django.utils import translation

    arabic = Language.objects.get(code="ar")
    with translation.override("de"):
        assert str(arabic) == "Arabisch"
    with translation.override("en"):
        assert str(arabic) == "Arabic"


def test_a_sozialraum_slug_is_unique_within_its_district():
    SozialraumFactory(district=district("16053"), name="Nord", slug="nord")
    SozialraumFactory(district=district("16051"), name="Nord", slug="nord")  # other district: fine
    with pytest.raises(IntegrityError):
        SozialraumFactory(district=district("16053"), name="Nord 2", slug="nord")


def test_a_sozialraum_lists_its_postcodes():
    area = Sozialraum(postcodes="07743, 07745 07747")
    assert area.postcode_list == ["07743", "07745", "07747"]


def test_a_district_cannot_be_deleted_while_it_has_sozialraeume():
    from django.db.models import ProtectedError

    area = SozialraumFactory()
    with pytest.raises(ProtectedError):
        area.district.delete()
