"""The HSDS API over HTTP: conditional requests, CORS for GET only, a rate limit per
client, and a number of queries that does not grow with the page or the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CenterFactory, PartnerFactory, language, weekly_offer
from thekiz_portal.hsds.ids import Kind, object_id

pytestmark = pytest.mark.django_db

SERVICES = "/api/hsds/services"


def test_an_answer_carries_validators_and_may_be_cached_briefly(client, offer):
    response = client.get(SERVICES)
    assert response["ETag"]
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_asking_again_with_the_etag_gets_not_modified(client, offer):
    etag = client.get(SERVICES)["ETag"]
    response = client.get(SERVICES, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_etag_belongs_to_its_query(client, offer):
    etag = client.get(SERVICES)["ETag"]
    response = client.get(f"{SERVICES}?page=2", headers={"if-none-match": etag})
    assert response.status_code == 200


def test_after_a_change_the_answer_is_sent_again(client, offer, django_capture_on_commit_callbacks):
    url = f"{SERVICES}/{object_id(Kind.SERVICE, offer.pk)}"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        offer.title = "Krabbelgruppe am Vormittag"
        offer.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["name"] == "Krabbelgruppe am Vormittag"


def test_asking_again_with_the_date_gets_not_modified(client, offer):
    offer.clock.shift(2)
    modified = client.get(SERVICES)["Last-Modified"]
    offer.clock.shift(2)
    assert client.get(SERVICES, headers={"if-modified-since": modified}).status_code == 304


def test_cors_is_open_for_get_only(client, offer):
    assert client.get(SERVICES)["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(SERVICES, headers={"origin": "https://example.org"})
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    response = client.post(SERVICES)
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response


def test_too_many_requests_get_429_with_retry_after(client, offer, settings):
    settings.THEKIZ_API_RATE = "3/60"
    other = {"REMOTE_ADDR": "192.0.2.7"}
    for _ in range(3):
        assert client.get(SERVICES, **other).status_code == 200
    response = client.get(SERVICES, **other)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["error"]
    # Another client is not held back.
    assert client.get(SERVICES, REMOTE_ADDR="192.0.2.8").status_code == 200


def _build(count: int) -> None:
    arabic = language("ar")
    for _ in range(count):
        center = CenterFactory()
        center.languages.set([arabic])
        offer = weekly_offer(center=center, sync=False)
        offer.languages.set([arabic])
        partner = PartnerFactory()
        partner.languages.set([arabic])


def _counts(client, per_page: int = 200) -> dict[str, int]:
    counts = {}
    for path in [
        f"services?per_page={per_page}",
        f"service_at_locations?per_page={per_page}",
        f"service_at_locations?postcode=07743&proximity=20000&per_page={per_page}",
        f"organizations?per_page={per_page}",
        "taxonomy_terms",
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/hsds/{path}").status_code == 200
        # The rate limit's counter lives in the cache (with the database cache, a few
        # queries and savepoints whose number depends on the cache's own housekeeping).
        counts[path] = sum(
            query["sql"].startswith("SELECT") and "thekiz_cache" not in query["sql"]
            for query in queries
        )
    return counts


def test_the_number_of_queries_does_not_grow_with_the_data(client):
    _build(2)
    few = _counts(client)
    _build(8)
    assert _counts(client) == few
    # Nor with the page's size (a short page of organizations may need one table only).
    small = list(_counts(client, per_page=2).values())
    assert all(count <= most for count, most in zip(small, few.values(), strict=True))
    assert few["services?per_page=200"] <= 7  # count, page, five prefetches


def test_the_kept_count_follows_a_new_offer(client, offer, django_capture_on_commit_callbacks):
    assert client.get(SERVICES).json()["total_items"] == 1
    assert client.get(SERVICES).json()["total_items"] == 1  # counted once, kept
    offer.clock.shift(5)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_offer(title="Elterncafé")
    offer.clock.shift(5)
    assert client.get(SERVICES).json()["total_items"] == 2


def test_a_browser_preferring_english_gets_the_same_german_answer(client, offer):
    german = client.get(SERVICES)
    english = client.get(SERVICES, headers={"accept-language": "en"})
    assert english.status_code == 200
    assert english.json() == german.json()
    assert english.json()["contents"][0]["schedules"][0]["description"].startswith("jeden")


def test_a_bad_parameter_is_explained_in_german_whatever_language_is_asked_for(client):
    for accept in ("de", "en"):
        response = client.get("/api/hsds/services?page=abc", HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 400
        assert response.json() == {
            "error": "„page“ muss eine ganze Zahl sein.",
            "parameter": "page",
        }
    refused = client.post("/api/hsds/services")
    assert refused.status_code == 405 and refused.json()["error"] == "Nur GET ist erlaubt."
