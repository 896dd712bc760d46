"""Centre cards, written in Python: a list of twenty as template includes cost more than
the page's queries (bench/page_cpu.py). The same markup as the template it replaced,
escaped in the same places; the templates call ``{% center_items %}`` (``centers``)."""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from common.urls import slug_url_maker
from network.geo import DISTANCE_SLOT, distance_away, kept_items_away


def center_items(
    centers: Iterable, *, location=None, language_code: str = "de", inline: bool = False
) -> SafeString:
    """``<li>`` with a card per centre (``center_cards``); ``inline``: without a line
    break between them."""
    cards = center_cards(centers, location=location, language_code=language_code)
    return mark_safe(("" if inline else "\n").join(cards))


class CenterRow(NamedTuple):
    """A centre of a search's page, as its narrow query read it."""

    pk: int
    distance: float | None = None  # from the searched place


def kept_center_items(
    rows: list[CenterRow], *, fetch: Callable[[list[int]], Iterable]
) -> SafeString:
    """The cards of a search's page: a centre's card is the same in every search, its
    distance aside, so cards are kept per data version and interface language
    (``kept_items_away``); only those not kept are read (``fetch(ids)``: the centres,
    languages prefetched) and written."""
    language_code = get_language() or "de"

    def build(keys: list[tuple[int, bool]]) -> dict:
        found = {center.pk: center for center in fetch([pk for pk, _ in keys])}
        return {
            (pk, slot): center_cards(
                [found[pk]], location=slot, language_code=language_code, distance_slot=True
            )[0]
            for pk, slot in keys
            if pk in found  # a centre deleted since the page's query: left out
        }

    cards = kept_items_away(("center-card", language_code), rows, build)
    return mark_safe("\n".join(card for card in cards if card is not None))


def center_cards(
    centers: Iterable, *, location=None, language_code: str = "de", distance_slot: bool = False
) -> list[str]:
    """A ``<li>`` with a card per centre: name and link, place, distance from
    ``location`` (``center.distance``, or ``DISTANCE_SLOT`` with ``distance_slot``),
    summary (German, marked as such on pages in another language), step-free access and
    the languages besides German. Reads ``center.languages.all()``: prefetch it."""
    url_of = slug_url_maker("pages:center_detail")
    lang = "" if language_code == "de" else ' lang="de"'
    facts = escape(gettext("Facts"))
    step_free = (
        '<li><span class="kern-badge kern-badge--info"><span class="kern-label">'
        f"{escape(gettext('step-free access'))}</span></span></li>"
    )
    items = []
    for center in centers:
        distance = ""
        if location and distance_slot:
            distance = f'<span class="result-card__distance">{DISTANCE_SLOT}</span>'
        elif location:
            away = distance_away(getattr(center, "distance", None))
            distance = f'<span class="result-card__distance">{away}</span>'
        spoken = "".join(
            '<li><span class="kern-badge kern-badge--success"><span class="kern-label">'
            f"{escape(language.name)}</span></span></li>"
            for language in center.languages.all()
            if language.code != "de"
        )
        items.append(
            '<li>\n<article class="result-card">\n'
            '  <h3 class="kern-heading-small result-card__title">\n'
            f'    <a class="kern-link" href="{escape(url_of(center.slug))}">'
            f"{escape(center.name)}</a>\n"
            "  </h3>\n"
            '  <p class="result-card__meta">\n'
            f"    <span>{escape(center.postcode)} {escape(center.city)}</span>\n"
            f"    {distance}\n"
            "  </p>\n"
            f'  <p class="kern-body"{lang}>{escape(center.summary)}</p>\n'
            f'  <ul class="tag-list" aria-label="{facts}">\n'
            f"    {step_free if center.step_free_access else ''}\n"
            f"    {spoken}\n"
            "  </ul>\n"
            "</article>\n</li>"
        )
    return items
