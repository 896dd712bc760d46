"""Reads of the offer calendar, each in a fixed number of queries."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from centers.models import Center
from network.geo import Point, bounding_box, distance_expression
from offers.models import Occurrence, Offer, place_annotations


def occurrences_public() -> QuerySet:
    """Upcoming dates of published offers, with what a result row shows."""
    return (
        Occurrence.objects.published()
        .upcoming()
        .select_related("offer", "offer__center", "offer__partner", "closure")
    )


def occurrences_near(queryset: QuerySet, point: Point, km: float) -> QuerySet:
    """Dates of offers held within ``km`` of ``point`` (own address or their centre),
    annotated with ``distance``. Online offers have no place and are left out."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, km)
    in_box = Q(
        offer__place=Offer.PlaceKind.ADDRESS,
        offer__latitude__range=(min_lat, max_lat),
        offer__longitude__range=(min_lon, max_lon),
    ) | Q(
        offer__place=Offer.PlaceKind.CENTER,
        offer__center__latitude__range=(min_lat, max_lat),
        offer__center__longitude__range=(min_lon, max_lon),
    )
    return (
        queryset.filter(in_box)
        .annotate(**place_annotations("offer__"))
        .annotate(distance=distance_expression(point, "place_latitude", "place_longitude"))
        .filter(distance__lte=km)
    )


def offer_for_page(slug: str) -> QuerySet:
    return (
        Offer.objects.published()
        .filter(slug=slug)
        .select_related("center", "center__sozialraum__district", "partner")
        .prefetch_related("categories", "audiences", "languages", "schedules")
    )


def offer_upcoming_dates(offer: Offer, *, limit: int = 12) -> list[Occurrence]:
    """The next dates of an offer, cancelled ones included (and marked)."""
    return list(offer.occurrences.upcoming().select_related("closure")[:limit])


def offers_related(offer: Offer, *, limit: int = 4) -> list[Offer]:
    if not offer.center_id:
        return []
    return list(
        Offer.objects.published()
        .filter(center_id=offer.center_id)
        .exclude(pk=offer.pk)
        .order_by("title")[:limit]
    )


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def center_days(center: Center, first: datetime.date, *, days: int = 7) -> list[Occurrence]:
    """A centre's published dates on ``days`` days from ``first``, by time."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=days)
    return list(
        Occurrence.objects.published()
        .filter(offer__center=center, start__gte=start, start__lt=end)
        .select_related("offer", "offer__partner", "closure")
        .order_by("start", "offer__title")
    )
