"""Wording for offers: ages, cost, registration, dates, in the interface language."""

import datetime

from django import template
from django.utils.safestring import SafeString

from common import dates
from common.markdown import markdown_to_html
from network.languages import content_language
from offers import rendering
from offers.rendering import age_range, cost_label, registration_label, spoken_languages

register = template.Library()


register.filter(age_range)
register.filter(spoken_languages)
register.filter(cost_label)
register.filter(registration_label)


@register.simple_tag(takes_context=True)
def occurrence_list(context, occurrences, **options) -> SafeString:
    """The dates as result rows (``offers.rendering.occurrence_list``) in the request's
    content language; ``location`` from the page's context unless given."""
    request = context.get("request")
    options.setdefault("location", context.get("location"))
    language = content_language(request) if request is not None else None
    return rendering.occurrence_list(occurrences, language=language, **options)


@register.simple_tag
def occurrence_status(occurrence) -> SafeString:
    return rendering.occurrence_status(occurrence)


@register.simple_tag
def offer_date_items(offer, occurrences) -> SafeString:
    return rendering.offer_date_items(offer, occurrences)


@register.simple_tag
def sign_up_state(state) -> SafeString:
    """The free places of a date or course (``offers.selectors.SignUpState``)."""
    return rendering.sign_up_state(state)


@register.filter
def short_day(value: datetime.datetime | datetime.date) -> str:
    """ "Di, 1. Dez. 2026"."""
    return dates.short_day(value)


@register.filter
def day(value: datetime.datetime | datetime.date, style: str = "long") -> str:
    """ "Donnerstag, 3. Dezember 2026" / "Thursday 3 December 2026", or another style of
    ``common.dates.DAY_FORMATS`` ("short": "Do, 3. Dez." / "Thu 3 Dec")."""
    return dates.day(value, style)


@register.filter
def times(occurrence) -> str:
    """ "9:30–11:00 Uhr": when a date (an Occurrence or a preview date) begins and ends."""
    return dates.time_span(occurrence.start, occurrence.end)


@register.filter
def markdown(text: str) -> SafeString:
    return markdown_to_html(text, top_heading=3)
