import datetime

import pytest
from django.urls import reverse

from centers.models import Center
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    OpeningHoursFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    language,
)

pytestmark = pytest.mark.django_db
LIST = "/zentren/"


def listed_centres(response) -> list[Center]:
    """The centres of the page, in order, with their ``distance`` near a place (the view
    lists narrow rows: id and distance)."""
    listed = response.context["page_obj"].object_list
    found = Center.objects.in_bulk([row.pk for row in listed])
    for row in listed:
        found[row.pk].distance = row.distance
    return [found[row.pk] for row in listed]


def names(response) -> list[str]:
    return [center.name for center in listed_centres(response)]


@pytest.fixture
def centres():
    """Four centres around Jena and Erfurt with different facts."""
    lobeda = SozialraumFactory(district=district("16053"), name="Lobeda", slug="lobeda")
    nord = SozialraumFactory(district=district("16051"), name="Erfurt-Nord", slug="erfurt-nord")
    jena_ost = CenterFactory(name="Jena-Ost", postcode="07749", sozialraum=lobeda)
    jena_ost.languages.set([language("de"), language("ar")])
    kahla = CenterFactory(
        name="Kahla", postcode="07768", city="Kahla", sozialraum=lobeda, step_free_access=True
    )
    erfurt = CenterFactory(
        name="Erfurt", postcode="99089", city="Erfurt", sozialraum=nord, step_free_access=True
    )
    erfurt.languages.set([language("de"), language("uk")])
    CenterFactory(name="Geschlossen", postcode="07743", is_active=False)
    return {"jena_ost": jena_ost, "kahla": kahla, "erfurt": erfurt, "lobeda": lobeda}


def test_it_lists_active_centres_by_name(client, centres):
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Erfurt", "Jena-Ost", "Kahla"]
    assert "3 Zentren" in response.text


def test_it_sorts_by_distance_and_shows_it(client, centres):
    response = client.get(LIST, {"plz": "07743", "umkreis": "25"})
    assert names(response) == ["Jena-Ost", "Kahla"]
    assert "innerhalb von 25 km um 07743 Jena" in response.text
    assert "3,1 km entfernt" in response.text or "3,2 km entfernt" in response.text


def test_a_town_name_works_like_a_postcode(client, centres):
    response = client.get(LIST, {"plz": "Erfurt", "umkreis": "10"})
    assert names(response) == ["Erfurt"]


def test_without_a_chosen_radius_the_smallest_with_results_is_taken_and_named(
    client, centres, django_assert_max_num_queries
):
    # Jena-Ost lies about 3 km from the middle of 07743, Kahla about 15 km.
    # 8 with a chosen radius (the cards' centres read after the page's narrow rows, as in
    # a transaction nothing is kept), + 1: the distance of the nearest centre.
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"plz": "07743"})
    assert response.context["form"].radius == 5
    assert names(response) == ["Jena-Ost"]
    assert "innerhalb von 5 km um 07743 Jena" in response.text
    assert "Wir haben für Sie 5 km gewählt" in response.text
    assert "plz=07743&amp;umkreis=10" in response.text  # one click to widen
    assert "umkreis=25" in response.text and "umkreis=50" in response.text
    # Step-free only: Kahla (15 km) is the nearest, so 25 km.
    response = client.get(LIST, {"plz": "07743", "barrierefrei": "on"})
    assert response.context["form"].radius == 25
    assert names(response) == ["Kahla"]
    # Nothing within 25 km: the empty list at 25 km offers 50 km.
    response = client.get(LIST, {"plz": "07743", "sprache": "uk"})
    assert response.context["form"].radius == 25
    assert names(response) == []
    assert "umkreis=50" in response.text


@pytest.mark.parametrize("radius", ["10", "25"])
def test_a_radius_the_family_chose_is_kept(client, centres, radius):
    response = client.get(LIST, {"plz": "07743", "umkreis": radius})
    assert response.context["form"].radius == int(radius)
    assert "Wir haben für Sie" not in response.text


