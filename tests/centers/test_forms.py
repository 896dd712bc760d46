import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from centers.forms import CenterPhotoForm
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make
    gps = {1: "N", 2: (50.0, 55.0, 30.0), 3: "E", 4: (11.0, 35.0, 20.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def photo_form(content: bytes, name: str = "foto.jpg") -> CenterPhotoForm:
    return CenterPhotoForm(
        data={"alt_text": "Kinder malen im Garten", "caption": "", "position": "0"},
        files={"image": SimpleUploadedFile(name, content, content_type="image/jpeg")},
        instance=CenterFactory().photos.model(center=CenterFactory()),
    )


def test_a_photo_loses_its_exif_and_gps_and_gets_a_new_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the fixture really carries EXIF
    form = photo_form(original, name="Familie_Mueller_Zuhause.jpg")
    assert form.is_valid(), form.errors
    photo = form.save()
    stored = Image.open(photo.image.path)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert "Mueller" not in photo.image.name
    assert (photo.width, photo.height) == (64, 48)


def test_a_png_named_jpg_is_handled_as_the_png_it_is(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 128, 0, 128)).save(buffer, "PNG")
    form = photo_form(buffer.getvalue(), name="bild.jpg")
    assert form.is_valid(), form.errors
    assert form.save().image.name.endswith(".png")


NOT_AN_IMAGE = "Diese Datei ist kein JPEG-, PNG- oder WebP-Bild"
DAMAGED = "Das Bild lässt sich nicht lesen"


@pytest.mark.parametrize(
    ("content", "name", "messages"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            [NOT_AN_IMAGE],
        ),
        (b"Dies ist kein Bild.", "bild.jpg", [NOT_AN_IMAGE]),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "bild.gif", [NOT_AN_IMAGE]),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "kaputt.jpg", [NOT_AN_IMAGE, DAMAGED]),
    ],
)
def test_anything_but_a_real_image_is_refused_in_german(content, name, messages):
    form = photo_form(content, name=name)
    assert not form.is_valid()
    assert any(message in form.errors["image"][0] for message in messages), form.errors


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")  # tiny file, 400 megapixels
    assert len(buffer.getvalue()) < 1_000_000
    form = photo_form(buffer.getvalue(), name="riesig.png")
    assert not form.is_valid()
    assert "zu viele Pixel" in form.errors["image"][0]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.THEKIZ_MAX_UPLOAD_BYTES = 1000
    form = photo_form(jpeg_with_gps() + b"\x00" * 2000)
    assert not form.is_valid()
    assert "zu groß" in form.errors["image"][0]
