"""Each app process keeps the public pages it rendered for the minute shared caches may
keep them, and never once public content changed."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from offers.services import occurrence_cancel
from tests.factories import UserFactory, weekly_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(settings, django_capture_on_commit_callbacks):
    """The page cache on, an offer (committed), and a clock a few seconds on."""
    settings.THEKIZ_PAGE_CACHE_ENTRIES = 50
    with django_capture_on_commit_callbacks(execute=True):
        offer = weekly_offer(title="Krabbelgruppe")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10)) as traveller:
        offer.clock = traveller
        yield offer


def rendered(response) -> bool:
    return bool(response.templates)


@pytest.mark.parametrize(
    "url", ["/", "/angebote/", "/angebote/?plz=07743&umkreis=25&alter=2", "/zentren/", "offer"]
)
def test_a_public_page_is_rendered_once_and_then_kept(
    client, offer, url, django_assert_max_num_queries
):
    url = offer.get_absolute_url() if url == "offer" else url
    first = client.get(url)
    assert rendered(first)
    with django_assert_max_num_queries(1):  # when public content last changed
        again = client.get(url)
    assert again.status_code == 200 and not rendered(again)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=60"
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_to_public_content_is_shown_at_once(
    client, offer, django_capture_on_commit_callbacks
):
    url = offer.get_absolute_url()
    assert b"f\xc3\xa4llt aus" not in client.get(url).content
    offer.clock.shift(2)
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_cancel(occurrence=offer.occurrences.first(), reason="Krankheit")
    offer.clock.shift(2)
    response = client.get(url)
    assert rendered(response)
    assert "Krankheit" in response.content.decode()


def test_a_page_is_kept_no_longer_than_shared_caches_may_keep_it(client, offer, settings):
    client.get("/angebote/")
    offer.clock.shift(settings.THEKIZ_PUBLIC_MAX_AGE - 1)
    assert not rendered(client.get("/angebote/"))
    offer.clock.shift(2)
    assert rendered(client.get("/angebote/"))


def test_addresses_languages_hosts_cookies_and_preferences_are_kept_apart(client, offer):
    client.get("/angebote/?alter=2")
    assert rendered(client.get("/angebote/?alter=3"))
    assert rendered(client.get("/en/angebote/?alter=2"))
    assert rendered(client.get("/angebote/?alter=2", HTTP_HOST="localhost"))
    # (A browser preferring English is sent to /en/; French is a preference of its own.)
    assert rendered(client.get("/angebote/?alter=2", headers={"accept-language": "fr"}))
    client.cookies["theme"] = "dark"
    assert rendered(client.get("/angebote/?alter=2"))
    del client.cookies["theme"]
    assert not rendered(client.get("/angebote/?alter=2"))


def test_signed_in_people_are_never_served_a_kept_page_nor_is_theirs_kept(client, offer):
    anonymous = client.get("/angebote/")
    client.force_login(UserFactory())
    signed_in = client.get("/angebote/")
    assert rendered(signed_in)
    assert "Cache-Control" not in signed_in or "public" not in signed_in["Cache-Control"]
    client.logout()
    again = client.get("/angebote/")
    assert not rendered(again) and again.content == anonymous.content


def test_only_so_many_pages_are_kept_the_least_recently_used_go_first(client, offer, settings):
    settings.THEKIZ_PAGE_CACHE_ENTRIES = 2
    for age in (1, 2, 3):
        client.get(f"/angebote/?alter={age}")
    assert not rendered(client.get("/angebote/?alter=3"))
    assert not rendered(client.get("/angebote/?alter=2"))
    assert rendered(client.get("/angebote/?alter=1"))


def test_switched_off_every_request_renders(client, offer, settings):
    settings.THEKIZ_PAGE_CACHE_ENTRIES = 0
    client.get("/angebote/")
    assert rendered(client.get("/angebote/"))


def test_a_page_not_found_is_not_kept(client, offer):
    assert client.get("/angebote/gibt-es-nicht/").status_code == 404
    assert rendered(client.get("/angebote/gibt-es-nicht/"))