def test_an_empty_radius_means_automatic_and_the_form_says_so(client, centres):
    response = client.get(LIST, {"plz": "07743", "umkreis": ""})
    assert response.context["form"].radius == 5
    assert '<option value="" selected>automatisch (5 bis 25 km)</option>' in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kreis": "jena"}, ["Jena-Ost", "Kahla"]),
        ({"kreis": "erfurt"}, ["Erfurt"]),
        ({"sprache": "ar"}, ["Jena-Ost"]),
        ({"sprache": "uk"}, ["Erfurt"]),
        ({"barrierefrei": "on"}, ["Erfurt", "Kahla"]),
        ({"kreis": "jena", "barrierefrei": "on"}, ["Kahla"]),
        ({"plz": "07743", "umkreis": "50", "barrierefrei": "on"}, ["Kahla", "Erfurt"]),
        ({"plz": "07743", "umkreis": "5"}, ["Jena-Ost"]),
        ({"kreis": "erfurt", "sprache": "ar"}, []),
    ],
)
def test_filters_alone_and_combined(client, centres, params, expected):
    assert names(client.get(LIST, params)) == expected


def test_the_sozialraum_filter(client, centres):
    response = client.get(LIST, {"sozialraum": centres["lobeda"].pk})
    assert names(response) == ["Jena-Ost", "Kahla"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"plz": "07743", "umkreis": "7"}, "Bitte wählen Sie eine der Entfernungen"),
        ({"plz": "07743", "umkreis": "zehn"}, "Bitte wählen Sie eine der Entfernungen"),
        ({"kreis": "atlantis"}, "Bitte wählen Sie einen Landkreis aus der Liste"),
        ({"sozialraum": "abc"}, "Bitte wählen Sie einen Sozialraum aus der Liste"),
        ({"sozialraum": "999999"}, "Bitte wählen Sie einen Sozialraum aus der Liste"),
        ({"sprache": "klingonisch"}, "Bitte wählen Sie eine Sprache aus der Liste"),
    ],
)
def test_bad_input_gets_a_german_message_and_the_rest_of_the_search(
    client, centres, params, message
):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert message in response.text
    assert "Einen Teil Ihrer Suche konnten wir nicht verwenden" in response.text
    # The invalid entry is ignored: all three centres (or those within the radius) remain.
    assert len(names(response)) >= 1


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("99999", "Die Postleitzahl 99999 gibt es nicht."),
        ("0774", "Eine Postleitzahl hat fünf Ziffern, zum Beispiel 07743."),
        ("Atlantis", "Wir konnten keinen Ort „Atlantis“ finden."),
    ],
)
def test_a_place_not_found_is_explained_and_no_list_is_shown(client, centres, place, message):
    """Never all of Thuringia under an error, as if it were near."""
    response = client.get(LIST, {"plz": place, "kreis": "jena"})
    assert response.status_code == 200
    assert message in response.text
    assert "Einen Teil Ihrer Suche konnten wir nicht verwenden" in response.text
    assert "Die Liste unten lässt diese Angaben weg" not in response.text
    assert "Welchen Ort meinen Sie?" in response.text
    assert names(response) == []
    assert 'class="result-card' not in response.text
    assert 'href="?kreis=jena"' in response.text  # the search without the place
    markers = client.get(reverse("centers:center_map_data"), {"plz": place}).json()
    assert markers == {"centers": []}


def test_from_outside_thuringia_the_nearest_centres_are_shown_with_the_distance(
    client, centres, django_assert_max_num_queries
):
    # 04109 is Leipzig: Jena lies about 70 km away, Kahla about 77 km, Erfurt about 104 km.
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"plz": "04109"})
    assert response.status_code == 200
    assert "04109 Leipzig liegt nicht in Thüringen" in response.text
    # The nearest (70 km) and those within 25 km more, rounded up to tens: 100 km.
    assert (
        "Näher als 69 km gibt es nichts, deshalb haben wir im Umkreis von 100 km gesucht"
        in response.text
    )
    assert response.context["form"].radius == 100
    assert names(response) == ["Jena-Ost", "Kahla"]
    assert "km entfernt" in response.text
    assert "Einen Teil Ihrer Suche" not in response.text  # not an error
    # A radius chosen from outside is kept when it holds results, widened when not.
    assert client.get(LIST, {"plz": "04109", "umkreis": "5"}).context["form"].radius == 100
    far = client.get(LIST, {"plz": "04109", "kreis": "erfurt"})
    assert names(far) == ["Erfurt"] and far.context["form"].radius == 130


def test_an_invalid_field_is_marked_for_assistive_technology(client, centres):
    response = client.get(LIST, {"kreis": "atlantis"})
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_kreis_error"' in response.text
    assert 'id="id_kreis_error"' in response.text
    assert 'href="#id_kreis"' in response.text  # the error summary links to the field


