"""Lists of dates, written in Python.

A search page shows twenty dates, each with a dozen facts; as a template include per row
they cost more than the search's queries (bench/offer_search.py, docs/operations.md).
These functions write the same markup directly, and so do ``offer_date_items`` for the
offer page's list of upcoming dates. The templates call them through the
``occurrence_list``, ``occurrence_status`` and ``offer_date_items`` tags of ``offers``.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import localize, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _

from common import dates
from common.translations import marked
from common.urls import slug_url_maker
from network.geo import DISTANCE_SLOT, distance_away, kept_items_away
from offers.models import Occurrence, Offer


def _in_units(months: int) -> tuple[int, bool]:
    """(number, is_years): whole years as years, anything else in months."""
    return (months // 12, True) if months and months % 12 == 0 else (months, False)


def age_words(months: int) -> str:
    """ "2 years", "8 months": an age in words."""
    n, years = _in_units(months)
    if years:
        return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


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


def spoken_languages(offer: Offer) -> str:
    """ "Deutsch, Arabisch und Ukrainisch" when the offer is held in more than German, else ""
    (German goes without saying). Reads ``offer.languages.all()``: prefetch it in lists."""
    names = [language.name for language in offer.languages.all()]
    if not names or [language.code for language in offer.languages.all()] == ["de"]:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def cost_label(offer: Offer) -> str:
    if offer.cost == Offer.Cost.AMOUNT and offer.cost_amount is not None:
        return f"{number_format(offer.cost_amount, 2)} €"
    return str(offer.get_cost_display())


def registration_label(offer: Offer) -> str:
    if offer.registration == Offer.Registration.NONE:
        return _("just come along")
    return str(offer.get_registration_display())


def occurrence_status(occurrence: Occurrence) -> SafeString:
    """The badge and words for a date that does not take place or was moved, else ""."""
    if not occurrence.takes_place:
        return mark_safe(
            '<span class="kern-badge kern-badge--danger"><span class="kern-label">'
            f"{escape(gettext('cancelled'))}</span></span> {escape(occurrence.why_not)}"
        )
    if occurrence.moved:
        instead = gettext("instead of %(date)s") % {
            "date": dates.day(occurrence.original_date, "weekday")
        }
        return mark_safe(
            '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
            f"{escape(gettext('moved'))}</span></span> {escape(instead)}"
        )
    return mark_safe("")


def unverified_badge() -> SafeString:
    """The badge of an offer nobody confirmed for nine months (``Offer.is_unverified``)."""
    return mark_safe(
        '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
        f"{escape(gettext('no longer confirmed'))}</span></span>"
    )


def occurrence_row(
    occurrence: Occurrence,
    *,
    url_of,
    language=None,
    show_host: bool = False,
    show_day: bool = False,
    show_languages: bool = False,
    level: int = 4,
    location: bool = False,
    distance_words: str | None = None,
) -> str:
    """One ``<li>`` of ``occurrence_list``; ``distance_words`` ("3,2 km away", already
    escaped, or ``DISTANCE_SLOT``) is shown when searched from a ``location``."""
    offer = occurrence.offer
    start = timezone.localtime(occurrence.start)
    end = timezone.localtime(occurrence.end)
    day = (
        f'<span class="occurrence__day">{escape(dates.day(start, "short"))}</span> '
        if show_day
        else ""
    )
    off = "" if occurrence.takes_place else " occurrence--off"
    parts = [
        f'<li><article class="occurrence{off}">'
        f'<p class="occurrence__time">{day}<time datetime="{start.isoformat()}">'
        f'{start:%H:%M}</time>–<time datetime="{end.isoformat()}">{end:%H:%M}</time></p>'
        '<div class="occurrence__body">'
        f'<h{level} class="kern-title occurrence__title"><a class="kern-link" '
        f'href="{escape(url_of(offer.slug))}">{marked(offer.text_in("title", language))}</a>'
        f"</h{level}>"
    ]
    status = []
    if not occurrence.takes_place or occurrence.moved:
        status.append(occurrence_status(occurrence))
    if offer.is_unverified:
        status.append(unverified_badge())
    if status:
        parts.append(f'<p class="occurrence__status">{" ".join(status)}</p>')
    if occurrence.note:
        parts.append(f'<p class="occurrence__note">{escape(occurrence.note)}</p>')
    online = offer.place == Offer.PlaceKind.ONLINE
    if show_host or location or online:
        meta = []
        if show_host:
            host = offer.center.name if offer.center_id else gettext("Coordination office")
            meta.append(f"<span>{escape(host)}</span>")
        if location and distance_words is not None:
            meta.append(f'<span class="occurrence__distance">{distance_words}</span>')
        if online:
            meta.append(f"<span>{escape(gettext('online'))}</span>")
        parts.append(f'<p class="occurrence__meta">{" ".join(meta)}</p>')
    facts = [escape(age_range(offer)) or escape(gettext("any age"))]
    if show_languages and (spoken := spoken_languages(offer)):
        facts.append(escape(gettext("in %(languages)s") % {"languages": spoken}))
    facts += [escape(cost_label(offer)), escape(registration_label(offer))]
    parts.append(
        f'<ul class="occurrence__facts" aria-label="{escape(gettext("Facts"))}">'
        + "".join(f"<li>{fact}</li>" for fact in facts)
        + "</ul></div></article></li>"
    )
    return "".join(parts)


def occurrence_list(
    occurrences: Iterable[Occurrence],
    *,
    language=None,
    location=None,
    **options,
) -> SafeString:
    """``<ul class="occurrence-list">`` with one row per date: when, the offer (in the
    content ``language``, a ``network.Language`` or None), its status and note, where
    (host, distance from ``location``, online) and what a parent decides on (age,
    languages, cost, registration). Options as ``occurrence_row``: ``show_languages``
    needs the offers' languages prefetched; ``show_host`` needs ``offer__center``
    selected."""
    url_of = slug_url_maker("offers:offer_detail")
    rows = []
    for occurrence in occurrences:
        distance = getattr(occurrence, "distance", None)
        rows.append(
            occurrence_row(
                occurrence,
                url_of=url_of,
                language=language,
                location=bool(location),
                distance_words=None if distance is None else distance_away(distance),
                **options,
            )
        )
    return rows_list(rows)


def rows_list(rows: list[str]) -> SafeString:
    return mark_safe('<ul class="occurrence-list">\n' + "\n".join(rows) + "\n</ul>")


def sign_up_state(state) -> SafeString:
    """The free places of a date or course (``offers.selectors.SignUpState``): on the
    offer page's date list and course box, and on the sign-up page."""
    if not state.is_open:
        return mark_safe(
            '\n<span class="kern-badge kern-badge--info"><span class="kern-label">'
            f"{escape(gettext('sign-up closed'))}</span></span>\n\n"
        )
    if state.waitlist:
        return mark_safe(
            '\n<span class="kern-badge kern-badge--warning"><span class="kern-label">'
            f"{escape(gettext('fully booked'))}</span></span> "
            f"{escape(gettext('waiting list open'))}\n\n"
        )
    free = ngettext("%(free)s place free", "%(free)s places free", state.free) % {
        "free": escape(localize(state.free))
    }
    return mark_safe(
        '\n<span class="kern-badge kern-badge--success"><span class="kern-label">'
        f"{free}</span></span>\n"
    )


