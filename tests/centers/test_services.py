import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from centers.models import ChangeRecord
from centers.services import (
    center_profile_update,
    cooperation_delete,
    cooperation_save,
    membership_remove,
    opening_hours_set,
    photo_add,
    photo_delete,
)
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    language,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(width=64, height=48, gps=True) -> bytes:
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "Kamera"
        exif[0x8825] = {1: "N", 2: (50.0, 55.0, 30.0), 3: "E", 4: (11.0, 35.0, 20.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "orange").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(content: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_the_profile_update_changes_and_records_what_changed():
    centre = CenterFactory(phone="03641 1")
    user = UserFactory()
    center_profile_update(
        center=centre,
        data={"phone": "03641 2", "step_free_access": True},
        languages=[language("de"), language("ar")],
        user=user,
    )
    centre.refresh_from_db()
    assert centre.phone == "03641 2" and centre.step_free_access
    record = ChangeRecord.objects.get(center=centre)
    assert record.user == user
    assert record.changes["phone"] == ["03641 1", "03641 2"]
    assert record.changes["languages"][1] == ["Arabisch", "Deutsch"]


def test_opening_hours_are_replaced_and_impossible_ones_refused():
    centre = CenterFactory()
    user = UserFactory()
    opening_hours_set(
        center=centre,
        hours=[(0, datetime.time(7), datetime.time(16)), (4, datetime.time(7), datetime.time(14))],
        user=user,
    )
    assert centre.opening_hours.count() == 2
    with pytest.raises(ValidationError):
        opening_hours_set(
            center=centre, hours=[(1, datetime.time(16), datetime.time(7))], user=user
        )
    assert centre.opening_hours.count() == 2  # nothing lost


def test_cooperations_are_saved_and_removed_with_a_record():
    centre, partner, user = CenterFactory(), PartnerFactory(name="Hebamme Sommer"), UserFactory()
    cooperation = cooperation_save(
        cooperation=CooperationFactory.build(center=centre, partner=partner), user=user
    )
    assert cooperation.pk
    cooperation_delete(cooperation=cooperation, user=user)
    assert not centre.cooperations.exists()
    assert list(ChangeRecord.objects.values_list("action", flat=True).order_by("pk")) == [
        "created",
        "deleted",
    ]


def test_a_jpeg_with_gps_is_stored_without_any_exif_and_with_smaller_copies():
    centre, user = CenterFactory(), UserFactory()
    photo = photo_add(
        center=centre, upload=upload(jpeg(1200, 800)), alt_text="Kinder malen im Garten", user=user
    )
    stored = Image.open(photo.image.path)
    assert stored.format == "JPEG" and not stored.getexif()
    assert set(photo.variants) == {"480", "960"}
    for name in photo.variants.values():
        assert not Image.open(default_storage.path(name)).getexif()
    assert Image.open(default_storage.path(photo.variants["480"])).size == (480, 320)
    assert "480w" in photo.srcset and "1200w" in photo.srcset


def test_a_huge_photo_is_scaled_down():
    photo = photo_add(
        center=CenterFactory(),
        upload=upload(jpeg(4000, 3000, gps=False)),
        alt_text="Garten",
        user=UserFactory(),
    )
    assert (photo.width, photo.height) == (1920, 1440)


def test_a_png_named_jpg_is_handled_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(buffer, "PNG")
    photo = photo_add(
        center=CenterFactory(),
        upload=upload(buffer.getvalue(), "bild.jpg"),
        alt_text="Blau",
        user=UserFactory(),
    )
    assert photo.image.name.endswith(".png")
    assert Image.open(photo.image.path).format == "PNG"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a.svg",
            "not_an_image",
        ),
        (b"Nur Text, kein Bild.", "text.jpg", "not_an_image"),
        ("huge", "riesig.png", "too_many_pixels"),
    ],
)
def test_svg_text_and_decompression_bombs_are_refused(content, name, code):
    if content == "huge":
        buffer = io.BytesIO()
        Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
        content = buffer.getvalue()
    centre = CenterFactory()
    with pytest.raises(ValidationError) as error:
        photo_add(center=centre, upload=upload(content, name), alt_text="x", user=UserFactory())
    assert error.value.code == code
    assert not centre.photos.exists()


def test_a_file_over_ten_megabytes_is_refused(settings):
    big = upload(jpeg() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        photo_add(center=CenterFactory(), upload=big, alt_text="x", user=UserFactory())
    assert error.value.code == "too_large"


def test_a_photo_needs_alternative_text():
    with pytest.raises(ValidationError):
        photo_add(center=CenterFactory(), upload=upload(jpeg()), alt_text="  ", user=UserFactory())


def test_deleting_a_photo_removes_its_files_after_the_commit(django_capture_on_commit_callbacks):
    photo = photo_add(
        center=CenterFactory(), upload=upload(jpeg(1200, 800)), alt_text="x", user=UserFactory()
    )
    names = [photo.image.name, *photo.variants.values()]
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, user=UserFactory())
    assert not any(default_storage.exists(name) for name in names)


def test_a_coordinator_cannot_remove_themselves():
    membership = MembershipFactory(role="coordinator")
    with pytest.raises(ValidationError):
        membership_remove(membership=membership, by=membership.user)
    other = MembershipFactory(center=membership.center)
    membership_remove(membership=other, by=membership.user)
    assert not membership.center.memberships.filter(pk=other.pk).exists()


def test_no_metadata_of_a_photo_survives_in_the_photo_or_its_copies():
    from tests.image_files import image_with_metadata, metadata_in

    photo = photo_add(
        center=CenterFactory(),
        upload=upload(image_with_metadata("JPEG"), "Familie_Mueller.jpg"),
        alt_text="Kinder im Garten",
        user=UserFactory(),
    )
    names = [photo.image.name, *photo.variants.values()]
    assert len(names) == 3
    for name in names:
        with default_storage.open(name) as stored:
            assert metadata_in(stored.read()) == [], name
