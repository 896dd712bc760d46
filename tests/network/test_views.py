import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Partner
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    language,
)

pytestmark = pytest.mark.django_db
LIST = "/netzwerk/"


def names(response) -> list[str]:
    return [partner.name for partner in response.context["page_obj"].object_list]


@pytest.fixture
def partners():
    jena = SozialraumFactory(district=district("16053"), name="Jena-Nord", slug="jena-nord")
    gera = SozialraumFactory(district=district("16052"), name="Lusan", slug="lusan")
    midwife = PartnerFactory(name="Hebamme Sommer", kind="hebamme", postcode="07745")
    midwife.sozialraeume.set([jena])
    counselling = PartnerFactory(name="Familienberatung Gera", postcode="07545", city="Gera")
    counselling.sozialraeume.set([gera])
    both = PartnerFactory(name="Jugendamt", kind="jugendamt", postcode="07743")
    both.sozialraeume.set([jena, gera])
    PartnerFactory(name="Inaktiv", is_active=False)
    return {"jena": jena, "gera": gera, "midwife": midwife}


def test_it_lists_active_partners(client, partners):
    assert names(client.get(LIST)) == ["Familienberatung Gera", "Hebamme Sommer", "Jugendamt"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"art": "hebamme"}, ["Hebamme Sommer"]),
        ({"kreis": "jena"}, ["Hebamme Sommer", "Jugendamt"]),
        ({"kreis": "gera"}, ["Familienberatung Gera", "Jugendamt"]),
        ({"kreis": "gera", "art": "jugendamt"}, ["Jugendamt"]),
        ({"plz": "07743", "umkreis": "10"}, ["Jugendamt", "Hebamme Sommer"]),
        ({"plz": "Gera", "umkreis": "5"}, ["Familienberatung Gera"]),
        ({"plz": "07743", "umkreis": "50", "art": "beratungsstelle"}, ["Familienberatung Gera"]),
    ],
)
def test_filters_alone_and_combined(client, partners, params, expected):
    assert names(client.get(LIST, params)) == expected


def test_a_partner_serving_two_areas_is_listed_once(client, partners):
    response = client.get(LIST, {"sozialraum": partners["gera"].pk})
    assert names(response) == ["Familienberatung Gera", "Jugendamt"]


@pytest.mark.parametrize("params", [{"art": "zauberer"}, {"kreis": "x"}, {"plz": "00000"}])
def test_bad_filter_values_get_a_message_not_an_error(client, partners, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "Einen Teil Ihrer Suche konnten wir nicht verwenden" in response.text


def test_a_partner_page_shows_services_contact_and_centres(client, partners):
    midwife = partners["midwife"]
    center = CenterFactory(name="Kita Sonnenschein")
    CooperationFactory(center=center, partner=midwife, topics="Stillcafé")
    CooperationFactory(center=CenterFactory(name="Verborgen", is_active=False), partner=midwife)

    response = client.get(midwife.get_absolute_url())

    assert response.status_code == 200
    assert "Hebamme Sommer" in response.text
    assert "Kita Sonnenschein" in response.text and "Stillcafé" in response.text
    assert "Verborgen" not in response.text
    assert "Jena-Nord" in response.text  # where the partner works


def test_unknown_and_inactive_partners_are_404(client, partners):
    hidden = PartnerFactory(is_active=False)
    assert client.get("/netzwerk/niemand/").status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_arabic_speaking_counselling_near_gera(client, django_assert_max_num_queries):
    """The family's question: "we speak Arabic, we live near Gera" – who counsels us?"""
    german, arabic, ukrainian = language("de"), language("ar"), language("uk")
    wanted = PartnerFactory(name="Familienberatung Gera-Lusan", postcode="07549", city="Gera")
    wanted.languages.set([german, arabic])
    only_german = PartnerFactory(name="Erziehungsberatung Gera", postcode="07545", city="Gera")
    only_german.languages.set([german])
    far = PartnerFactory(name="Beratung Erfurt", postcode="99084", city="Erfurt")
    far.languages.set([german, arabic])
    midwife = PartnerFactory(name="Hebamme Gera", kind="hebamme", postcode="07545", city="Gera")
    midwife.languages.set([arabic, ukrainian])
    inactive = PartnerFactory(name="Alte Beratung Gera", postcode="07545", is_active=False)
    inactive.languages.set([arabic])

    with django_assert_max_num_queries(8):
        response = client.get(
            LIST, {"plz": "Gera", "umkreis": "25", "sprache": "ar", "art": "beratungsstelle"}
        )

    assert names(response) == ["Familienberatung Gera-Lusan"]
    assert "Beratung in: Deutsch, Arabisch" in response.text
    # Without the kind, the Arabic-speaking midwife in Gera is found too, nearest first.
    both = names(client.get(LIST, {"plz": "Gera", "umkreis": "25", "sprache": "ar"}))
    assert sorted(both) == ["Familienberatung Gera-Lusan", "Hebamme Gera"]
    # The language alone: all of Thuringia.
    assert sorted(names(client.get(LIST, {"sprache": "ar"}))) == [
        "Beratung Erfurt",
        "Familienberatung Gera-Lusan",
        "Hebamme Gera",
    ]


def test_an_unknown_language_gets_a_message_not_an_error(client, partners):
    response = client.get(LIST, {"sprache": "klingonisch"})
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Sprache aus der Liste." in response.text
    assert len(names(response)) == 3  # the rest of the search still applies


def test_the_partner_page_names_the_languages_and_the_way_there(client, partners):
    midwife = partners["midwife"]
    midwife.languages.set([language("de"), language("ru")])
    text = client.get(midwife.get_absolute_url()).text
    assert "Beratung in: Deutsch, Russisch" in text
    assert "openstreetmap.org/directions?to=" in text


def test_the_language_list_of_a_partner_card_needs_no_query_per_partner(client, partners):
    for partner in Partner.objects.all():
        partner.languages.set([language("de"), language("en")])
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(10):
        PartnerFactory(name=f"Beratung {n}").languages.set([language("ar")])
    with CaptureQueriesContext(connection) as many:
        assert len(names(client.get(LIST))) == 13
    assert len(many) == len(few)