def offer_date_items(offer: Offer, occurrences: Iterable[Occurrence]) -> SafeString:
    """The ``<li>`` rows of the offer page's date list: when, status, places and sign-up
    (``occurrence.sign_up`` from ``offers.selectors.sign_up_states``, if set), the
    calendar link and the note. The same markup as the template loop it replaces,
    whitespace included, with one ``reverse`` per kind of link."""
    pk = 999999999
    sign_up_url = reverse("offers:occurrence_sign_up", args=[offer.slug, pk]).split(str(pk))
    ics_url = reverse("offers:occurrence_ics", args=[offer.slug, pk]).split(str(pk))
    sign_up_before, sign_up_after = escape(sign_up_url[0]), escape(sign_up_url[1])
    ics_before, ics_after = escape(ics_url[0]), escape(ics_url[1])
    add_to_calendar = escape(gettext("Add to calendar"))
    medium = str(dates.DAY_FORMATS["medium"])  # as dates.day(start, "medium")
    rows = []
    for occurrence in occurrences:
        start = timezone.localtime(occurrence.start)
        end = timezone.localtime(occurrence.end)
        clock = f"{start:%H:%M}"
        day = dateformat.DateFormat(start)
        spoken = f"{escape(day.format('D, j. F Y'))}, {clock}"
        off = "" if occurrence.takes_place else " date-list__item--off"
        status = ""
        if not occurrence.takes_place or occurrence.moved:
            status = f'<span class="date-list__status">{occurrence_status(occurrence)}</span>'
        sign_up = ""
        state = getattr(occurrence, "sign_up", None)
        if state and occurrence.takes_place:
            link = ""
            if state.is_open:
                words = gettext("Join the waiting list") if state.waitlist else gettext("Sign up")
                link = (
                    f' <a class="kern-link" href="{sign_up_before}{occurrence.pk}{sign_up_after}">'
                    f'{escape(words)}<span class="kern-sr-only">: {spoken}</span></a>'
                )
            sign_up = f'<span class="date-list__status">{sign_up_state(state)}{link}</span>'
        note = (
            f'<span class="date-list__note">{escape(occurrence.note)}</span>'
            if occurrence.note
            else ""
        )
        rows.append(
            f'\n              <li class="date-list__item{off}">\n'
            '                <span class="date-list__when">'
            f'<time datetime="{start.isoformat()}">{escape(day.format(medium))}, '
            f"{clock}–{end:%H:%M}</time></span>\n"
            f"                {status}\n"
            f"                {sign_up}\n"
            f'                <a class="kern-link kern-ml-auto" href="{ics_before}{occurrence.pk}'
            f'{ics_after}" download>{add_to_calendar}<span class="kern-sr-only">: {spoken}'
            "</span></a>\n"
            f"                {note}\n"
            "              </li>\n            "
        )
    return mark_safe("".join(rows))


