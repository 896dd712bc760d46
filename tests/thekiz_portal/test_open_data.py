"""Open data: the nightly files hold only public data, the "Daten" page links them with
their licence and time."""

import csv
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from offers.models import Offer
from tests.factories import CenterFactory, OfferFactory, PartnerFactory, weekly_offer
from thekiz_portal.hsds.ids import Kind, object_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    offer = weekly_offer(
        title="Krabbelgruppe",
        contact_name="Erika Mustermann",
        contact_email="erika.mustermann@example.org",
    )
    PartnerFactory(name="Familienberatung Jena")
    OfferFactory(title="Geheimer Entwurf", center=offer.center, status=Offer.Status.DRAFT)
    closed = CenterFactory(name="Geschlossenes Zentrum", is_active=False)
    OfferFactory(title="Im geschlossenen Zentrum", center=closed)
    PartnerFactory(name="Stiller Partner", is_active=False)
    call_command("open_data_export", stdout=io.StringIO())
    return offer


def read(name: str) -> str:
    with default_storage.open(f"open-data/{name}") as file:
        return file.read().decode("utf-8-sig")


def test_the_files_hold_the_public_data_as_csv_and_json(exported):
    offers = json.loads(read("angebote.json"))
    assert [offer["title"] for offer in offers] == ["Krabbelgruppe"]
    assert offers[0]["id"] == object_id(Kind.SERVICE, exported.pk)
    assert "Dienstag" in offers[0]["schedules"]
    rows = list(csv.DictReader(io.StringIO(read("angebote.csv"))))
    assert [row["title"] for row in rows] == ["Krabbelgruppe"]
    assert [row["name"] for row in json.loads(read("partner.json"))] == ["Familienberatung Jena"]
    assert [row["name"] for row in csv.DictReader(io.StringIO(read("zentren.csv")))] == [
        exported.center.name
    ]


def test_nothing_unpublished_or_personal_is_in_any_file(exported):
    texts = [
        read(f"{name}.{ext}")
        for name in ("zentren", "partner", "angebote")
        for ext in ("csv", "json")
    ]
    for secret in [
        "Geheimer Entwurf",
        "Im geschlossenen Zentrum",
        "Geschlossenes Zentrum",
        "Stiller Partner",
        "Mustermann",
    ]:
        assert not any(secret in text for text in texts), secret


def test_the_page_links_the_files_with_licence_and_time(client, exported):
    response = client.get("/daten/")
    assert response.status_code == 200
    text = response.text
    assert "Datenlizenz Deutschland – Namensnennung 2.0" in text
    assert "Stand:" in text
    for name in ("zentren.csv", "zentren.json", "partner.csv", "angebote.json"):
        assert f"/media/open-data/{name}" in text
    assert "1 Eintrag" in text


def test_the_licence_comes_from_the_settings(client, exported, settings):
    settings.THEKIZ_OPEN_DATA_LICENCE = "CC BY 4.0"
    assert "CC BY 4.0" in client.get("/daten/").text


def test_before_the_first_export_the_page_says_so(client):
    response = client.get("/daten/")
    assert response.status_code == 200
    assert "noch nicht erzeugt" in response.text


def test_a_second_export_replaces_the_files(exported):
    OfferFactory(title="Elterncafé", center=exported.center)
    call_command("open_data_export", stdout=io.StringIO())
    titles = [offer["title"] for offer in json.loads(read("angebote.json"))]
    assert sorted(titles) == ["Elterncafé", "Krabbelgruppe"]
    # The same names again (a storage may rename a file that exists: not here).
    assert sorted(default_storage.listdir("open-data")[1]) == [
        "angebote.csv",
        "angebote.json",
        "partner.csv",
        "partner.json",
        "stand.json",
        "zentren.csv",
        "zentren.json",
    ]


def test_the_export_needs_a_constant_number_of_queries():
    def export_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            call_command("open_data_export", stdout=io.StringIO())
        return sum(
            query["sql"].startswith("SELECT") and "thekiz_cache" not in query["sql"]
            for query in queries
        )

    weekly_offer()
    PartnerFactory()
    few = export_queries()
    for _ in range(5):
        weekly_offer()
        PartnerFactory()
    assert export_queries() == few
