"""Public pages answer conditional requests and may be kept briefly by shared caches;
nothing a signed-in person sees is ever cached publicly."""

import datetime

import pytest
from django.utils import timezone

from offers.services import occurrence_cancel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/angebote/", "/angebote/?plz=07743&umkreis=25&alter=2", "/zentren/", "/en/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_page_carries_validators_and_may_be_cached_briefly(client, offer, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response["Vary"]
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("url", [*PUBLIC, "offer"])
def test_asking_again_with_the_etag_gets_not_modified(client, offer, url):
    url = offer.get_absolute_url() if url == "offer" else url
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_weak_etag_from_a_compressing_proxy_matches_too(client, offer):
    etag = client.get("/angebote/")["ETag"]
    assert client.get("/angebote/", headers={"if-none-match": f"W/{etag}"}).status_code == 304


def test_asking_again_with_the_date_gets_not_modified(client, offer):
    offer.clock.shift(2)  # Last-Modified has whole seconds
    modified = client.get("/angebote/")["Last-Modified"]
    offer.clock.shift(2)
    assert client.get("/angebote/", headers={"if-modified-since": modified}).status_code == 304


def test_an_etag_of_another_page_or_made_up_does_not_match(client, offer):
    etag = client.get("/angebote/")["ETag"]
    assert client.get("/zentren/", headers={"if-none-match": etag}).status_code == 200
    assert client.get("/en/angebote/", headers={"if-none-match": etag}).status_code == 200
    forged = '"' + etag.strip('"').split("-")[0] + '-0000000000000000"'
    assert client.get("/angebote/", headers={"if-none-match": forged}).status_code == 200


def test_after_an_offer_changes_the_page_is_sent_again(
    client, offer, django_capture_on_commit_callbacks
):
    etag = client.get("/angebote/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        offer.title = "Krabbelgruppe am Vormittag"
        offer.save()
    response = client.get("/angebote/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Krabbelgruppe am Vormittag" in response.text
    assert response["ETag"] != etag


def test_after_a_date_is_cancelled_the_offer_page_is_sent_again(
    client, offer, django_capture_on_commit_callbacks
):
    url = offer.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_cancel(occurrence=offer.occurrences.first(), reason="Krankheit")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_copy_older_than_five_minutes_is_sent_again(client, offer):
    etag = client.get("/angebote/")["ETag"]
    offer.clock.shift(301)
    assert client.get("/angebote/", headers={"if-none-match": etag}).status_code == 200


def test_a_change_is_recorded_once_its_transaction_commits(
    client, offer, django_capture_on_commit_callbacks
):
    etag = client.get("/angebote/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        offer.title = "Eins"
        offer.save()
        offer.categories.clear()
        # Not committed yet: other connections still see (and render) the old offer.
        assert client.get("/angebote/", headers={"if-none-match": etag}).status_code == 304
    assert len(callbacks) == 1  # many changes, one record
    assert client.get("/angebote/", headers={"if-none-match": etag}).status_code == 200


def test_the_nightly_job_counts_as_a_change(client, offer, django_capture_on_commit_callbacks):
    from offers.services import occurrences_extend

    etag = client.get("/angebote/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        occurrences_extend(today=timezone.localdate() + datetime.timedelta(days=7))
    assert client.get("/angebote/", headers={"if-none-match": etag}).status_code == 200


def test_a_signed_in_person_never_gets_public_caching(client, offer):
    etag = client.get("/")["ETag"]
    client.force_login(UserFactory())
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "ETag" not in response
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_pages_with_a_form_to_post_stay_private(client):
    response = client.get("/konto/login/")
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_with_messages_gets_the_page_without_public_caching(client, offer):
    etag = client.get("/")["ETag"]
    client.cookies["messages"] = "something"
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_public_caching_can_be_switched_off(client, offer, settings):
    settings.THEKIZ_PUBLIC_MAX_AGE = 0
    response = client.get("/")
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")
