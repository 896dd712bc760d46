"""Pages that compose several apps: home, regions, centre and partner profiles; the pages
in Leichte Sprache."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from centers.models import Center, Cooperation
from centers.selectors import center_for_profile
from common.translations import prefetch_translations
from network import population
from network.forms import LocationField
from network.languages import content_language
from network.models import District, Partner, Sozialraum
from offers.models import Offer
from offers.selectors import center_days
from thekiz_portal.models import SignLanguageVideo
from thekiz_portal.open_data import open_data_stand
from thekiz_portal.pages.profiles import (
    comparison_columns,
    district_comparison,
    district_profile,
    planning_documents,
    sozialraum_profile,
)

# How far the home page looks for "the nearest centres".
HOME_NEAREST_KM = 50
HOME_NEAREST_COUNT = 5


class HomeSearchForm(forms.Form):
    plz = LocationField(label=_("Where do you live?"), help_text=_("Postcode or town"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    form = HomeSearchForm(request.GET or None)
    location = form.cleaned_data["plz"] if form.is_valid() else None
    nearest = []
    if location:
        centres = Center.objects.active().for_listing()
        # From outside the home state the nearest centres may lie further away: the
        # nearest ones, however far, with their distance (and a notice).
        if location.in_home_state:
            centres = centres.near(location.point, HOME_NEAREST_KM)
        else:
            centres = centres.by_distance(location.point)
        nearest = list(centres[:HOME_NEAREST_COUNT])
    districts = District.objects.annotate(
        center_count=Count("sozialraeume__centers", filter=Q(sozialraeume__centers__is_active=True))
    )
    return render(
        request,
        "home.html",
        {
            "form": form,
            "location": location,
            "nearest": nearest,
            "nearest_km": HOME_NEAREST_KM,
            "districts": districts,
            "center_count": Center.objects.active().count(),
            "partner_count": Partner.objects.active().count(),
        },
    )


@require_safe
def district_list(request: HttpRequest) -> HttpResponse:
    districts = District.objects.annotate(
        center_count=Count(
            "sozialraeume__centers",
            filter=Q(sozialraeume__centers__is_active=True),
            distinct=True,
        ),
        sozialraum_count=Count("sozialraeume", distinct=True),
    )
    return render(request, "region/district_list.html", {"districts": districts})


@require_safe
def district_detail(request: HttpRequest, district: str) -> HttpResponse:
    district_obj = get_object_or_404(District, slug=district)
    sozialraeume = district_obj.sozialraeume.annotate(
        center_count=Count("centers", filter=Q(centers__is_active=True), distinct=True),
        partner_count=Count("partners", filter=Q(partners__is_active=True), distinct=True),
    )
    centers = Center.objects.active().for_listing().filter(sozialraum__district=district_obj)
    profile = district_profile(district_obj)
    sozialraeume = list(sozialraeume)
    for area in sozialraeume:  # what the area offers over the next three months
        area.offer_count = profile["offers_by_area"].get(area.pk, 0)
    partners = (
        Partner.objects.active()
        .filter(sozialraeume__district=district_obj)
        .distinct()
        .prefetch_related("languages")
    )
    return render(
        request,
        "region/district_detail.html",
        {
            "district": district_obj,
            "sozialraeume": sozialraeume,
            "centers": centers,
            "partners": partners,
            "profile": profile,
            "comparison": district_comparison(request.GET.get("sortierung", "")),
            "comparison_columns": comparison_columns(),
            "planning_documents": planning_documents(request.user),
            "offer_search_url": _offer_search_url(district_obj),
            "population_source": population.SOURCE,
            "population_version": population.source_version(),
            "population_released": population.SOURCE_RELEASED,
        },
    )


def _offer_search_url(district: District) -> str:
    return f"{reverse('offers:offer_search')}?{urlencode({'kreis': district.slug})}"


@require_safe
def sozialraum_detail(request: HttpRequest, district: str, sozialraum: str) -> HttpResponse:
    area = get_object_or_404(
        Sozialraum.objects.select_related("district"), district__slug=district, slug=sozialraum
    )
    centers = Center.objects.active().for_listing().filter(sozialraum=area)
    partners = area.partners.filter(is_active=True)
    return render(
        request,
        "region/sozialraum_detail.html",
        {
            "area": area,
            "centers": centers,
            "partners": partners.prefetch_related("languages"),
            "profile": sozialraum_profile(area),
            "planning_documents": planning_documents(request.user),
            "offer_search_url": _offer_search_url(area.district),
        },
    )


@require_safe
def center_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's profile with the next seven days of its programme (centers + offers)."""
    center = get_object_or_404(center_for_profile(slug))
    week = center_days(center, timezone.localdate(), days=7)
    offers = list(Offer.objects.published().filter(center=center).order_by("title"))
    language = content_language(request)
    prefetch_translations([center], language)
    prefetch_translations(week, language, through="offer__")
    prefetch_translations(offers, language)
    return render(
        request,
        "centers/center_detail.html",
        {"center": center, "week": week, "offers": offers},
    )


@require_safe
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(
        Partner.objects.active().prefetch_related(
            Prefetch("sozialraeume", queryset=Sozialraum.objects.select_related("district")),
            "languages",
        ),
        slug=slug,
    )
    cooperations = (
        Cooperation.objects.current()
        .filter(partner=partner, center__is_active=True)
        .select_related("center")
        .order_by("center__name")
    )
    return render(
        request,
        "network/partner_detail.html",
        {"partner": partner, "cooperations": cooperations},
    )


# The pages in Leichte Sprache, in reading order: slug below /leichte-sprache/ (the
# overview has none) → the video's page. Their text is German content, in both interfaces.
EASY_READ_PAGES = {
    None: SignLanguageVideo.Page.OVERVIEW,
    "thekiz": SignLanguageVideo.Page.ABOUT,
    "angebot-finden": SignLanguageVideo.Page.FIND,
    "kalender": SignLanguageVideo.Page.CALENDAR,
    "kontakt": SignLanguageVideo.Page.CONTACT,
    "barrierefreiheit": SignLanguageVideo.Page.ACCESSIBILITY,
    "gebaerdensprache": SignLanguageVideo.Page.SIGN_LANGUAGE,
}
EASY_READ_ORDER = list(EASY_READ_PAGES.values())


@require_safe
def easy_read(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A page in Leichte Sprache with its sign-language video, if there is one; the
    sign-language page shows every video."""
    page = EASY_READ_PAGES.get(slug)
    if page is None:
        raise Http404
    videos = SignLanguageVideo.objects.all()
    if page != SignLanguageVideo.Page.SIGN_LANGUAGE:
        videos = videos.filter(page=page)
    return render(
        request,
        f"pages/leichte_sprache/{page.value.replace('-', '_')}.html",
        {
            "page": page,
            # The page's own video first, then the others in reading order.
            "videos": sorted(
                videos, key=lambda video: (video.page != page, EASY_READ_ORDER.index(video.page))
            ),
        },
    )


OPEN_DATA_SETS = {"zentren": _("Centres"), "partner": _("Partners"), "angebote": _("Offers")}


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open data: the files of the last nightly export, their licence and time."""
    generated_at, downloads = open_data_stand()
    data_sets = [
        (label, [download for download in downloads if download.slug == slug])
        for slug, label in OPEN_DATA_SETS.items()
    ]
    return render(
        request,
        "pages/open_data.html",
        {
            "generated_at": generated_at,
            "data_sets": [(label, files) for label, files in data_sets if files],
            "licence": settings.THEKIZ_OPEN_DATA_LICENCE,
        },
    )
