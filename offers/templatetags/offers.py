"""Wording for offers: ages, cost, registration, dates, in the interface language."""

import datetime

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import dates
from common.markdown import markdown_to_html
from offers.models import Offer

register = template.Library()


def _in_units(months: int) -> tuple[int, bool]:
    """(number, is_years): whole years as years, anything else in months."""
    return (months // 12, True) if months and months % 12 == 0 else (months, False)


def age_words(months: int) -> str:
    """ "2 years", "8 months": an age in words."""
    n, years = _in_units(months)
    if years:
        return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


@register.filter
def age_range(offer: Offer) -> str:
    """ "0 bis 12 Monate", "ab 3 Jahren", "bis 3 Jahre" – or "" for all ages."""
    low, high = offer.age_min_months, offer.age_max_months
    if high is not None and not low:
        n, years = _in_units(high)
        if years:
            return ngettext("up to %(n)s year", "up to %(n)s years", n) % {"n": n}
        return ngettext("up to %(n)s month", "up to %(n)s months", n) % {"n": n}
    if low and high is None:
        n, years = _in_units(low)
        if years:
            return ngettext("from %(n)s year", "from %(n)s years", n) % {"n": n}
        return ngettext("from %(n)s month", "from %(n)s months", n) % {"n": n}
    if low and high is not None:
        return _("%(low)s to %(high)s") % {"low": age_words(low), "high": age_words(high)}
    return ""


@register.filter
def spoken_languages(offer: Offer) -> str:
    """ "Deutsch, Arabisch und Ukrainisch" when the offer is held in more than German, else ""
    (German goes without saying). Reads ``offer.languages.all()``: prefetch it in lists."""
    names = [language.name for language in offer.languages.all()]
    if not names or [language.code for language in offer.languages.all()] == ["de"]:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


@register.filter
def cost_label(offer: Offer) -> str:
    if offer.cost == Offer.Cost.AMOUNT and offer.cost_amount is not None:
        return f"{number_format(offer.cost_amount, 2)} €"
    return str(offer.get_cost_display())


@register.filter
def registration_label(offer: Offer) -> str:
    if offer.registration == Offer.Registration.NONE:
        return _("just come along")
    return str(offer.get_registration_display())


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
