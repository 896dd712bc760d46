"""A chosen image survives a form that comes back with errors (offer form, photo form)."""

import datetime
import io
import os
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from centers.models import CenterPhoto
from common.held_images import (
    FOLDER,
    HOLD_SECONDS,
    held_images_remove,
    image_held,
    image_hold,
)
from offers.models import Offer
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="image_held" value="([^"]+)"')


@pytest.fixture
def staff(client):
    membership = MembershipFactory(role="coordinator", center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    return membership


def url(name: str) -> str:
    return reverse(f"staff:{name}", kwargs={"center": "kita"})


def jpeg(name: str = "Sommerfest Familie Müller.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 55.0, 30.0)}  # GPS
    Image.new("RGB", (800, 500), "orange").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def held_files() -> list[str]:
    folder = settings.THEKIZ_PRIVATE_ROOT / FOLDER
    return sorted(os.listdir(folder)) if folder.exists() else []


OFFER = {
    "title": "Lesestunde",
    "summary": "Vorlesen für Kinder.",
    "cost": "free",
    "registration": "none",
    "place": "center",
    "image_alt": "Kinder mit Büchern",
}


def test_an_offer_image_is_kept_after_an_error_and_saved_with_the_next_try(client, staff):
    first = client.post(url("offer_create"), OFFER | {"title": "", "image": jpeg()})
    assert first.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in first.text
    assert "Ihr Bild „Sommerfest Familie Müller.jpg“ bleibt erhalten" in first.text
    assert 'src="data:image/jpeg;base64,' in first.text  # a small preview, no private URL
    token = TOKEN.search(first.text)[1]
    [kept] = held_files()
    kept_bytes = (settings.THEKIZ_PRIVATE_ROOT / FOLDER / kept).read_bytes()
    assert b"Exif" not in kept_bytes  # kept already re-encoded, without GPS

    second = client.post(url("offer_create"), OFFER | {"image_held": token, "form_token": "o1"})
    assert second.status_code == 302
    offer = Offer.objects.get(title="Lesestunde")
    with offer.image.open("rb") as stored:
        assert Image.open(stored).size == (800, 500)
    assert held_files() == []  # saved for good, the kept copy is gone


def test_an_offer_can_be_saved_without_the_kept_image(client, staff):
    first = client.post(url("offer_create"), OFFER | {"title": "", "image": jpeg()})
    token = TOKEN.search(first.text)[1]
    client.post(
        url("offer_create"),
        OFFER | {"image_held": token, "image_held_drop": "1", "form_token": "o2"},
    )
    assert not Offer.objects.get(title="Lesestunde").image


def test_a_newly_chosen_file_wins_over_the_kept_one(client, staff):
    first = client.post(url("offer_create"), OFFER | {"title": "", "image": jpeg()})
    token = TOKEN.search(first.text)[1]
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "blue").save(buffer, "PNG")
    other = SimpleUploadedFile("anders.png", buffer.getvalue(), content_type="image/png")
    client.post(
        url("offer_create"), OFFER | {"image_held": token, "image": other, "form_token": "o3"}
    )
    with Offer.objects.get(title="Lesestunde").image.open("rb") as stored:
        assert Image.open(stored).size == (300, 200)


def test_a_file_that_is_no_image_is_not_kept_and_the_page_says_so(client, staff):
    broken = SimpleUploadedFile("bild.jpg", b"kein Bild", content_type="image/jpeg")
    response = client.post(url("offer_create"), OFFER | {"title": "", "image": broken})
    assert "kein JPEG-, PNG- oder WebP-Bild" in response.text
    assert "bleibt erhalten" not in response.text and held_files() == []


def test_a_photo_is_kept_when_its_description_is_missing(client, staff):
    first = client.post(url("photos"), {"image": jpeg("kita.jpg"), "alt_text": ""})
    assert "Ihr Bild „kita.jpg“ bleibt erhalten" in first.text
    token = TOKEN.search(first.text)[1]
    second = client.post(
        url("photos"), {"image_held": token, "alt_text": "Kinder im Garten", "form_token": "p1"}
    )
    assert second.status_code == 302
    assert CenterPhoto.objects.get(center=staff.center).alt_text == "Kinder im Garten"
    assert held_files() == []


def test_a_photo_form_without_a_file_or_a_kept_one_asks_for_the_photo(client, staff):
    response = client.post(url("photos"), {"alt_text": "Kinder", "image_held": "erfunden"})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich" in response.text
    assert not CenterPhoto.objects.exists()


def test_a_kept_image_is_only_for_the_person_who_chose_it():
    content = ContentFile(b"\xff\xd8 bytes", name="abc.jpg")
    owner, stranger = UserFactory(), UserFactory()
    held = image_hold(content, owner=owner.pk, label="a.jpg")
    assert image_held(held.token, owner=owner.pk) is not None
    assert image_held(held.token, owner=stranger.pk) is None
    assert image_held(held.token + "x", owner=owner.pk) is None


def test_kept_images_expire_and_are_removed_by_the_nightly_command():
    held = image_hold(ContentFile(b"bytes", name="old.jpg"), owner=1, label="old.jpg")
    assert held_images_remove() == 0
    later = timezone.now() + datetime.timedelta(seconds=HOLD_SECONDS + 60)
    assert held_images_remove(now=later) == 1
    assert image_held(held.token, owner=1) is None
    image_hold(ContentFile(b"bytes", name="new.jpg"), owner=1, label="new.jpg")
    old = timezone.now() - datetime.timedelta(seconds=HOLD_SECONDS + 60)
    [name] = held_files()
    os.utime(settings.THEKIZ_PRIVATE_ROOT / FOLDER / name, (old.timestamp(), old.timestamp()))
    call_command("held_images_remove", stdout=io.StringIO())
    assert held_files() == []
