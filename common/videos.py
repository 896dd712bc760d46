"""Checking uploaded videos and their captions.

Like images, a video is trusted by nothing it claims (name, extension, content type): its
first bytes say what it is. Only MP4 (an ISO base media file with a video brand) and WebM
(an EBML file whose document type is "webm") are accepted, the formats every current
browser plays in a ``<video>`` element. Captions must be WebVTT text in UTF-8, the only
format a ``<track>`` element reads. Every stored file gets a fresh name: an uploaded one
may carry personal details.
"""

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from common.uploads import upload_size_check

# Major brands of an MP4 file's "ftyp" box that browsers play. QuickTime ("qt  "),
# HEIF images ("heic", "mif1") and 3GP phone videos are left out.
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"dash",
        b"M4V ",
        b"M4VP",
        b"MSNV",
        b"mmp4",
    }
)
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# The EBML header's DocType element (ID 0x4282), its one-byte size, then the type.
WEBM_DOCTYPE = re.compile(rb"\x42\x82[\x80-\xff]webm")
# A cue's timing line: "00:01.000 --> 00:04.000" or "00:00:01.000 --> 00:00:04.000".
CUE_TIMING = re.compile(r"^(\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(\d+:)?\d{2}:\d{2}\.\d{3}", re.M)


def video_kind(head: bytes) -> str | None:
    """The extension ("mp4", "webm") that the file's first bytes show, or None."""
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(EBML_MAGIC) and WEBM_DOCTYPE.search(head[:64]):
        return "webm"
    return None


def video_check(upload: UploadedFile, max_bytes: int) -> UploadedFile:
    """The upload, under a fresh name with the extension its content shows, or
    ``ValidationError`` in German. The content itself is stored as it came."""
    upload_size_check(upload, max_bytes)
    upload.seek(0)
    kind = video_kind(upload.read(64))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not an MP4 or WebM video. Please save the video as MP4 "
                "(H.264) or WebM and upload it again."
            ),
            code="not_a_video",
        )
    upload.name = f"{uuid.uuid4().hex}.{kind}"
    return upload


def captions_check(upload: UploadedFile, max_bytes: int) -> ContentFile:
    """A clean copy of a WebVTT captions file (UTF-8, Unix line ends, no byte order
    mark), or ``ValidationError`` in German."""
    upload_size_check(upload, max_bytes)
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The captions file must be text in UTF-8. Please save it as UTF-8 WebVTT."),
            code="not_utf8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if first_line != "WEBVTT" and not first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        raise ValidationError(
            _(
                "This is not a WebVTT captions file: its first line must be “WEBVTT”. "
                "Captions in another format (for example SRT) must be converted to WebVTT."
            ),
            code="not_webvtt",
        )
    if not CUE_TIMING.search(text):
        raise ValidationError(
            _(
                "The captions file holds no captions: it needs lines with times such as "
                "“00:00:01.000 --> 00:00:04.000”."
            ),
            code="no_cues",
        )
    return ContentFile(text.encode("utf-8"), name=f"{uuid.uuid4().hex}.vtt")
