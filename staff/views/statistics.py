"""Statistics in "Mein ThEKiZ": per centre, Sozialraum, district and (the coordination
office) all of Thuringia, per quarter or year, with exports and the annual report.

Who sees what is decided in ``staff.statistics_scope`` alone; the figures come from
``offers.statistics`` (a fixed number of aggregate queries).
"""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Center
from common.text import alphabetical_key
from network.models import District, Sozialraum
from offers.freshness import unverified_by_center
from offers.statistics import Counts, Figures, Group, Period, Scope, by_quarter, cooperations_in
from offers.statistics import figures as compute_figures
from offers.statistics_export import FORMATS, export, filename
from staff.forms.statistics import FIRST_YEAR, PeriodForm
from staff.statistics_scope import statistics_scope, statistics_viewer

BAD_REQUEST = 400


@dataclass
class Bar:
    label: str
    value: int
    percent: int


@dataclass
class Chart:
    """A bar chart with its figures written beside each bar, and the same as a table."""

    slug: str
    title: str
    value_header: str
    bars: list[Bar]


def bar_chart(slug: str, title: str, value_header: str, items: list[tuple[str, int]]) -> Chart:
    top = max((value for _label, value in items), default=0) or 1
    return Chart(
        slug,
        title,
        value_header,
        [Bar(label, value, round(100 * value / top)) for label, value in items],
    )


def _scope_urls(scope: Scope) -> tuple[str, dict]:
    """The URL name of a scope's page and its arguments."""
    if scope.kind == Scope.CENTER:
        return "staff:statistics_center", {"center": scope.target.slug}
    if scope.kind == Scope.SOZIALRAUM:
        return "staff:statistics_sozialraum", {
            "district": scope.target.district.slug,
            "sozialraum": scope.target.slug,
        }
    if scope.kind == Scope.DISTRICT:
        return "staff:statistics_district", {"district": scope.target.slug}
    return "staff:statistics_land", {}


def _charts(figures: Figures) -> list[Chart]:
    def items(groups: list[Group], attribute: str) -> list[tuple[str, int]]:
        return [(group.label, getattr(group.counts, attribute)) for group in groups]

    return [
        bar_chart(
            "dates-by-category",
            _("Dates held by category"),
            _("Dates held"),
            items(figures.categories, "held"),
        ),
        bar_chart(
            "participants-by-category",
            _("Participants by category"),
            _("Participants"),
            items(figures.categories, "participants"),
        ),
        bar_chart(
            "dates-by-language",
            _("Dates held by language"),
            _("Dates held"),
            items(figures.languages, "held"),
        ),
    ]


def _period_form(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET or None)


def _refused(request: HttpRequest, form: PeriodForm, **context) -> HttpResponse:
    """A malformed period: the form with its (German) errors, status 400."""
    return render(
        request, "staff/statistics/scope.html", {"form": form, **context}, status=BAD_REQUEST
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What the person may see, and the period to see it for."""
    viewer = statistics_viewer(request.user)
    if not viewer.sees_anything:
        raise Http404
    form = _period_form(request)
    valid = form.is_valid()
    if viewer.office:
        districts = District.objects.all()
        centers = Center.objects.none()
    else:
        districts = District.objects.filter(pk__in=viewer.district_ids)
        centers = Center.objects.filter(pk__in=viewer.center_ids).order_by("name")
    sozialraeume = defaultdict(list)
    for sozialraum in Sozialraum.objects.filter(district__in=districts).order_by("name"):
        sozialraeume[sozialraum.district_id].append(sozialraum)
    districts = [
        (district, sozialraeume[district.pk])
        for district in sorted(districts, key=lambda district: alphabetical_key(district.name))
    ]
    return render(
        request,
        "staff/statistics/overview.html",
        {
            "form": form,
            "query": urlencode(request.GET) if valid and request.GET else "",
            "office": viewer.office,
            "districts": districts,
            "centers": list(centers),
        },
        status=200 if valid else BAD_REQUEST,
    )


def _district_rows(figures: Figures) -> list[tuple[str, Counts, int]]:
    """The office's dashboard: per district, the counts and number of centres."""
    totals: dict[str, Counts] = defaultdict(Counts)
    centers: dict[str, int] = defaultdict(int)
    for row in figures.centers:
        totals[row.district].add(row.counts)
        centers[row.district] += 1
    return [(name, totals[name], centers[name]) for name in sorted(totals, key=alphabetical_key)]


@login_required
def scope_page(request: HttpRequest, kind: str, **slugs: str) -> HttpResponse:
    """The figures of one centre, Sozialraum, district or of Thuringia, with charts."""
    scope, viewer = statistics_scope(request.user, kind, **slugs)
    form = _period_form(request)
    if not form.is_valid():
        return _refused(request, form, scope=scope)
    figures = compute_figures(scope, form.period)
    url_name, kwargs = _scope_urls(scope)
    query = urlencode(request.GET) if request.GET else ""
    context = {
        "form": form,
        "scope": scope,
        "figures": figures,
        "charts": _charts(figures),
        "query": query,
        "exports": [
            (fmt.upper(), reverse(f"{url_name}_export", kwargs={**kwargs, "fmt": fmt}))
            for fmt in FORMATS
        ],
        "office": viewer.office,
    }
    if scope.kind == Scope.DISTRICT:
        context["sozialraeume"] = list(scope.target.sozialraeume.order_by("name"))
    if scope.kind == Scope.LAND:
        context["district_rows"] = _district_rows(figures)
        context["unverified"] = unverified_by_center()
    if scope.kind == Scope.CENTER:
        context["report_url"] = reverse(
            "staff:statistics_report",
            kwargs={"center": scope.target.slug, "year": form.period.year},
        )
    return render(request, "staff/statistics/scope.html", context)


@login_required
def scope_export(request: HttpRequest, kind: str, fmt: str, **slugs: str) -> HttpResponse:
    """The figures of a scope and period as CSV, XLSX or ODS."""
    scope, _viewer = statistics_scope(request.user, kind, **slugs)
    if fmt not in FORMATS:
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return _refused(request, form, scope=scope)
    figures = compute_figures(scope, form.period)
    response = HttpResponse(export(figures, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(figures, fmt)}"'
    return response


@login_required
def report(request: HttpRequest, center: str, year: int) -> HttpResponse:
    """The annual report (Sachbericht) of one centre: one A4 page to print or save as PDF."""
    scope, _viewer = statistics_scope(request.user, Scope.CENTER, center=center)
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    period = Period(year)
    figures = compute_figures(scope, period)
    began, ended = cooperations_in(scope.target, period)
    return render(
        request,
        "staff/statistics/report.html",
        {
            "center": scope.target,
            "figures": figures,
            "year": year,
            "quarters": by_quarter(scope.target, year),
            "began": began,
            "ended": ended,
            "back_url": reverse("staff:statistics_center", kwargs={"center": center})
            + f"?{urlencode({'jahr': year})}",
        },
    )
