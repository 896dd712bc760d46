"""Checking and re-encoding uploaded images.

An upload is trusted by nothing it claims (name, extension, content type): Pillow reads
its content, only JPEG, PNG and WebP are accepted, size and pixel count are bounded before
decoding, and every stored size is encoded from a new image that holds the pixels alone.
Colours are first converted to sRGB with the upload's colour profile (so the picture looks
as it did), then EXIF (GPS!), XMP, IPTC, the ICC profile, comments and PNG text chunks are
left behind: nothing but pixels reaches the disk.
"""

import io
import logging
import os
import struct
import tempfile
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from common.uploads import upload_size_check

logger = logging.getLogger(__name__)

# Pillow's name of the format: the stored file's extension. A JPEG that carries further
# pictures (phones, 3D cameras) opens as "MPO": its first picture is kept, as a JPEG.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# The modes each format is written in; anything else is converted first.
ENCODED_MODES = {"JPEG": ("RGB",), "PNG": ("RGB", "RGBA", "L", "LA"), "WEBP": ("RGB", "RGBA")}
# Larger photos are scaled down: nobody needs 40 megapixels on a web page.
MAX_WIDTH = 1920
# Scaled copies for srcset, so that phones load small files.
VARIANT_WIDTHS = (480, 960)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What Pillow finds of an image's metadata (PNG text chunks come as ``text``).
METADATA_KEYS = {"icc_profile", "comment", "exif", "xmp", "photoshop", "XML:com.adobe.xmp"}


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The picture's colours in sRGB, as its colour profile defines them (a photo in
    Adobe RGB, Display P3 or CMYK would look dull or wrong once the profile is gone)."""
    if not icc_profile:
        return image
    if image.mode in ("P", "PA", "1"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    if alpha is not None:
        image = image.convert("RGB" if image.mode == "RGBA" else "L")
    try:
        converted = ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)), SRGB, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A damaged profile or one that does not fit the picture: the pixels as they are.
        logger.info("An uploaded image's colour profile could not be applied; it was dropped.")
        converted = image
    if alpha is not None:
        converted = converted.convert("RGB")
        converted.putalpha(alpha)
    return converted


def _upright(image: Image.Image) -> Image.Image:
    """Turned as the camera's EXIF orientation says; a damaged EXIF block is ignored (it is
    dropped with the rest of the metadata anyway)."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        return image


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image with nothing but the pixels of ``image`` (no ``info``: no comment, ICC
    profile, EXIF, XMP or text that Pillow's encoders would otherwise write back)."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit grey: scaled, not clipped
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    modes = ENCODED_MODES[image_format]
    if image.mode not in modes or image.info.get("transparency") is not None:
        has_alpha = image.has_transparency_data and "RGBA" in modes
        image = image.convert("RGBA" if has_alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, image_format: str) -> bytes:
    image = _pixels_only(image, image_format)
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
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
        height = max(1, round(image.height * width / image.width))
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
            image_format = "JPEG" if image.format == "MPO" else image.format
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

    icc_profile = image.info.get("icc_profile")
    image = _in_srgb(_upright(image), icc_profile)
    if image.width > MAX_WIDTH:
        image = image.resize(
            (MAX_WIDTH, max(1, round(image.height * MAX_WIDTH / image.width))),
            Image.Resampling.LANCZOS,
        )
    extension = ACCEPTED_FORMATS[image_format]
    # A fresh name: the uploaded one may carry personal details ("Kita_Fest_Familie_Müller").
    return ContentFile(_encode(image, image_format), name=f"{uuid.uuid4().hex}.{extension}")


def _replace_stored(storage: Storage, name: str, data: bytes) -> None:
    """Overwrite a stored file; on a local disk atomically (a new file moved over the old
    one), so that a crash leaves the old file or the new one, never half of one."""
    try:
        path = storage.path(name)
    except NotImplementedError:  # object storage: a file is replaced as a whole anyway
        storage.delete(name)
        storage.save(name, ContentFile(data))
        return
    mode = os.stat(path).st_mode
    with tempfile.NamedTemporaryFile(dir=os.path.dirname(path), delete=False) as new:
        new.write(data)
    os.chmod(new.name, mode)
    os.replace(new.name, path)


def image_strip_stored(storage: Storage, name: str) -> bool:
    """Re-encode a stored image that still carries metadata (stored before every size was
    encoded from pixels alone), under its name. True if the file was rewritten."""
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
        image_format = "JPEG" if image.format == "MPO" else image.format
        if not (METADATA_KEYS & set(image.info) or getattr(image, "text", None)):
            return False
        image.load()
    except (FileNotFoundError, UnidentifiedImageError, OSError, SyntaxError, ValueError):
        logger.warning("Stored image %s could not be read; it was left as it is.", name)
        return False
    cleaned = _encode(_in_srgb(image, image.info.get("icc_profile")), image_format)
    _replace_stored(storage, name, cleaned)
    return True
