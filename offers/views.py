import datetime
from dataclasses import replace

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from centers.models import Center
from common.pagination import paginate
from common.translations import prefetch_translations
from network.languages import content_language
from offers.forms import WeekForm
from offers.ical import calendar_build, occurrence_calendar_build
from offers.models import Occurrence, Offer
from offers.search import OfferSearchForm
from offers.selectors import (
    center_days,
    occurrence_search,
    offer_for_page,
    offer_nearest_km,
    offer_upcoming_dates,
    offers_related,
)
from offers.structured_data import json_ld_script, offer_events


@require_safe
def offer_search(request: HttpRequest) -> HttpResponse:
    # Always bound: the defaults (next four weeks, sorted by date) are a search, too.
    form = OfferSearchForm(request.GET)
    query = form.query(today=timezone.localdate())
    if form.place_failed:  # the error and no list: never all of Thuringia as if near
        dates = Occurrence.objects.none()
    else:
        if query.location:
            radius = form.radius_adapt(lambda within: offer_nearest_km(query, within_km=within))
            query = replace(query, radius_km=radius.km)
        dates = occurrence_search(query)
    page = paginate(request, dates, cap=settings.THEKIZ_SEARCH_COUNT_CAP)
    # The rows name the offers' languages: one query for the whole page.
    page.object_list = list(page.object_list)
    prefetch_related_objects(page.object_list, "offer__languages")
    prefetch_translations(page.object_list, content_language(request), through="offer__")
    return render(
        request,
        "offers/offer_search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "location": query.location,
            "period": (query.first, query.last),
        },
    )


@require_safe
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(offer_for_page(slug))
    dates = offer_upcoming_dates(offer)
    related = offers_related(offer)
    prefetch_translations([offer, *related], content_language(request))
    events = offer_events(offer, dates, request.build_absolute_uri)
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "dates": dates,
            "related": related,
            "structured_data": json_ld_script(events) if events else "",
        },
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    patch_vary_headers(response, ["Cookie"])  # the content language
    return response


@require_safe
def offer_ics(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(offer_for_page(slug))
    url = request.build_absolute_uri(offer.get_absolute_url())
    language = content_language(request)
    content = calendar_build(
        offer.text_in("title", language).value,
        [(offer, list(offer.occurrences.all()), url)],
        request.get_host(),
        language,
    )
    return _ics_response(content, f"{offer.slug}.ics")


@require_safe
def occurrence_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One date of an offer as a calendar file; a date of another offer is a 404."""
    offer = get_object_or_404(offer_for_page(slug))
    occurrence = get_object_or_404(offer.occurrences.select_related("closure"), pk=pk)
    url = request.build_absolute_uri(offer.get_absolute_url())
    content = occurrence_calendar_build(
        offer, occurrence, url, request.get_host(), content_language(request)
    )
    day = timezone.localtime(occurrence.start).date()
    return _ics_response(content, f"{offer.slug}-{day:%Y-%m-%d}.ics")


def _published_center(slug: str) -> Center:
    return get_object_or_404(
        Center.objects.active().select_related("sozialraum__district"), slug=slug
    )


@require_safe
def center_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Subscription feed of all published offers of a centre."""
    center = _published_center(slug)
    offers = (
        Offer.objects.published()
        .filter(center=center)
        .select_related("center")
        .prefetch_related("schedules", "occurrences")
    )
    language = content_language(request)
    prefetch_translations(offers, language)
    entries = [
        (offer, list(offer.occurrences.all()), request.build_absolute_uri(offer.get_absolute_url()))
        for offer in offers
    ]
    return _ics_response(
        calendar_build(center.name, entries, request.get_host(), language), f"{center.slug}.ics"
    )


def _iso_week(day: datetime.date | None) -> str:
    return day.strftime("%G-W%V") if day else ""


def _programme_context(request: HttpRequest, slug: str, *, weekend_next: bool = False) -> dict:
    center = _published_center(slug)
    week_form = WeekForm(request.GET, today=timezone.localdate(), weekend_next=weekend_next)
    monday = week_form.monday
    dates = center_days(center, monday, days=7)
    prefetch_translations(dates, content_language(request), through="offer__")
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    by_day = {day: [o for o in dates if timezone.localtime(o.start).date() == day] for day in days}
    return {
        "center": center,
        "monday": monday,
        "sunday": days[-1],
        "days": [(day, by_day[day]) for day in days],
        "dates": dates,
        "week_errors": week_form.errors.get("woche", []),
        "previous_week": _iso_week(week_form.week_before(monday)),
        "next_week": _iso_week(week_form.week_after(monday)),
        "this_week": _iso_week(monday),
    }


@require_safe
def center_programme(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "offers/center_programme.html", _programme_context(request, slug))


@require_safe
def center_programme_print(request: HttpRequest, slug: str) -> HttpResponse:
    """The week for the notice board: on a weekend, the coming week unless one is chosen."""
    return render(
        request,
        "offers/center_programme_print.html",
        _programme_context(request, slug, weekend_next=True),
    )
