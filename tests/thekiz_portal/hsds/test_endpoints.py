"""The HSDS 3.0 API: every endpoint's answer is valid against the specification's schemas,
shows only published public data, and is paged, filtered and looked up by stable ids."""

import datetime

import pytest
from django.utils import timezone

from offers.models import Category, Offer
from offers.services import occurrence_cancel
from tests.factories import (
    CenterFactory,
    OfferFactory,
    PartnerFactory,
    ScheduleFactory,
    language,
    weekly_offer,
)
from tests.thekiz_portal.hsds.conftest import assert_valid
from thekiz_portal.hsds.ids import Kind, object_id, object_key

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def offer():  # rather than tests/thekiz_portal/conftest.py's
    center = CenterFactory(
        phone="03641 123456",
        email="kontakt@sonnenschein.example",
        step_free_access=True,
        nearest_stop="Lobeda-West",
    )
    center.languages.set([language("de"), language("ar")])
    offer = weekly_offer(
        title="Krabbelgruppe",
        center=center,
        age_min_months=6,
        age_max_months=36,
        cost=Offer.Cost.AMOUNT,
        cost_amount=2,
        cost_note="mit Familienpass frei",
        contact_name="Erika Mustermann",
        contact_email="erika.mustermann@example.org",
        categories=[Category.objects.first()],
    )
    offer.languages.set([language("de")])
    return offer


def get(client, path, **params):
    response = client.get(f"/api/hsds/{path}", params)
    assert response["Content-Type"] == "application/json"
    return response


def test_the_root_names_the_version_and_the_openapi_document(client):
    data = get(client, "").json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/api/hsds/openapi.json")


