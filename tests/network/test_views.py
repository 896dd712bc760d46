import pytest

from tests.factories import (
    CenterFactory,
    CooperationFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
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
