"""Videos and captions are judged by their content, whatever name or type they claim."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.videos import captions_check, video_check, video_kind
from tests.video_files import CAPTIONS, MP4, QUICKTIME, SRT, WEBM


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (MP4, "mp4"),
        (WEBM, "webm"),
        (QUICKTIME, None),
        (b"\x1a\x45\xdf\xa3\x42\x82\x88matroska", None),  # Matroska, not WebM
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", None),  # a HEIF photo
        (b"%PDF-1.7\n", None),
        (b"", None),
    ],
)
def test_the_first_bytes_say_what_a_video_is(content, kind):
    assert video_kind(content) == kind


@pytest.mark.parametrize(("content", "extension"), [(MP4, "mp4"), (WEBM, "webm")])
def test_a_video_gets_a_fresh_name_with_the_extension_its_content_shows(content, extension):
    upload = SimpleUploadedFile("Familie Müller.mov", content, "video/quicktime")
    checked = video_check(upload, max_bytes=1000)
    assert checked.name.endswith(f".{extension}")
    assert "Müller" not in checked.name
    assert checked.read() == content  # read from the start, stored as it came


def test_a_file_that_only_claims_to_be_a_video_is_refused_in_german():
    upload = SimpleUploadedFile("video.mp4", b"<html>nope</html>", "video/mp4")
    with pytest.raises(ValidationError) as error:
        video_check(upload, max_bytes=1000)
    assert error.value.code == "not_a_video"
    assert "kein MP4- oder WebM-Video" in error.value.messages[0]


def test_a_video_above_the_limit_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("video.mp4", MP4 + b"\x00" * 100, "video/mp4")
    with pytest.raises(ValidationError) as error:
        video_check(upload, max_bytes=len(MP4))
    assert error.value.code == "too_large"
    assert "Die Datei ist zu groß" in error.value.messages[0]


def test_captions_are_stored_clean_under_a_fresh_name():
    messy = b"\xef\xbb\xbf" + CAPTIONS.replace(b"\n", b"\r\n")
    checked = captions_check(SimpleUploadedFile("untertitel.txt", messy), max_bytes=10_000)
    assert checked.name.endswith(".vtt") and "untertitel" not in checked.name
    assert checked.read() == CAPTIONS


def test_a_header_with_a_description_is_webvtt():
    content = CAPTIONS.replace(b"WEBVTT\n", b"WEBVTT - Untertitel\n", 1)
    assert captions_check(SimpleUploadedFile("a.vtt", content), max_bytes=10_000)


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (SRT, "not_webvtt", "erste Zeile muss „WEBVTT“"),
        (b"WEBVTTX\n\n00:00.000 --> 00:01.000\nHallo\n", "not_webvtt", "keine WebVTT"),
        (b"WEBVTT\n\nNur ein Text ohne Zeiten.\n", "no_cues", "enthält keine Untertitel"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nGrüße\n".encode("latin-1"), "not_utf8", "UTF-8"),
        (b"", "empty", "Die Datei ist leer"),
    ],
)
def test_captions_that_a_browser_cannot_read_are_refused_in_german(content, code, message):
    with pytest.raises(ValidationError) as error:
        captions_check(SimpleUploadedFile("a.vtt", content), max_bytes=10_000)
    assert error.value.code == code
    assert message in error.value.messages[0]
