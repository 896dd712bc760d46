"""The pages in Leichte Sprache: no axe violations at phone and desktop width in both
interfaces (German content marked lang="de"), large type, nothing wider than 320 px; the
sign-language page with and without a video, whose German captions the browser loads."""

import re

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_admin import WIDGETS_NAMED
from tests.browser.test_handbook import CREATE_COORDINATION
from tests.browser.test_staff import PASSWORD, log_in
from tests.video_files import CAPTIONS, MP4

EASY_READ = [
    "/leichte-sprache/",
    "/leichte-sprache/thekiz/",
    "/leichte-sprache/angebot-finden/",
    "/leichte-sprache/kalender/",
    "/leichte-sprache/kontakt/",
    "/leichte-sprache/barrierefreiheit/",
    "/leichte-sprache/gebaerdensprache/",
]
SIGN_LANGUAGE = "/leichte-sprache/gebaerdensprache/"

# Puts a video with captions and a poster on the sign-language page and on the calendar
# page (the files only need to pass the admin's checks; the browser loads no video data
# before it is started).
ADD_VIDEOS = """
import io
from django.core.files.base import ContentFile
from PIL import Image
from thekiz_portal.models import SignLanguageVideo
from tests.video_files import CAPTIONS, MP4
poster = io.BytesIO()
Image.new("RGB", (160, 90), (40, 90, 160)).save(poster, "PNG")
for page in ("gebaerdensprache", "kalender"):
    video = SignLanguageVideo(page=page, title=f"Das ThEKiZ-Portal in Gebärdensprache ({page})")
    video.video.save("v.mp4", ContentFile(MP4), save=False)
    video.captions.save("v.vtt", ContentFile(CAPTIONS), save=False)
    video.poster.save("p.png", ContentFile(poster.getvalue()), save=False)
    video.save()
"""
REMOVE_VIDEOS = "from thekiz_portal.models import SignLanguageVideo\n" + (
    "SignLanguageVideo.objects.all().delete()"
)


def check(page, language: str) -> None:
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator(".easy-read").get_attribute("lang") == "de"
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    # Large type: body text of at least 1.25rem (20 px), with generous line height.
    size, height = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.easy-read h1 + p'));"
        " return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; })()"
    )
    assert size >= 20 and height >= 1.5 * size, (size, height)


@pytest.fixture(scope="module")
def office(browser, portal):
    """The coordination office, signed in with its second factor (storage state)."""
    secret = generate_totp_secret()
    email = "fachstelle.video@thekiz.example"
    portal.shell(CREATE_COORDINATION.format(email=email, password=PASSWORD, secret=secret))
    context, page = _new_page(browser, 1280)
    log_in(page, portal.url + "/admin/", email, secret)
    page.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def videos(portal):
    portal.shell(ADD_VIDEOS)
    yield
    portal.shell(REMOVE_VIDEOS)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", EASY_READ)
def test_easy_read_pages_have_no_axe_violations(new_page, portal_url, path, width, language):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    response = page.goto(portal_url + prefix + path)
    assert response.status == 200
    check(page, language)
    if path == SIGN_LANGUAGE:
        assert page.locator("video").count() == 0
        assert page.get_by_text("Im Moment gibt es hier noch kein Video").is_visible()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", [SIGN_LANGUAGE, "/leichte-sprache/kalender/"])
def test_pages_with_a_sign_language_video_have_no_axe_violations(
    new_page, portal_url, videos, path, width, language
):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    page.goto(portal_url + prefix + path)
    video = page.locator("video[controls]")
    expected = 2 if path == SIGN_LANGUAGE else 1
    assert video.count() == expected
    # The German captions are shown by default: the browser fetched and parsed them.
    page.wait_for_function(
        "() => [...document.querySelectorAll('video track')].every(t => t.readyState === 2)"
    )
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    assert page.evaluate("document.querySelector('video').textTracks[0].cues.length") == 2
    check(page, language)
    box = video.first.bounding_box()
    assert box["width"] <= width


def test_the_header_leads_to_easy_read_and_to_sign_language(new_page, portal_url):
    page = new_page(320)
    page.goto(portal_url + "/en/zentren/")
    page.get_by_role("link", name="Easy Read German").click()
    assert page.url.endswith("/en/leichte-sprache/")
    assert page.locator("h1").inner_text() == "Das ThEKiZ·Portal in Leichter Sprache"
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="German Sign Language"
    ).click()
    assert page.url.endswith("/en/leichte-sprache/gebaerdensprache/")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_office_uploads_a_video_in_the_admin_and_the_page_shows_it(
    browser, portal, office, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=office
    )
    page = context.new_page()
    try:
        page.goto(portal.url + "/admin/thekiz_portal/signlanguagevideo/add/")
        page.wait_for_function(WIDGETS_NAMED)
        assert not axe_violations(page)
        page.select_option("#id_page", "gebaerdensprache")
        page.fill("#id_title", "Das Portal in Gebärdensprache")
        page.set_input_files(
            "#id_video", {"name": "portal.mp4", "mimeType": "video/mp4", "buffer": b"kein Video"}
        )
        page.set_input_files(
            "#id_captions", {"name": "portal.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS}
        )
        page.get_by_role("button", name="Sichern", exact=True).click()
        refusal = page.locator(".errorlist").get_by_text("kein MP4- oder WebM-Video")
        refusal.wait_for()  # the form comes back with the refusal in German
        page.wait_for_function(WIDGETS_NAMED)
        violations = axe_violations(page)
        assert not violations, "\n".join(violations)
        # The browser forgets chosen files after an error: both are chosen again.
        page.set_input_files(
            "#id_video", {"name": "portal.mp4", "mimeType": "video/mp4", "buffer": MP4}
        )
        page.set_input_files(
            "#id_captions", {"name": "portal.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS}
        )
        page.get_by_role("button", name="Sichern", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/thekiz_portal/signlanguagevideo/$"))
        page.goto(portal.url + SIGN_LANGUAGE)
        assert page.get_by_role("heading", name="Das Portal in Gebärdensprache").is_visible()
        assert page.locator("video[controls] track[kind=captions][srclang=de]").count() == 1
    finally:
        context.close()
        portal.shell(REMOVE_VIDEOS)
