"""The pages in Leichte Sprache (BITV 2.0 §4): German content in both interfaces, linked
from every page's header, with the sign-language video where the office has put one."""

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from common.data_version import data_changed_at
from tests.factories import CenterFactory, PartnerFactory
from tests.video_files import CAPTIONS, MP4
from thekiz_portal.models import SignLanguageVideo

pytestmark = pytest.mark.django_db

EASY_READ = [
    ("/leichte-sprache/", "Das ThEKiZ·Portal in Leichter Sprache"),
    ("/leichte-sprache/thekiz/", "Was ist ein ThEKiZ?"),
    ("/leichte-sprache/angebot-finden/", "So finden Sie ein Angebot in Ihrer Nähe"),
    ("/leichte-sprache/kalender/", "Einen Termin in den Kalender eintragen"),
    ("/leichte-sprache/kontakt/", "So erreichen Sie ein Zentrum"),
    ("/leichte-sprache/barrierefreiheit/", "Erklärung zur Barriere·freiheit"),
    ("/leichte-sprache/gebaerdensprache/", "Gebärden·sprache"),
]


def sign_language_video(page: str = "gebaerdensprache", **fields) -> SignLanguageVideo:
    video = SignLanguageVideo(page=page, **{"title": f"Video für {page}", **fields})
    video.video.save("v.mp4", ContentFile(MP4), save=False)
    video.captions.save("v.vtt", ContentFile(CAPTIONS), save=False)
    video.save()
    return video


def main_text(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(("path", "heading"), EASY_READ)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_easy_read_page_is_german_content_in_both_interfaces(
    client, path, heading, prefix, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(prefix + path)
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{"en" if prefix else "de"}">' in html
    main = main_text(html)
    # All of it inside the one block marked German, the heading first.
    assert main.count('lang="de"') >= 1
    easy = main.split('<div class="easy-read" lang="de">', 1)[1]
    assert f"<h1>{heading}</h1>" in easy
    assert "Alle Seiten in Leichter Sprache" in easy
    # Links inside stay in the interface's language.
    if prefix:
        assert 'href="/en/leichte-sprache/kalender/"' in easy


def test_the_sub_pages_link_back_and_mark_themselves_in_the_list(client):
    html = client.get("/leichte-sprache/kalender/").text
    assert 'href="/leichte-sprache/">Zur Übersicht: Leichte Sprache</a>' in html
    assert re.search(r'href="/leichte-sprache/kalender/" aria-current="page"', html)
    assert html.count('aria-current="page"') == 1


@pytest.mark.parametrize("slug", ["uebersicht", "gibt-es-nicht"])
def test_unknown_easy_read_pages_are_404(client, slug):
    assert client.get(f"/leichte-sprache/{slug}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/", "/zentren/", "/netzwerk/", "/angebote/", "/impressum/", "/handbuch/", "/en/region/"],
)
def test_every_page_links_to_easy_read_and_sign_language_in_its_header(client, path):
    CenterFactory(slug="kita")
    PartnerFactory(slug="partner")
    response = client.get(path)
    assert response.status_code == 200
    header = response.text.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    english = path.startswith("/en/")
    prefix = "/en" if english else ""
    easy = "Easy Read German" if english else "Leichte Sprache"
    signs = "German Sign Language" if english else "Gebärdensprache"
    assert f'href="{prefix}/leichte-sprache/" hreflang="de">{easy}</a>' in header
    assert f'href="{prefix}/leichte-sprache/gebaerdensprache/" hreflang="de">{signs}</a>' in header


def test_the_sign_language_page_without_a_video_says_so_plainly(client):
    html = main_text(client.get("/leichte-sprache/gebaerdensprache/").text)
    assert "Im Moment gibt es hier noch kein Video in Gebärden·sprache." in html
    assert "<video" not in html


def test_the_sign_language_page_shows_every_video_with_german_captions(
    client, django_assert_max_num_queries
):
    own = sign_language_video()
    other = sign_language_video("kalender")
    with django_assert_max_num_queries(3):
        html = main_text(client.get("/en/leichte-sprache/gebaerdensprache/").text)
    assert "noch kein Video" not in html
    assert html.count("<video controls") == 2
    # Its own video first, then the pages' in reading order.
    assert html.index(own.title) < html.index(other.title)
    assert f'<source src="{own.video.url}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" srclang="de" label="Deutsch" src="{own.captions.url}" default>'
        in html
    )
    assert "poster=" not in html


def test_a_page_shows_its_own_video_only(client):
    video = sign_language_video("kalender", title="Kalender in Gebärdensprache")
    video.poster.save("p.jpg", ContentFile(b"jpeg"), save=True)
    html = main_text(client.get("/leichte-sprache/kalender/").text)
    assert "Diese Seite in Gebärden·sprache" in html
    assert f'poster="{video.poster.url}"' in html
    assert "<figcaption>Kalender in Gebärdensprache</figcaption>" in html
    other = main_text(client.get("/leichte-sprache/kontakt/").text)
    assert "<video" not in other and "Diese Seite in Gebärden·sprache" not in other


def test_a_new_video_is_not_hidden_behind_a_cached_page(client, django_capture_on_commit_callbacks):
    """The video is public data: adding one changes the data version and so the ETag."""
    url = "/leichte-sprache/gebaerdensprache/"
    data_changed_at()  # the data version is known from now on; ten seconds later:
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10)):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        with django_capture_on_commit_callbacks(execute=True):
            sign_language_video()
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert "<video controls" in again.text


def test_the_accessibility_statement_points_to_easy_read_and_sign_language(client):
    html = client.get("/barrierefreiheit/").text
    assert "Es gibt noch keine Version" not in html
    assert 'href="/leichte-sprache/" hreflang="de">Seiten in Leichter Sprache</a>' in html
    assert 'href="/leichte-sprache/gebaerdensprache/" hreflang="de">Seite Gebärdensprache' in html
