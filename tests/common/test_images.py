"""common.images: every stored size holds the pixels and nothing else, in sRGB."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from common.images import image_reencode, image_variants
from tests.image_files import image_with_metadata, metadata_in

EXPECTED = {
    "JPEG": {"EXIF", "XMP", "ICC", "IPTC", "COM"},
    "PNG": {"tEXt", "zTXt", "iTXt", "iCCP", "eXIf"},
    "WEBP": {"EXIF", "XMP", "ICC"},
}


def stored_sizes(content: bytes, name: str = "Familie_Mueller.jpg") -> list[bytes]:
    """The re-encoded image and its scaled copies, as bytes."""
    cleaned = image_reencode(SimpleUploadedFile(name, content, "image/jpeg"))
    return [cleaned.read(), *(variant.read() for variant in image_variants(cleaned).values())]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_no_metadata_of_an_upload_survives_in_any_stored_size(image_format):
    upload = image_with_metadata(image_format)
    assert EXPECTED[image_format] <= set(metadata_in(upload))  # the file really carries it
    sizes = stored_sizes(upload)
    assert len(sizes) == 3  # the image and its copies 480 and 960 pixels wide
    for data in sizes:
        assert metadata_in(data) == []
        assert b"Mueller" not in data and b"M\xc3\xbcller" not in data


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_colours_are_converted_to_srgb_before_the_profile_is_dropped(image_format):
    # Pure red in a profile whose red is sRGB's blue looks blue: stored, it is blue.
    upload = image_with_metadata(image_format, size=(40, 30), colour=(255, 0, 0))
    red, green, blue = (
        Image.open(io.BytesIO(stored_sizes(upload)[0])).convert("RGB").getpixel((20, 15))
    )
    assert blue > 230 and red < 25 and green < 25
    # A photo in sRGB already keeps its colours.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upload = image_with_metadata(
        image_format, size=(40, 30), colour=(200, 120, 40), icc_profile=srgb
    )
    stored = Image.open(io.BytesIO(stored_sizes(upload)[0])).convert("RGB").getpixel((20, 15))
    assert all(abs(a - b) <= 4 for a, b in zip(stored, (200, 120, 40), strict=True))


def test_a_damaged_colour_profile_is_dropped_and_the_photo_kept():
    upload = image_with_metadata("JPEG", size=(40, 30), icc_profile=b"kein Farbprofil" * 20)
    (data,) = stored_sizes(upload)
    assert metadata_in(data) == []


def test_a_transparent_palette_png_keeps_its_transparency_but_not_its_text():
    image = Image.new("P", (40, 30), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=1, icc_profile=b"kein Farbprofil")
    (data,) = stored_sizes(buffer.getvalue())
    assert metadata_in(data) == []
    assert Image.open(io.BytesIO(data)).convert("RGBA").getpixel((3, 3))[3] == 0


def test_a_jpeg_with_a_second_picture_is_stored_as_a_jpeg():
    # Phones and 3D cameras write MPO: a JPEG followed by further pictures.
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    cleaned = image_reencode(SimpleUploadedFile("stereo.jpg", buffer.getvalue()))
    assert cleaned.name.endswith(".jpg")
    stored = Image.open(cleaned)
    assert stored.format == "JPEG" and stored.getpixel((5, 5))[0] > 200


def test_a_sixteen_bit_grey_png_keeps_its_greys():
    image = Image.new("I;16", (40, 30), 32768)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (data,) = stored_sizes(buffer.getvalue())
    assert abs(Image.open(io.BytesIO(data)).convert("L").getpixel((5, 5)) - 128) <= 1


def test_a_photo_with_a_damaged_exif_block_is_stored_without_it():
    upload = image_with_metadata("WEBP", size=(40, 30)).replace(b"MM\x00*", b"MM\x00\xa8", 1)
    (data,) = stored_sizes(upload)
    assert metadata_in(data) == []


def test_a_very_wide_strip_is_scaled_down_to_one_pixel_height_not_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 1), "green").save(buffer, "PNG")
    sizes = stored_sizes(buffer.getvalue())
    assert [Image.open(io.BytesIO(data)).size for data in sizes] == [
        (1920, 1),
        (480, 1),
        (960, 1),
    ]


def _stored_before(storage, name: str, image_format: str) -> str:
    """A file as the old encoding stored it: JPEG with the upload's comment, PNG with
    its colour profile (red and blue swapped)."""
    from django.core.files.base import ContentFile

    from tests.image_files import icc_profile_with_red_and_blue_swapped

    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), (255, 0, 0))
    if image_format == "JPEG":
        image.save(buffer, "JPEG", comment=b"Familie Mueller")
    else:
        image.save(buffer, "PNG", icc_profile=icc_profile_with_red_and_blue_swapped())
    return storage.save(name, ContentFile(buffer.getvalue()))


def _read(storage, name: str) -> bytes:
    with storage.open(name) as stored:
        return stored.read()


def test_a_stored_image_that_still_carries_metadata_is_cleaned_under_its_name():
    from django.core.files.storage import default_storage

    from common.images import image_strip_stored

    jpeg = _stored_before(default_storage, "centers/1/alt.jpg", "JPEG")
    png = _stored_before(default_storage, "centers/1/alt.png", "PNG")
    assert metadata_in(_read(default_storage, jpeg)) == ["COM"]
    assert image_strip_stored(default_storage, jpeg) and image_strip_stored(default_storage, png)
    assert metadata_in(_read(default_storage, jpeg)) == []
    assert metadata_in(_read(default_storage, png)) == []
    # The colour profile was applied before it went: red in that profile is blue.
    assert Image.open(default_storage.open(png)).getpixel((5, 5))[:3] == (0, 0, 255)
    assert not image_strip_stored(default_storage, jpeg)  # nothing left to do
    assert not image_strip_stored(default_storage, "centers/1/fehlt.jpg")


@pytest.mark.django_db
def test_migrate_cleans_the_photos_offer_images_and_covers_stored_before():
    import importlib

    from django.apps import apps
    from django.core.files.storage import default_storage

    from common.storage import PrivateStorage
    from tests.factories import CenterFactory, DocumentFactory, OfferFactory

    private = PrivateStorage()
    photo = CenterFactory().photos.create(
        image=_stored_before(default_storage, "centers/1/foto.jpg", "JPEG"),
        variants={"480": _stored_before(default_storage, "centers/1/foto-480.jpg", "JPEG")},
        alt_text="Garten",
        width=40,
        height=30,
    )
    offer = OfferFactory(
        image=_stored_before(default_storage, "offers/bild.png", "PNG"),
        image_variants={"480": _stored_before(default_storage, "offers/bild-480.png", "PNG")},
        image_width=40,
        image_height=30,
        image_alt="Bild",
    )
    document = DocumentFactory(
        cover_image=_stored_before(private, "handbook/covers/titel.jpg", "JPEG"),
        cover_alt="Titel",
        cover_width=40,
        cover_height=30,
    )
    migration = importlib.import_module("thekiz_portal.migrations.0002_images_without_metadata")
    migration.strip(apps, None)
    names = [photo.image.name, *photo.variants.values(), offer.image.name]
    names += offer.image_variants.values()
    for name in names:
        assert metadata_in(_read(default_storage, name)) == [], name
    assert metadata_in(_read(private, document.cover_image.name)) == []