@pytest.mark.parametrize(
    "query",
    [
        "seite=999",
        "seite=-1",
        "seite=abc",
        "plz=%00%ff",
        "plz=" + "9" * 5000,
        "umkreis=1e309",
        "kreis[]=x&kreis=y",
        "barrierefrei=vielleicht",
        "%zz=1",
    ],
)
def test_malformed_query_strings_never_cause_an_error(client, centres, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client, settings):
    settings.THEKIZ_PAGE_SIZE = 2
    for n in range(5):
        CenterFactory(name=f"Zentrum {n}")
    response = client.get(LIST, {"seite": "99"})
    assert response.context["page_obj"].number == 3
    assert names(response) == ["Zentrum 4"]


def test_pagination_keeps_the_search(client, settings, centres):
    settings.THEKIZ_PAGE_SIZE = 1
    response = client.get(LIST, {"kreis": "jena"})
    assert "?kreis=jena&amp;seite=2" in response.text


def test_an_empty_result_suggests_widening_the_search(client, centres):
    response = client.get(LIST, {"plz": "99084", "umkreis": "5", "sprache": "ar"})
    assert names(response) == []
    assert "Keine Einrichtung passt zu dieser Suche" in response.text or (
        "Kein Zentrum passt zu dieser Suche" in response.text
    )
    assert "umkreis=50" in response.text


def test_the_list_is_available_in_english(client, centres):
    response = client.get("/en" + LIST)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "3 centres" in response.text


def test_map_data_follows_the_search(client, centres):
    response = client.get(reverse("centers:center_map_data"), {"plz": "07743", "umkreis": "25"})
    assert response.status_code == 200
    data = response.json()["centers"]
    assert [marker["name"] for marker in data] == ["Jena-Ost", "Kahla"]
    assert data[0]["url"] == centres["jena_ost"].get_absolute_url()
    assert 50 < data[0]["lat"] < 51 and 11 < data[0]["lon"] < 12


def test_list_pages_refuse_post(client):
    assert client.post(LIST).status_code == 405


def test_a_profile_shows_address_contact_hours_and_partners(client):
    center = CenterFactory(
        name="Kita Regenbogen",
        street="Lindenweg 3",
        postcode="07747",
        phone="03641 012345",
        email="kita@example.org",
        highlights="Familiencafé\nGarten",
    )
    OpeningHoursFactory(center=center)
    midwife = PartnerFactory(name="Hebamme Anke Sommer", kind="hebamme")
    CooperationFactory(center=center, partner=midwife, topics="Hebammensprechstunde")
    CooperationFactory(center=center, partner=PartnerFactory(name="Verborgen", is_active=False))

    response = client.get(center.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and "Kita Regenbogen" in text
    assert "Lindenweg 3" in text and "07747 Jena" in text
    assert 'href="tel:+493641012345"' in text
    assert "openstreetmap.org/?mlat=" in text
    assert "Montag" in text and "07:00–16:00" in text
    assert "Hebamme Anke Sommer" in text and "Hebammensprechstunde" in text
    assert "Verborgen" not in text
    assert "Familiencafé" in text


def test_an_unknown_or_inactive_centre_is_the_portals_404(client):
    hidden = CenterFactory(is_active=False)
    for url in ["/zentren/gibt-es-nicht/", hidden.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Diese Seite finden wir nicht" in response.text


def test_a_profile_says_when_it_was_last_checked_and_how_to_get_there(client):
    center = CenterFactory(
        postcode="07747",
        latitude="50.880000",
        longitude="11.600000",
        nearest_stop="Lobeda-West (Straßenbahn 1, 2, 5)",
        last_reviewed=datetime.date(2026, 11, 3),
    )
    text = client.get(center.get_absolute_url()).text
    assert 'Zuletzt geprüft am <time datetime="2026-11-03">3. November 2026</time>' in text
    assert "Nächste Haltestelle: Lobeda-West (Straßenbahn 1, 2, 5)" in text
    # A plain link to the route planner; nothing is loaded from OpenStreetMap.
    assert (
        '<a class="kern-link" href="https://www.openstreetmap.org/directions?to=50.880000%2C11.600000'
        in text
    )
    english = client.get("/en" + center.get_absolute_url()).text
    assert 'Last checked on <time datetime="2026-11-03">3 November 2026</time>' in english


def test_a_profile_never_checked_and_without_a_stop_says_nothing_about_them(client):
    text = client.get(CenterFactory().get_absolute_url()).text
    assert "Zuletzt geprüft" not in text and "Haltestelle" not in text
