"""The coordination office puts sign-language videos with captions on the Leichte-Sprache
pages in the admin: every file is checked by its content, a refused upload stores nothing
and loses nothing, and replaced files leave the disk."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import with_totp
from tests.factories import UserFactory
from tests.image_files import image_with_metadata, metadata_in
from tests.video_files import CAPTIONS, MP4, SRT, WEBM
from thekiz_portal.models import SignLanguageVideo

pytestmark = pytest.mark.django_db

ADD = "/admin/thekiz_portal/signlanguagevideo/add/"


@pytest.fixture
def office(client, coordination_user):
    client.force_login(coordination_user)
    return client


def video_data(**fields) -> dict:
    data = {
        "page": "gebaerdensprache",
        "title": "Das ThEKiZ-Portal in Gebärdensprache",
        "video": SimpleUploadedFile("portal.mp4", MP4, "video/mp4"),
        "captions": SimpleUploadedFile("portal.vtt", CAPTIONS, "text/vtt"),
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def errors(response) -> str:
    assert response.status_code == 200
    return str(response.context["adminform"].form.errors)


def stored_files() -> list[str]:
    if not default_storage.exists("gebaerdensprache"):
        return []
    return sorted(default_storage.listdir("gebaerdensprache")[1])


def existing_video() -> SignLanguageVideo:
    video = SignLanguageVideo(page="gebaerdensprache", title="Bleibt")
    video.video.save("alt.mp4", ContentFile(MP4), save=False)
    video.captions.save("alt.vtt", ContentFile(CAPTIONS), save=False)
    video.save()
    return video


def test_the_office_adds_a_video_with_captions_and_a_poster_without_metadata(office):
    poster = image_with_metadata("JPEG", size=(64, 36))
    response = office.post(
        ADD,
        video_data(poster=SimpleUploadedFile("familie-mueller.jpg", poster, "image/jpeg")),
    )
    assert response.status_code == 302, errors(response)
    video = SignLanguageVideo.objects.get()
    assert video.video.name.endswith(".mp4") and "portal" not in video.video.name
    assert video.captions.name.endswith(".vtt")
    assert "familie-mueller" not in video.poster.name
    with video.poster.open("rb") as stored:
        assert metadata_in(stored.read()) == []
    assert video.video_type == "video/mp4"
    # Served like every upload: below MEDIA_URL.
    assert video.video.url.startswith("/media/gebaerdensprache/")


def test_a_webm_video_is_accepted(office):
    response = office.post(
        ADD, video_data(video=SimpleUploadedFile("portal.webm", WEBM, "video/webm"))
    )
    assert response.status_code == 302, errors(response)
    assert SignLanguageVideo.objects.get().video_type == "video/webm"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"video": SimpleUploadedFile("portal.mp4", b"<html>kein Video</html>")},
            "Diese Datei ist kein MP4- oder WebM-Video.",
        ),
        (
            {"captions": SimpleUploadedFile("portal.vtt", SRT, "text/vtt")},
            "Das ist keine WebVTT-Untertiteldatei",
        ),
        (
            {"poster": SimpleUploadedFile("bild.jpg", b"GIF89a", "image/jpeg")},
            "Diese Datei ist kein JPEG-, PNG- oder WebP-Bild",
        ),
        ({"captions": None}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_a_refused_file_stores_nothing_and_says_why_in_german(office, fields, message):
    response = office.post(ADD, video_data(**fields))
    assert message in errors(response)
    assert not SignLanguageVideo.objects.exists()
    assert stored_files() == []


def test_a_video_above_the_limit_is_refused_in_german(office, settings):
    settings.THEKIZ_MAX_VIDEO_BYTES = len(MP4) - 1
    response = office.post(ADD, video_data())
    assert "Die Datei ist zu groß" in errors(response)
    assert not SignLanguageVideo.objects.exists()


def test_a_refused_replacement_leaves_the_video_in_place(office):
    video = existing_video()
    before = stored_files()
    response = office.post(
        f"/admin/thekiz_portal/signlanguagevideo/{video.pk}/change/",
        video_data(
            title="Geändert",
            video=SimpleUploadedFile("neu.mp4", b"\x00" * 64, "video/mp4"),
        ),
    )
    assert "kein MP4- oder WebM-Video" in errors(response)
    video.refresh_from_db()
    assert video.title == "Bleibt"
    assert stored_files() == before
    with video.video.open("rb") as stored:
        assert stored.read() == MP4


def test_a_replaced_or_deleted_video_leaves_the_disk(office, django_capture_on_commit_callbacks):
    video = existing_video()
    old_video, old_captions = video.video.name, video.captions.name
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            f"/admin/thekiz_portal/signlanguagevideo/{video.pk}/change/",
            video_data(video=SimpleUploadedFile("neu.webm", WEBM, "video/webm")),
        )
    assert response.status_code == 302, errors(response)
    video.refresh_from_db()
    assert not default_storage.exists(old_video) and not default_storage.exists(old_captions)
    assert default_storage.exists(video.video.name)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/admin/thekiz_portal/signlanguagevideo/{video.pk}/delete/", {"post": "yes"})
    assert not SignLanguageVideo.objects.exists()
    assert stored_files() == []


def test_a_page_has_at_most_one_video(office):
    existing_video()
    response = office.post(ADD, video_data())
    assert "existiert bereits" in errors(response)


def test_centre_staff_cannot_manage_the_videos(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="coordinator"))
    with_totp(user)
    client.force_login(user)
    assert client.get("/admin/thekiz_portal/signlanguagevideo/").status_code == 403
    assert client.post(ADD, video_data()).status_code == 403
    assert not SignLanguageVideo.objects.exists()
