"""Centre cards, written in Python: a list of twenty as template includes cost more than
the page's queries (bench/page_cpu.py). The same markup as the template it replaced,
escaped in the same places; the templates call ``{% center_items %}`` (``centers``)."""

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.urls import slug_url_maker
from network.geo import distance_away


def center_items(
    centers: Iterable, *, location=None, language_code: str = "de", inline: bool = False
) -> SafeString:
    """``<li>`` with a card per centre: name and link, place, distance from ``location``
    (``center.distance``), summary (German, marked as such on pages in another
    language), step-free access and the languages besides German. Reads
    ``center.languages.all()``: prefetch it. ``inline``: the items without a line break
    between them."""
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
        if location:
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
    return mark_safe(("" if inline else "\n").join(items))