def test_a_service_is_valid_and_carries_what_the_offer_says(client, offer):
    data = get(client, f"services/{object_id(Kind.SERVICE, offer.pk)}").json()
    assert_valid(data, "service.json")
    assert data["name"] == "Krabbelgruppe"
    assert data["minimum_age"] == 0.5
    assert data["maximum_age"] == 3
    assert data["organization_id"] == object_id(Kind.OPERATOR, offer.center.operator_id)
    assert data["cost_options"][0]["amount"] == 2.0
    assert data["cost_options"][0]["currency"] == "EUR"
    assert [language["code"] for language in data["languages"]] == ["de"]
    [schedule] = data["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["interval"]) == ("WEEKLY", "TU", 1)
    assert (schedule["opens_at"], schedule["closes_at"]) == ("09:30", "11:00")
    assert schedule["schedule_link"].endswith(f"/angebote/{offer.slug}/kalender.ics")
    [term] = data["attributes"]
    assert term["taxonomy_term_id"] == object_id(Kind.TAXONOMY_TERM, Category.objects.first().pk)
    [at_location] = data["service_at_locations"]
    location = at_location["location"]
    assert location["name"] == offer.center.name
    assert location["addresses"][0]["postal_code"] == "07743"
    assert location["addresses"][0]["state_province"] == "Thüringen"
    assert location["transportation"] == "Lobeda-West"
    assert {language["code"] for language in location["languages"]} == {"de", "ar"}
    assert location["accessibility"]


def test_the_contact_is_the_centres_never_the_person(client, offer):
    response = get(client, f"services/{object_id(Kind.SERVICE, offer.pk)}")
    [contact] = response.json()["contacts"]
    assert contact["email"] == "kontakt@sonnenschein.example"
    assert contact["phones"][0]["number"] == "03641 123456"
    assert "Mustermann" not in response.text


def test_a_cancelled_date_is_named_as_an_exception_of_its_schedule(client, offer):
    occurrence = offer.occurrences.order_by("start")[1]
    occurrence_cancel(occurrence=occurrence, reason="Krankheit")
    data = get(client, f"services/{object_id(Kind.SERVICE, offer.pk)}").json()
    [schedule] = data["schedules"]
    assert "Entfällt am" in schedule["notes"]
    assert str(occurrence.original_date.year) in schedule["notes"]


def test_a_monthly_rule_names_its_week_in_byday(client):
    offer = OfferFactory()
    ScheduleFactory(offer=offer, frequency="monthly", weekdays="WE", month_week=-1, count=5)
    data = get(client, f"services/{object_id(Kind.SERVICE, offer.pk)}").json()
    assert_valid(data, "service.json")
    [schedule] = data["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["count"]) == ("MONTHLY", "-1WE", 5)


def test_a_single_date_and_an_online_offer_are_valid(client):
    offer = OfferFactory(place=Offer.PlaceKind.ONLINE, online_url="https://meet.example/abc")
    ScheduleFactory(offer=offer, frequency="once", weekdays="")
    data = get(client, f"services/{object_id(Kind.SERVICE, offer.pk)}").json()
    assert_valid(data, "service.json")
    assert data["schedules"][0]["count"] == 1
    assert data["service_at_locations"][0]["location"]["location_type"] == "virtual"


def test_an_offer_at_another_address_is_its_own_location(client):
    offer = OfferFactory(
        place=Offer.PlaceKind.ADDRESS,
        place_name="Stadtbibliothek",
        street="Engelplatz 2",
        postcode="07743",
        city="Jena",
        latitude="50.927",
        longitude="11.586",
        barrier_free=True,
    )
    data = get(client, f"service_at_locations/{object_id(Kind.SERVICE_AT_LOCATION, offer.pk)}")
    data = data.json()
    assert_valid(data, "service_at_location.json")
    assert data["location"]["name"] == "Stadtbibliothek"
    assert data["location"]["id"] == object_id(Kind.OFFER_LOCATION, offer.pk)
    assert data["service"]["id"] == object_id(Kind.SERVICE, offer.pk)


def test_the_list_is_paged_the_hsds_way(client):
    for _ in range(3):
        weekly_offer()
    data = get(client, "services", per_page=2, page=2).json()
    assert set(data) == PAGE_KEYS
    assert (data["total_items"], data["total_pages"], data["page_number"]) == (3, 2, 2)
    assert (data["size"], data["first_page"], data["last_page"], data["empty"]) == (
        1,
        False,
        True,
        False,
    )
    for service in data["contents"]:
        assert_valid(service, "service.json")
    beyond = get(client, "services", per_page=2, page=5).json()
    assert beyond["contents"] == [] and beyond["size"] == 0 and beyond["last_page"]


@pytest.mark.parametrize("path", ["services", "service_at_locations", "organizations"])
def test_an_empty_list_says_so(client, path):
    data = get(client, path).json()
    assert (data["total_items"], data["empty"], data["contents"]) == (0, True, [])


def test_every_list_item_is_valid(client, offer):
    PartnerFactory(email="info@beratung.example", website="https://beratung.example")
    for path, schema in [
        ("service_at_locations", "service_at_location.json"),
        ("organizations", "organization.json"),
        ("taxonomies", "taxonomy.json"),
        ("taxonomy_terms", "taxonomy_term.json"),
    ]:
        data = get(client, path).json()
        assert data["contents"], path
        assert set(data) == PAGE_KEYS, path
        for item in data["contents"]:
            assert_valid(item, schema)


def test_organizations_are_operators_then_partners_and_each_can_be_looked_up(client, offer):
    partner = PartnerFactory()
    data = get(client, "organizations").json()
    ids = [organization["id"] for organization in data["contents"]]
    assert ids == [
        object_id(Kind.OPERATOR, offer.center.operator_id),
        object_id(Kind.PARTNER, partner.pk),
    ]
    operator = get(client, f"organizations/{ids[0]}").json()
    assert_valid(operator, "organization.json")
    assert [location["name"] for location in operator["locations"]] == [offer.center.name]
    partner_data = get(client, f"organizations/{ids[1]}").json()
    assert_valid(partner_data, "organization.json")
    assert partner_data["name"] == partner.name


def test_organizations_page_across_both_tables(client):
    operators = [CenterFactory().operator for _ in range(2)]
    partners = [PartnerFactory() for _ in range(2)]
    pages = [get(client, "organizations", per_page=3, page=n).json() for n in (1, 2)]
    ids = [item["id"] for page in pages for item in page["contents"]]
    assert ids == [object_id(Kind.OPERATOR, operator.pk) for operator in operators] + [
        object_id(Kind.PARTNER, partner.pk) for partner in partners
    ]


def test_nothing_unpublished_appears(client, offer):
    draft = OfferFactory(title="Geheimer Entwurf", status=Offer.Status.DRAFT)
    archived = OfferFactory(title="Altes Angebot", status=Offer.Status.ARCHIVED)
    closed = CenterFactory(name="Geschlossenes Zentrum", is_active=False)
    at_closed = OfferFactory(title="Im geschlossenen Zentrum", center=closed)
    hidden_partner = PartnerFactory(name="Stiller Partner", is_active=False)
    texts = [
        get(client, path, per_page=200).text
        for path in ["services", "service_at_locations", "organizations"]
    ]
    for secret in [
        "Geheimer Entwurf",
        "Altes Angebot",
        "Geschlossenes Zentrum",
        "Im geschlossenen Zentrum",
        "Stiller Partner",
    ]:
        assert not any(secret in text for text in texts), secret
    for hidden in (draft, archived, at_closed):
        assert get(client, f"services/{object_id(Kind.SERVICE, hidden.pk)}").status_code == 404
    assert (
        get(client, f"organizations/{object_id(Kind.PARTNER, hidden_partner.pk)}").status_code
        == 404
    )
    assert (
        get(client, f"organizations/{object_id(Kind.OPERATOR, closed.operator_id)}").status_code
        == 404
    )


def test_an_unknown_or_foreign_id_is_a_404_in_json(client, offer):
    for value in ["abc", "00000000-0000-4000-8000-000000000000", object_id(Kind.PARTNER, 1)]:
        response = get(client, f"services/{value}")
        assert response.status_code == 404
        assert response.json()["error"]


def test_filter_by_taxonomy_term(client, offer):
    other = weekly_offer(title="Elterncafé", categories=[Category.objects.last()])
    term = object_id(Kind.TAXONOMY_TERM, Category.objects.last().pk)
    data = get(client, "services", taxonomy_term_id=term).json()
    assert [service["id"] for service in data["contents"]] == [object_id(Kind.SERVICE, other.pk)]


def test_filter_by_organization(client, offer):
    weekly_offer(title="Anderswo")
    operator = object_id(Kind.OPERATOR, offer.center.operator_id)
    data = get(client, "services", organization_id=operator).json()
    assert [service["name"] for service in data["contents"]] == ["Krabbelgruppe"]


def test_filter_by_modified_after(client, offer):
    Offer.objects.filter(pk=offer.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    weekly_offer(title="Neu")
    since = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    data = get(client, "services", modified_after=since).json()
    assert [service["name"] for service in data["contents"]] == ["Neu"]
    with_time = get(client, "services", modified_after=f"{since}T00:00:00+01:00").json()
    assert with_time["total_items"] == 1


def test_proximity_finds_the_places_near_a_postcode_nearest_first(client, offer):
    far = weekly_offer(title="Erfurt", center=CenterFactory(postcode="99084", city="Erfurt"))
    near = get(client, "service_at_locations", postcode="07743", proximity=10000).json()
    assert [item["service"]["name"] for item in near["contents"]] == ["Krabbelgruppe"]
    both = get(client, "service_at_locations", postcode="07743", proximity=100000).json()
    assert [item["service"]["name"] for item in both["contents"]] == ["Krabbelgruppe", "Erfurt"]
    in_postcode = get(client, "service_at_locations", postcode="99084").json()
    assert [item["service_id"] for item in in_postcode["contents"]] == [
        object_id(Kind.SERVICE, far.pk)
    ]


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("services", {"page": "abc"}, "page"),
        ("services", {"page": "0"}, "page"),
        ("services", {"per_page": "100000"}, "per_page"),
        ("services", {"modified_after": "garbage"}, "modified_after"),
        ("services", {"modified_after": "2026-13-45"}, "modified_after"),
        ("services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ("organizations", {"page": "-1"}, "page"),
        ("service_at_locations", {"proximity": "1000"}, "proximity"),
        ("service_at_locations", {"postcode": "07743", "proximity": "far"}, "proximity"),
        ("service_at_locations", {"postcode": "00000", "proximity": "1000"}, "postcode"),
    ],
)
def test_a_malformed_parameter_is_a_400_that_says_which(client, path, params, parameter):
    response = get(client, path, **params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert parameter in response.json()["error"]


def test_a_well_formed_id_of_nothing_filters_to_nothing(client, offer):
    data = get(client, "services", taxonomy_term_id="00000000-0000-4000-8000-000000000000").json()
    assert data["total_items"] == 0


def test_ids_are_uuids_that_read_back_to_their_row(offer):
    value = object_id(Kind.SERVICE, offer.pk)
    assert object_key(value, (Kind.SERVICE,)) == (Kind.SERVICE, offer.pk)
    assert object_key(value, (Kind.OPERATOR,)) is None
    assert object_id(Kind.SERVICE, offer.pk) == value  # deterministic
    assert value[14] == "8"  # RFC 9562 version 8


def test_the_openapi_document_describes_every_path_served(client):
    from django.urls import get_resolver

    document = get(client, "openapi.json").json()
    assert document["openapi"].startswith("3.1")
    served = {
        "/" + str(pattern.pattern).replace("<str:id>", "{id}")
        for pattern in get_resolver("thekiz_portal.hsds.urls").url_patterns
    } - {"/openapi.json"}
    assert set(document["paths"]) == served
    assert document["info"]["license"]["name"] == "Datenlizenz Deutschland – Namensnennung 2.0"


@pytest.mark.parametrize(
    "query",
    [
        "page=1e3",
        "per_page=-5",
        "page=99999999999999999999",
        "modified_after=2026-01-01T25:00",
        "modified_after=2026-02-30",
        "postcode=%C3%84%C3%96%C3%9C&proximity=1000",
        "postcode=07743&proximity=1e9",
        "postcode=07743&proximity=",
        "organization_id=%00",
        "taxonomy_id=x",
        "page=%00",
    ],
)
@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "organizations", "taxonomy_terms"]
)
def test_no_query_string_makes_it_fail(client, path, query):
    response = client.get(f"/api/hsds/{path}?{query}")
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"
    assert response.json()
