"""Staff translate an offer's texts and their centre's description: per language, only
for their own centres (404 otherwise), with the German original beside the fields."""

import pytest
from django.urls import reverse

from centers.models import CenterTranslation, ChangeRecord
from offers.models import OfferTranslation
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, weekly_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(role="coordinator", center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def offer(coordinator):
    return weekly_offer(center=coordinator.center, title="Elterncafé", summary="Kaffee.")


def offer_url(offer, center: str = "kita") -> str:
    return reverse("staff:offer_translations", kwargs={"center": center, "pk": offer.pk})


def test_the_screen_offers_the_content_languages_and_shows_the_original(client, offer):
    response = client.get(offer_url(offer))
    assert response.status_code == 200
    assert '<option value="ar">' in response.text and '<option value="pl">' not in response.text
    page = client.get(offer_url(offer), {"sprache": "ar"}).text
    assert '<dl class="kern-description-list kern-description-list--col" lang="de">' in page
    assert "Elterncafé" in page
    assert 'lang="ar" dir="rtl"' in page  # the fields are written right to left


def test_staff_save_change_and_remove_a_translation(client, offer):
    data = {
        "translated_title": "مقهى الأهالي",
        "translated_summary": "قهوة.",
        "translated_description": "",
    }
    response = client.post(offer_url(offer) + "?sprache=ar", data)
    assert response.status_code == 302
    row = OfferTranslation.objects.get(master=offer, language_code="ar")
    assert row.translated_title == "مقهى الأهالي"
    record = ChangeRecord.objects.get(subject="Elterncafé (ar)")
    assert record.changes["title"] == ["", "مقهى الأهالي"]
    client.post(offer_url(offer) + "?sprache=ar", data | {"translated_title": "مقهى"})
    assert OfferTranslation.objects.get(pk=row.pk).translated_title == "مقهى"
    assert "العربية (Arabisch)" in client.get(offer_url(offer)).text
    client.post(offer_url(offer) + "?sprache=ar", {"delete": "1"})
    assert not OfferTranslation.objects.filter(master=offer).exists()


def test_a_translation_without_title_is_refused_with_a_german_message(client, offer):
    response = client.post(offer_url(offer) + "?sprache=uk", {"translated_title": ""})
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert not OfferTranslation.objects.exists()


def test_an_unknown_language_gets_a_clear_message(client, offer):
    response = client.get(offer_url(offer), {"sprache": "xx"})
    assert response.status_code == 200
    assert "Bitte wählen Sie eine der Sprachen aus der Liste." in response.text
    assert client.post(offer_url(offer) + "?sprache=xx", {}).status_code == 200
    assert not OfferTranslation.objects.exists()


def test_another_centres_offer_and_centre_are_404(client, coordinator):
    other = weekly_offer(center=CenterFactory(slug="andere"), title="Fremd")
    assert client.get(offer_url(other)).status_code == 404
    assert client.get(offer_url(other, center="andere")).status_code == 404
    post = client.post(offer_url(other) + "?sprache=ar", {"translated_title": "x"})
    assert post.status_code == 404
    url = reverse("staff:center_translations", kwargs={"center": "andere"})
    assert client.get(url).status_code == 404
    assert client.post(url + "?sprache=ar", {"translated_summary": "x"}).status_code == 404
    assert not OfferTranslation.objects.exists() and not CenterTranslation.objects.exists()


def test_the_coordinator_translates_the_centres_description(client, coordinator):
    url = reverse("staff:center_translations", kwargs={"center": "kita"})
    response = client.post(
        url + "?sprache=tr",
        {"translated_summary": "Aileler için bir buluşma yeri.", "translated_description": ""},
    )
    assert response.status_code == 302
    row = CenterTranslation.objects.get(master=coordinator.center, language_code="tr")
    assert row.translated_summary == "Aileler için bir buluşma yeri."


def test_staff_without_the_profile_right_may_not_translate_the_centre(client):
    membership = MembershipFactory(role="staff", center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    url = reverse("staff:center_translations", kwargs={"center": "kita"})
    assert client.get(url).status_code == 403
