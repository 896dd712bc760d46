"""Centre cards written in Python (centers/rendering.py): what they show, escaped, in
either interface language, with the distance only near a place."""

import pytest
from django.utils import translation

from centers.rendering import center_items
from network.geo import Point
from network.places import Location
from tests.factories import CenterFactory, language

pytestmark = pytest.mark.django_db


def test_a_card_shows_name_place_summary_and_facts_escaped():
    center = CenterFactory(
        name="Kita <Sonnenschein>",
        slug="kita-sonnenschein",
        postcode="07743",
        city="Jena & Umland",
        summary="Treff <b>für</b> alle",
        step_free_access=True,
    )
    center.languages.set([language("de"), language("ar")])
    with translation.override("de"):
        html = center_items([center])
    assert html.startswith('<li>\n<article class="result-card">')
    assert 'href="/zentren/kita-sonnenschein/">Kita &lt;Sonnenschein&gt;</a>' in html
    assert "<span>07743 Jena &amp; Umland</span>" in html
    assert '<p class="kern-body">Treff &lt;b&gt;für&lt;/b&gt; alle</p>' in html
    assert "stufenlos erreichbar" in html
    assert "Arabisch" in html and "Deutsch" not in html  # German goes without saying
    assert "result-card__distance" not in html


def test_near_a_place_a_card_names_its_distance_and_english_pages_mark_the_german_summary():
    center = CenterFactory(summary="Offener Treff.")
    center.distance = 3.24
    near = Location(point=Point(50.93, 11.59), label="Jena")
    with translation.override("de"):
        german = center_items([center], location=near, language_code="de")
    with translation.override("en"):
        english = center_items([center], location=near, language_code="en")
    assert '<span class="result-card__distance">3,2 km entfernt</span>' in german
    assert '<p class="kern-body">Offener Treff.</p>' in german
    assert '<span class="result-card__distance">3.2 km away</span>' in english
    assert '<p class="kern-body" lang="de">Offener Treff.</p>' in english
    assert 'href="/en/zentren/' in english


def test_cards_follow_each_other_on_lines_or_inline():
    first, second = CenterFactory(), CenterFactory()
    assert "</li>\n<li>" in center_items([first, second])
    assert "</li><li>" in center_items([first, second], inline=True)
