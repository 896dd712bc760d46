"""Checking and re-encoding uploaded images.

An upload is trusted by nothing it claims (name, extension, content type): Pillow reads
its content, only JPEG, PNG and WebP are accepted, size and pixel count are bounded before
decoding, and the picture is re-encoded from its pixels, so EXIF (GPS!), XMP, ICC and
comments never reach the disk.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from thekiz_portal.utils.uploads import upload_size_check

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Larger photos are scaled down: nobody needs 40 megapixels on a web page.
MAX_WIDTH = 1920
# Scaled copies for srcset, so that phones load small files.
VARIANT_WIDTHS = (480, 960)


def _encode(image: Image.Image, image_format: str) -> bytes:
    output = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(output, "WEBP", quality=85)
    return output.getvalue()


def image_variants(content: ContentFile) -> dict[int, ContentFile]:
    """Scaled copies of an (already re-encoded) image for the widths in VARIANT_WIDTHS
    that are smaller than the image itself."""
    content.seek(0)
    image = Image.open(content)
    image_format = image.format
    base, _dot, extension = content.name.rpartition(".")
    variants = {}
    for width in VARIANT_WIDTHS:
        if width >= image.width:
            continue
        height = round(image.height * width / image.width)
        scaled = image.resize((width, height), Image.Resampling.LANCZOS)
        variants[width] = ContentFile(
            _encode(scaled, image_format), name=f"{base}-{width}.{extension}"
        )
    content.seek(0)
    return variants


def image_variants_store(content: ContentFile, folder: str) -> dict[str, str]:
    """Save the scaled copies of ``content`` in ``folder``: {width: stored file name}."""
    return {
        str(width): default_storage.save(f"{folder}/{variant.name}", variant)
        for width, variant in image_variants(content).items()
    }


def image_srcset(image: FieldFile, width: int | None, variants: dict[str, str]) -> str:
    """``srcset`` of an image: its scaled copies (image_variants_store) and the original."""
    sources = [
        f"{default_storage.url(name)} {size}w"
        for size, name in sorted(variants.items(), key=lambda item: int(item[0]))
    ]
    return ", ".join([*sources, f"{image.url} {width}w"])


def image_reencode(upload: UploadedFile) -> ContentFile:
    """Return a clean copy of an uploaded image or raise ``ValidationError`` in German."""
    upload_size_check(upload, settings.THEKIZ_MAX_UPLOAD_BYTES)
    upload.seek(0)
    too_many_pixels = ValidationError(
        _("The image has too many pixels. Please upload at most %(megapixels)s megapixels.")
        % {"megapixels": settings.THEKIZ_MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its pixel limit and refuses at twice of it, both while
            # only the header has been read: turn both into our refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(ACCEPTED_FORMATS))
            width, height = image.size
            if width * height > settings.THEKIZ_MAX_IMAGE_PIXELS:
                raise too_many_pixels
            image_format = image.format
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except UnidentifiedImageError:
        raise ValidationError(
            _(
                "This file is not a JPEG, PNG or WebP image. "
                "Please choose a photo in one of these formats."
            ),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image could not be read; the file may be damaged. Please try another one."),
            code="broken_image",
        ) from None

    image = ImageOps.exif_transpose(image)
    if image.width > MAX_WIDTH:
        image = image.resize(
            (MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.Resampling.LANCZOS
        )
    extension = ACCEPTED_FORMATS[image_format]
    # A fresh name: the uploaded one may carry personal details ("Kita_Fest_Familie_Müller").
    return ContentFile(_encode(image, image_format), name=f"{uuid.uuid4().hex}.{extension}")
