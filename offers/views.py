import datetime
import time
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from centers.models import Center
from common.data_version import kept_page
from common.page_parts import PageParts, render_page, render_parts
from common.pagination import paginate, paginate_kept
from common.rate_limit import rate_exceeded
from common.translations import prefetch_translations
from network.languages import chosen_code, content_language
from offers.forms import SignUpForm, WeekForm
from offers.ical import calendar_build, occurrence_calendar_build
from offers.models import Occurrence, Offer
from offers.rendering import ResultRow, result_days
from offers.search import OfferSearchForm
from offers.selectors import (
    center_days,
    occurrence_search_counted,
    occurrences_for_rows,
    offer_for_page,
    offer_nearest_km,
    offer_upcoming_dates,
    offers_related,
    sign_up_states,
)
from offers.services import ages_check, ages_parse, offer_sign_up
from offers.structured_data import json_ld_script, offer_events
from registrations.links import registration_link_value
from registrations.models import Capacity


@require_safe
def offer_search(request: HttpRequest) -> HttpResponse:
    # Always bound: the defaults (next four weeks, sorted by date) are a search, too.
    form = OfferSearchForm(request.GET)
    query = form.query(today=timezone.localdate())
    if form.place_failed:  # the error and no list: never all of Thuringia as if near
        page = paginate(request, Occurrence.objects.none(), cap=settings.THEKIZ_SEARCH_COUNT_CAP)
        page.object_list = []
    else:
        if query.location:
            radius = form.radius_adapt(lambda within: offer_nearest_km(query, within_km=within))
            query = replace(query, radius_km=radius.km)
        # The count and the page's dates as narrow rows, kept per data version for the
        # rest of the minute (dates end): a search asked again reads neither. What each
        # row shows is kept too, and only the rows not kept yet are read in full.
        fields = ("pk", "start", "distance") if query.location else ("pk", "start")
        page = paginate_kept(
            request,
            ("offer-search", query.key),
            lambda: occurrence_search_counted(query),
            lambda dates: [ResultRow(*row) for row in dates.values_list(*fields)],
            cap=settings.THEKIZ_SEARCH_COUNT_CAP,
            until=(time.time() // 60 + 1) * 60,  # the minute's end
        )
    language = content_language(request)
    days = result_days(
        page.object_list,
        language=language,
        location=query.location,
        fetch=lambda ids: occurrences_for_rows(ids, language),
    )
    return render(
        request,
        "offers/offer_search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "days": days,
            "location": query.location,
            "period": (query.first, query.last),
        },
    )


@require_safe
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An offer's page. What it shows below the layout is the same for every visitor, so
    it is kept per data version (``kept_page``) until its first date ends or the day
    changes; an offer that takes sign-ups (free places change with every sign-up) and an
    address with a query string are rendered for each request."""
    if request.GET:
        parts = _offer_parts(request, slug)
    else:
        key = ("offer", request.build_absolute_uri(), get_language(), chosen_code(request))
        parts = kept_page(key, lambda: _offer_parts(request, slug))
    response = render_page(request, parts)
    if not parts.until:
        # Free places: kept by no proxy, browser or page cache either (sign-ups do not
        # move the data version that their validators rest on).
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _offer_parts(request: HttpRequest, slug: str) -> PageParts:
    offer = get_object_or_404(offer_for_page(slug))
    dates = offer_upcoming_dates(offer)
    related = offers_related(offer)
    prefetch_translations([offer, *related], content_language(request))
    events = offer_events(offer, dates, request.build_absolute_uri)
    course_sign_up = sign_up_states(offer, dates)
    blocks = render_parts(
        "offers/offer_detail.html",
        {
            "offer": offer,
            "dates": dates,
            "course_sign_up": course_sign_up,
            "related": related,
            "structured_data": json_ld_script(events) if events else "",
        },
        request,
    )
    if offer.takes_sign_ups:
        return PageParts(blocks, until=0)  # shown as they are, each time
    # The list changes when its first date ends (dates are listed until they end); the
    # "no longer confirmed" notice and the dates' words ("today") with the day.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    midnight = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    return PageParts(blocks, until=min([midnight, *(date.end for date in dates)]).timestamp())


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


# The form's field for each name the registration core refuses.
_SIGN_UP_FIELDS = {"children_ages_months": "children_ages"}


def _sign_up_refused(form: SignUpForm, error: ValidationError) -> None:
    for name, messages in error.update_error_dict({}).items():
        field = _SIGN_UP_FIELDS.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "HEAD", "POST"])
def offer_sign_up_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Sign up for a date (``pk``) or for the whole course, without an account."""
    offer = get_object_or_404(offer_for_page(slug))
    per_date = offer.registration == Offer.Registration.PER_DATE
    if not offer.takes_sign_ups or per_date != (pk is not None):
        raise Http404
    occurrence = None
    if per_date:
        occurrence = get_object_or_404(
            offer.occurrences.upcoming().select_related("closure", "capacity"), pk=pk
        )
        sign_up_states(offer, [occurrence])
        state = occurrence.sign_up
        capacity = occurrence.capacity
    else:
        state = sign_up_states(offer, [])
        capacity = offer.course_capacity
    limits = capacity or Capacity(  # the offer's until the first sign-up creates it
        max_adults=offer.registration_max_adults, max_children=offer.registration_max_children
    )
    ages_wanted = offer.age_min_months is not None or offer.age_max_months is not None
    form_options = {
        "max_adults": limits.max_adults,
        "max_children": limits.max_children,
        "ages_wanted": ages_wanted,
        "bare_in_years": offer.age_max_months is None or offer.age_max_months > 36,
    }
    if request.method == "POST":
        if rate_exceeded(request, "sign-up", settings.THEKIZ_REGISTRATION_RATE):
            return render(request, "offers/sign_up_limited.html", {"offer": offer}, status=429)
        form = SignUpForm(request.POST, **form_options)
        if form.is_valid():
            data = form.cleaned_data
            children = data.get("children", 0)
            ages: list[int] = []
            if "children_ages" in form.fields:
                try:
                    ages = ages_parse(data["children_ages"], bare_in_years=form.bare_in_years)
                    ages_check(offer, ages, children)
                except ValidationError as error:
                    form.add_error("children_ages", error)
        if form.is_valid():
            try:
                registration = offer_sign_up(
                    offer=offer,
                    occurrence=occurrence,
                    name=data["name"],
                    adults=data.get("adults", 0),
                    children=children,
                    email=data["email"],
                    phone=data["phone"],
                    children_ages_months=ages,
                    note=data["note"],
                    language=get_language(),
                    content_language=chosen.code if (chosen := content_language(request)) else "",
                    consent=data["consent"],
                )
            except ValidationError as error:
                _sign_up_refused(form, error)
            else:
                value = registration_link_value(registration)
                url = reverse("registrations:registration_detail", kwargs={"value": value})
                return redirect(f"{url}?neu=1")
    else:
        form = SignUpForm(**form_options)
    return render(
        request,
        "offers/sign_up.html",
        {"offer": offer, "occurrence": occurrence, "state": state, "form": form},
    )
