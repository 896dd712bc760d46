"""What the HSDS API shows: published offers of active centres (or of the coordination
office), operators with an active centre, active partners, the categories. Each list is
fetched in a constant number of queries, however long the page and however large the data.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, When

from centers.models import Center, Operator
from network.geo import Point, bounding_box, distance_expression
from network.models import Partner
from offers.models import Category, Occurrence, Offer


def services() -> models.QuerySet[Offer]:
    off_dates = (
        Occurrence.objects.upcoming()
        .filter(Q(cancelled=True) | ~Q(off_reason="") | Q(detached=True))
        .exclude(schedule=None)
        .only("offer_id", "schedule_id", "original_date")
        .order_by("original_date")
    )
    # Offer.objects.published(), with the active centres as a subquery: on the national set
    # PostgreSQL checks it as a hashed list instead of looking up each offer's centre.
    active = Center.objects.active().values("pk")
    return (
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .filter(Q(center__isnull=True) | Q(center__in=active))
        .select_related("center__operator", "center__sozialraum__district", "partner")
        .prefetch_related(
            "categories",
            "languages",
            "schedules",
            "center__languages",
            Prefetch("occurrences", queryset=off_dates, to_attr="hsds_off_dates"),
        )
        .order_by("pk")
    )


def services_filter(
    offers: models.QuerySet[Offer],
    *,
    modified_after: datetime.datetime | None = None,
    category_pk: int | None = None,
    organization: tuple[str, int] | None = None,
) -> models.QuerySet[Offer]:
    if modified_after is not None:
        offers = offers.filter(updated_at__gte=modified_after)
    if category_pk is not None:
        offers = offers.filter(categories=category_pk)
    if organization is not None:
        kind, pk = organization
        if kind == "operator":
            offers = offers.filter(center__operator=pk)
        else:
            offers = offers.filter(center=None, partner=pk)
    return offers


def with_place(offers: models.QuerySet[Offer]) -> models.QuerySet[Offer]:
    """Offers held at a place (the centre or an address): ``place_lat``/``place_lon``."""
    return offers.exclude(place=Offer.PlaceKind.ONLINE).annotate(
        place_lat=Case(
            When(place=Offer.PlaceKind.ADDRESS, then="latitude"), default="center__latitude"
        ),
        place_lon=Case(
            When(place=Offer.PlaceKind.ADDRESS, then="longitude"), default="center__longitude"
        ),
        place_postcode=Case(
            When(place=Offer.PlaceKind.ADDRESS, then="postcode"), default="center__postcode"
        ),
    )


def services_near(
    offers: models.QuerySet[Offer], point: Point, km: float
) -> models.QuerySet[Offer]:
    """Offers held within ``km`` of ``point``, the nearest first (both kinds of place are
    cut by the indexed bounding box of their own coordinates first)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, km)
    box = Q(
        place=Offer.PlaceKind.ADDRESS,
        latitude__range=(min_lat, max_lat),
        longitude__range=(min_lon, max_lon),
    ) | Q(
        place=Offer.PlaceKind.CENTER,
        center__latitude__range=(min_lat, max_lat),
        center__longitude__range=(min_lon, max_lon),
    )
    return (
        with_place(offers)
        .filter(box)
        .annotate(distance=distance_expression(point, "place_lat", "place_lon"))
        .filter(distance__lte=km)
        .order_by("distance", "pk")
    )


def operators() -> models.QuerySet[Operator]:
    """Operators of at least one active centre."""
    active = Center.objects.active().filter(operator=OuterRef("pk"))
    return Operator.objects.filter(Exists(active)).order_by("pk")


def operator_centers() -> Prefetch:
    return Prefetch(
        "centers",
        queryset=Center.objects.active()
        .select_related("sozialraum__district")
        .prefetch_related("languages")
        .order_by("pk"),
        to_attr="active_centers",
    )


def partners() -> models.QuerySet[Partner]:
    return Partner.objects.active().prefetch_related("languages").order_by("pk")


def categories() -> models.QuerySet[Category]:
    return Category.objects.order_by("position", "pk")
