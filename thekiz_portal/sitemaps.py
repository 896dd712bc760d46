from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from centers.models import Center
from events.models import Event
from handbook.models import Document, Section
from network.models import District, Partner, Sozialraum
from offers.models import Offer
from thekiz_portal.pages.views import EASY_READ_PAGES


class _Localised(Sitemap):
    """Every page exists in German and under /en/ in English.

    Each section of the sitemap index has pages of at most ``limit`` addresses (one per
    page and language, each with its alternates): well below the 50,000 a sitemap may list.
    """

    i18n = True
    alternates = True
    x_default = True
    limit = 10_000


class StaticPagesSitemap(_Localised):
    changefreq = "monthly"

    def items(self) -> list[str | tuple[str, str]]:
        return [
            "pages:home",
            "offers:offer_search",
            "centers:center_list",
            "network:partner_list",
            "pages:district_list",
            "handbook:index",
            "events:event_list",
            "pages:imprint",
            "pages:privacy",
            "pages:accessibility",
            "pages:easy_read",
            # The pages in Leichte Sprache: (URL name, slug).
            *(("pages:easy_read_page", slug) for slug in EASY_READ_PAGES if slug),
        ]

    def location(self, item: str | tuple[str, str]) -> str:
        if isinstance(item, tuple):
            name, slug = item
            return reverse(name, args=[slug])
        return reverse(item)


class CenterSitemap(_Localised):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Center.objects.active().order_by("pk")

    def lastmod(self, center: Center):
        return center.updated_at


class OfferSitemap(_Localised):
    changefreq = "daily"

    def items(self) -> QuerySet:
        return Offer.objects.published().order_by("pk")

    def lastmod(self, offer: Offer):
        return offer.updated_at


class EventSitemap(_Localised):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Event.objects.published().order_by("pk")

    def lastmod(self, event: Event):
        return event.updated_at


class PartnerSitemap(_Localised):
    changefreq = "monthly"

    def items(self) -> QuerySet:
        return Partner.objects.active().order_by("pk")

    def lastmod(self, partner: Partner):
        return partner.updated_at


class DistrictSitemap(_Localised):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return District.objects.order_by("pk")


class SozialraumSitemap(_Localised):
    changefreq = "monthly"

    def items(self) -> QuerySet:
        return Sozialraum.objects.select_related("district").order_by("pk")


class HandbookSectionSitemap(_Localised):
    changefreq = "monthly"

    def items(self) -> QuerySet:
        return Section.objects.order_by("position", "pk")


class HandbookSitemap(_Localised):
    """Public, published documents only: drafts and network-only texts stay unlisted."""

    changefreq = "monthly"

    def items(self) -> QuerySet:
        return (
            Document.objects.published()
            .filter(visibility=Document.Visibility.PUBLIC, is_preface=False)
            .select_related("section")
            .order_by("pk")
        )

    def lastmod(self, document: Document):
        return document.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "offers": OfferSitemap,
    "centers": CenterSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
    "districts": DistrictSitemap,
    "sozialraeume": SozialraumSitemap,
    "handbook-sections": HandbookSectionSitemap,
    "handbook": HandbookSitemap,
}
