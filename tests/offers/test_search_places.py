"""Places a family types, through the search pages (issue 11): parts of towns, the
portal's Sozialräume, spelling variants, a postcode outside Thuringia and one that does
not exist. ``network.places`` resolves them (tests/network/test_places.py); here the pages
show what became of them."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.centers.test_views import listed_centres
from tests.factories import CenterFactory, SozialraumFactory, district, weekly_offer
from tests.offers.test_search import row_titles

pytestmark = pytest.mark.django_db

# Where a family lives: the centre (postcode) and its weekly offer.
CENTRES = {
    "Kita Lobeda": "07747",
    "Kita Winzerla": "07745",
    "Kita Lusan": "07549",
    "Kita Erfurt-Nord": "99089",
    "Kita Schwarza": "07407",
    "Kita Mühlhausen": "99974",
    "Kita Artern": "06556",
}

# (typed, the place the page names, the nearest centre, the radius taken). "Artern und
# Unstrutaue" is a Sozialraum of the demo data: no town of that name exists.
PLACES = [
    ("Lobeda", "Jena-Lobeda", "Kita Lobeda", 5),
    ("Jena-Lobeda", "Jena-Lobeda", "Kita Lobeda", 5),
    ("Winzerla", "Jena-Winzerla", "Kita Winzerla", 5),
    ("Gera-Lusan", "Gera-Lusan", "Kita Lusan", 5),
    ("gera lusan", "Gera-Lusan", "Kita Lusan", 5),
    ("Erfurt-Nord", "Erfurt-Nord", "Kita Erfurt-Nord", 5),
    ("Rudolstadt-Schwarza", "Rudolstadt-Schwarza", "Kita Schwarza", 10),
    ("Artern und Unstrutaue", "Artern und Unstrutaue", "Kita Artern", 5),
    ("Muehlhausen", "Mühlhausen", "Kita Mühlhausen", 5),
    ("Mühlhausen/Thür.", "Mühlhausen", "Kita Mühlhausen", 5),
    ("07 743", "07743 Jena", "Kita Winzerla", 10),
]


@pytest.fixture
def places():
    SozialraumFactory(district=district("16065"), name="Artern und Unstrutaue", postcodes="06556")
    monday = timezone.localdate() + datetime.timedelta(days=1)
    for name, postcode in CENTRES.items():
        centre = CenterFactory(name=name, postcode=postcode)
        weekly_offer(title=f"Treff {name}", center=centre, weekdays="MO,TU,WE,TH,FR", start=monday)


def heading(response) -> str:
    match = re.search(r'id="results-heading"[^>]*>(.*?)</h2>', response.text, re.S)
    return " ".join(match[1].split())


@pytest.mark.parametrize(("typed", "label", "nearest", "radius"), PLACES)
def test_a_place_a_family_types_is_found_by_the_searches(
    client, places, typed, label, nearest, radius
):
    centres = client.get("/zentren/", {"plz": typed})
    assert centres.context["location"].label == label
    assert listed_centres(centres)[0].name == nearest
    assert heading(centres).endswith(f"innerhalb von {radius} km um {label}")
    assert f"Wir haben für Sie {radius} km gewählt" in centres.text

    offers = client.get("/angebote/", {"plz": typed, "sortierung": "entfernung"})
    assert heading(offers).endswith(f"innerhalb von {radius} km um {label}")
    assert row_titles(offers)[0] == f"Treff {nearest}"

    home = client.get("/", {"plz": typed})
    assert home.context["nearest"][0].name == nearest
    assert f"Zentren in der Nähe von {label}" in home.text


def test_a_postcode_outside_thuringia_shows_the_nearest_thuringian_results_with_distance(
    client, places
):
    """04109 is Leipzig: Gera-Lusan (about 60 km) is the nearest, then Artern and Jena."""
    for url in ("/zentren/", "/angebote/", "/"):
        response = client.get(url, {"plz": "04109", "sortierung": "entfernung"})
        assert "04109 Leipzig liegt nicht in Thüringen" in response.text, url
        assert "km entfernt" in response.text, url
        assert "Einen Teil Ihrer Suche" not in response.text, url
    centres = client.get("/zentren/", {"plz": "04109"})
    listed = [centre.name for centre in listed_centres(centres)]
    assert listed[0] == "Kita Lusan"
    assert centres.context["form"].radius_decided.how == "widened"
    offers = client.get("/angebote/", {"plz": "04109", "sortierung": "entfernung"})
    assert row_titles(offers)[0] == "Treff Kita Lusan"
    assert client.get("/", {"plz": "04109"}).context["nearest"][0].name == "Kita Lusan"


@pytest.mark.parametrize("url", ["/angebote/", "/zentren/", "/netzwerk/", "/"])
def test_a_postcode_that_does_not_exist_is_named_so_and_nothing_is_listed(client, places, url):
    response = client.get(url, {"plz": "99999"})
    assert response.status_code == 200
    assert "Die Postleitzahl 99999 gibt es nicht. Bitte prüfen Sie die Ziffern." in response.text
    assert "fünfstellige" not in response.text  # not "enter five digits"
    assert "Treff Kita" not in response.text and "Kita Lusan" not in response.text
    if url != "/":
        assert response.context["page_obj"].paginator.count == 0
        assert "Welchen Ort meinen Sie?" in response.text
    else:
        assert response.context["nearest"] == []


def test_the_table_of_places(client, places):
    """The closing note's table: what each place typed resolves to (run with -s)."""
    rows = []
    for typed in [row[0] for row in PLACES] + ["04109", "99999"]:
        response = client.get("/zentren/", {"plz": typed})
        location = response.context["location"]
        if location is None:
            errors = response.context["form"].errors["plz"]
            rows.append(f"| {typed} | error: {errors[0]} | no list |")
            continue
        radius = response.context["form"].radius_decided
        first = listed_centres(response)[0]
        where = "" if location.in_home_state else " (outside Thuringia)"
        rows.append(
            f"| {typed} | {location.label}{where} | {radius.km} km ({radius.how}); "
            f"nearest: {first.name}, {first.distance:.1f} km |"
        )
    print("\n" + "\n".join(rows))
    assert len(rows) == len(PLACES) + 2