class ResultRow(NamedTuple):
    """A date of a search's page, as its narrow query read it."""

    pk: int
    start: datetime.datetime
    distance: float | None = None


def result_days(
    rows: list[ResultRow], *, language, location, fetch: Callable[[list[int]], list]
) -> list[tuple[datetime.date, SafeString]]:
    """The search page's dates, grouped by day: ``(day, <ul> of its rows)``.

    A date's row is the same in every search that lists it, its distance aside: rows are
    kept per data version (``kept_many_per_version``), in this interface and content
    ``language`` and for today (an offer's "no longer confirmed" depends on the day), and
    only the rows not kept are read (``fetch(ids)``: the dates with what a row shows) and
    written. The distance from ``location`` is put into each row's slot.
    """
    namespace = ("result-row", get_language(), getattr(language, "code", ""), timezone.localdate())

    def build(keys: list[tuple[int, bool]]) -> dict:
        found = {occurrence.pk: occurrence for occurrence in fetch([pk for pk, _ in keys])}
        url_of = slug_url_maker("offers:offer_detail")
        return {
            (pk, slot): occurrence_row(
                found[pk],
                url_of=url_of,
                language=language,
                show_host=True,
                show_languages=True,
                location=slot,
                distance_words=DISTANCE_SLOT if slot else None,
            )
            for pk, slot in keys
            if pk in found  # a date deleted since the page's query: left out
        }

    near = [(row.pk, row.distance if location else None) for row in rows]
    # Consecutive rows of a day make a group (as {% regroup %}): nearest first, a day
    # can come back.
    days: list[tuple[datetime.date, list[str]]] = []
    for row, html in zip(rows, kept_items_away(namespace, near, build), strict=True):
        if html is None:
            continue
        day = timezone.localtime(row.start).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(html)
    return [(day, rows_list(items)) for day, items in days]
