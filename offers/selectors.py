"""Reads of the offer calendar, each in a fixed number of queries."""

import datetime
import json
from dataclasses import dataclass, replace

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from centers.models import Center
from common.data_version import kept_ids_per_version, kept_many_per_version
from common.database import int_array
from common.translations import prefetch_translations
from network.geo import Point, bounding_box, distance_expression
from offers.models import Attendance, Occurrence, Offer, Schedule, horizon_end, place_annotations
from offers.models.calendar import OccurrenceQuerySet
from offers.models.offer import OFFER_REVIEW_AFTER_DAYS
from offers.search import OccurrenceQuery, Sort
from registrations.models import Registration

# What a result row shows besides the date (offers/_occurrence_row.html) ...
RESULT_ROW = ("offer", "offer__center", "closure")
# ... and the long texts it does not show: not read for the 20 rows of a page.
RESULT_ROW_UNUSED = (
    "offer__description",
    "offer__registration_info",
    "offer__image_variants",
    "offer__center__description",
    "offer__center__highlights",
    "offer__center__accessibility_note",
    "offer__center__summary",
)


def result_rows(dates: QuerySet) -> QuerySet:
    return dates.select_related(*RESULT_ROW).defer(*RESULT_ROW_UNUSED)


def occurrences_public() -> QuerySet:
    """Upcoming dates of published offers, with what a result row shows."""
    return result_rows(Occurrence.objects.published().upcoming())


def occurrences_for_rows(ids: list[int], language) -> list[Occurrence]:
    """The dates ``ids`` with all a result row shows: offer, centre, the offers'
    languages and their translations into the content ``language`` (three queries)."""
    occurrences = list(result_rows(Occurrence.objects.filter(pk__in=ids)))
    prefetch_related_objects(occurrences, "offer__languages")
    prefetch_translations(occurrences, language, through="offer__")
    return occurrences


def occurrences_of(offers) -> QuerySet:
    """Upcoming dates of ``offers`` (a list of ids, or a query of ids, of published
    offers), with what a result row shows."""
    if isinstance(offers, list):  # one array parameter on PostgreSQL, not one per id
        return result_rows(Occurrence.objects.filter(offer_id__ids_in=offers).upcoming())
    return result_rows(Occurrence.objects.filter(offer_id__in=offers).upcoming())


# Up to this many matching offers, the search passes their ids to its count and page
# (one text parameter, read through the (offer, start) index or checked while walking the
# start index); with more, the offer query itself as a subquery, which the count and the
# page each run again. National set, "language ar, no registration" (2,198 offers): the
# count took 19 ms with the subquery, 2 ms with the ids (bench/offer_search.py).
OFFER_IDS_MAX = 5000


def offers_near(offers: QuerySet, point: Point, km: float, *, with_distance=False) -> QuerySet:
    """The ids (``values("pk")``) of ``offers`` held within ``km`` of ``point``; with
    ``with_distance``, (id, distance) pairs (``values_list``), the distance that of the
    place the results show (``place_annotations``).

    Two halves, united: offers at their own address (the box on the offer's coordinates)
    and offers at their centre (the box on the centre's coordinates, then the centre's
    offers). Each half has its index, and the distance is computed once per offer in the
    box, never per date; an OR of the two made PostgreSQL read every offer.
    Online offers have no place and are left out.
    """
    at_address, at_centre = _near_halves(offers, point, km)
    if with_distance:
        # At an address, the place shown is the offer's own (its coordinates are required
        # there); at the centre, an offer's own coordinates left over come first, too.
        at_centre = (
            at_centre.annotate(**place_annotations())
            .annotate(
                place_distance=distance_expression(point, "place_latitude", "place_longitude")
            )
            .order_by()
            .values_list("pk", "place_distance")
        )
        # The halves do not overlap (one place each): no duplicates to remove.
        return at_address.order_by().values_list("pk", "distance").union(at_centre, all=True)
    return at_address.order_by().values("pk").union(at_centre.order_by().values("pk"))


def _near_halves(offers: QuerySet, point: Point, km: float) -> tuple[QuerySet, QuerySet]:
    """``offers_near``'s two halves, annotated with ``distance``."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, km)
    at_address = offers.filter(
        place=Offer.PlaceKind.ADDRESS,
        latitude__range=(min_lat, max_lat),
        longitude__range=(min_lon, max_lon),
    ).annotate(distance=distance_expression(point))
    at_centre = offers.filter(
        place=Offer.PlaceKind.CENTER,
        center__latitude__range=(min_lat, max_lat),
        center__longitude__range=(min_lon, max_lon),
    ).annotate(distance=distance_expression(point, "center__latitude", "center__longitude"))
    return at_address.filter(distance__lte=km), at_centre.filter(distance__lte=km)


def offers_matching(query: OccurrenceQuery, *, with_distance=False) -> QuerySet | None:
    """The published offers that the offer-level part of ``query`` allows (place,
    category, district, Sozialraum, language, cost, registration, access, online, age);
    as ``values("pk")`` (near a place and ``with_distance``: see ``offers_near``); None
    when that part allows every offer."""
    conditions = []
    if query.categories:
        # A subquery, so that an offer in two chosen categories is not listed twice.
        links = Offer.categories.through.objects.filter(category__slug__in=query.categories)
        conditions.append(Q(pk__in=links.values("offer_id")))
    if query.district:
        conditions.append(Q(center__sozialraum__district=query.district))
    if query.sozialraum:
        conditions.append(Q(center__sozialraum=query.sozialraum))
    if query.language:
        conditions.append(Q(languages=query.language))
    if query.free_only:
        conditions.append(Q(cost=Offer.Cost.FREE))
    if query.without_registration:
        conditions.append(Q(registration=Offer.Registration.NONE))
    if query.barrier_free:
        conditions.append(Q(barrier_free=True))
    if query.online_only:
        conditions.append(Q(place=Offer.PlaceKind.ONLINE))
    if query.age_months is not None:
        months = query.age_months
        conditions.append(Q(age_min_months__isnull=True) | Q(age_min_months__lte=months))
        conditions.append(Q(age_max_months__isnull=True) | Q(age_max_months__gte=months))
    if not conditions and not query.location:
        return None
    offers = Offer.objects.published().filter(*conditions)
    if query.location:
        return offers_near(
            offers, query.location.point, query.radius_km, with_distance=with_distance
        )
    return offers.order_by().values("pk")


# offer_ids_matching: more offers match than pass as ids (the search takes the subquery).
TOO_MANY = "too many"


def offer_ids_matching(query: OccurrenceQuery) -> list[int] | dict[int, float] | str | None:
    """The ids of the offers that ``offers_matching`` allows: a list, or sorted by
    distance ``{id: distance}``; ``TOO_MANY`` above ``OFFER_IDS_MAX``; None when every
    offer is allowed.

    The same for every search with these filters from that place, whatever its period,
    days or page, until the data change: kept per data version (``kept_ids_per_version``),
    one query fewer for each such search and each of its pages.
    """
    return kept_ids_per_version(("offer-ids", query.offers_key), lambda: _offer_ids_matching(query))


def _offer_ids_matching(query: OccurrenceQuery) -> list[int] | dict[int, float] | str | None:
    offers = offers_matching(query, with_distance=query.by_distance)
    if offers is None:
        return None
    if query.by_distance:
        found = dict(offers[: OFFER_IDS_MAX + 1])
    else:
        found = [row["pk"] for row in offers[: OFFER_IDS_MAX + 1]]
    return TOO_MANY if len(found) > OFFER_IDS_MAX else found


def offer_nearest_km(query: OccurrenceQuery, *, within_km: float | None = None) -> float | None:
    """How far from ``query.location`` the nearest offer lies that has a date matching the
    rest of ``query`` (its radius aside): what the search's adaptive radius is decided on.

    Two queries within ``within_km`` (one per box of ``offers_near``), one without,
    whatever the data: the published offers that the rest of the query allows and that
    have a date in its windows (looked up per offer through the (offer, start) index),
    and the least distance among them. None when there is none. Online offers have no
    place.
    """
    # The same for every family searching from that place with those filters until the
    # data change: kept per data version, and for ten minutes at most, as dates pass
    # (beside the result rows, not among the forms' lists, which it would crowd out).
    now = timezone.now()
    key = (
        replace(query, location=None, radius_km=0, sort=Sort.DATE),
        query.location.point,
        within_km,
        now.replace(minute=now.minute // 10 * 10, second=0, microsecond=0),
    )
    kept = kept_many_per_version(
        "offer-nearest-km", [key], lambda keys: {key: _offer_nearest_km(query, within_km)}
    )
    return kept[key]


def _offer_nearest_km(query: OccurrenceQuery, within_km: float | None) -> float | None:
    point = query.location.point
    windows = start_windows(query, today=timezone.localdate())
    if not windows:
        return None
    dated = Occurrence.objects.upcoming().filter(date_windows(windows), offer_id=OuterRef("pk"))
    place_distance = distance_expression(point, "place_latitude", "place_longitude")
    offers = Offer.objects.published().exclude(place=Offer.PlaceKind.ONLINE)
    allowed = offers_matching(replace(query, location=None))
    if allowed is not None:
        offers = offers.filter(pk__in=allowed)
    if within_km is not None:
        # Per half of offers_near (its own box and index), the nearest offer with a date:
        # sorted by distance, the dates are looked up only until one has them. From
        # outside the home state the boxes hold thousands of offers, and the least
        # distance among all of them needed a lookup of dates for each. The distance is
        # that of the place the results show (place_annotations), as below.
        found = [
            half.filter(Exists(dated))
            .annotate(**place_annotations())
            .annotate(place_distance=place_distance)
            .order_by("place_distance")
            .values_list("place_distance", flat=True)[:1]
            for half in _near_halves(offers, point, within_km)
        ]
        distances = [row for half in found for row in half]
        nearest = min(distances, default=None)
    else:
        # Only then the dates, for the offers allowed (SQLite would check every offer).
        nearest = (
            offers.filter(Exists(dated))
            .annotate(**place_annotations())
            .annotate(distance=place_distance)
            .aggregate(nearest=Min("distance"))["nearest"]
        )
    if nearest is None or (within_km is not None and nearest > within_km):
        return None
    return nearest


def date_windows(windows: list[tuple[datetime.datetime, datetime.datetime]]) -> Q:
    """Dates starting in one of ``windows`` (from ``start_windows``).

    The whole period as one range besides the windows: an index reads the period once
    per offer, and the windows (weekdays, times of day) filter what it found.
    """
    in_windows = Q()
    for start, end in windows:
        in_windows |= Q(start__gte=start, start__lt=end)
    return in_windows & Q(start__gte=windows[0][0], start__lt=windows[-1][1])


def occurrence_search(query: OccurrenceQuery) -> QuerySet:
    """The offer search: published upcoming dates that match ``query``, soonest first (or
    nearest first, when asked). The same number of queries however much data there is.

    What concerns the offer (not the date) is resolved to offer ids first, in one query:
    the dates of a few offers are then read through the (offer, start) index instead of
    checking every date of the period against its offer.
    """
    return occurrence_search_counted(query)[0]


def occurrence_search_counted(query: OccurrenceQuery) -> tuple[QuerySet, QuerySet]:
    """``occurrence_search(query)`` and the same dates for counting: without the
    distance, whose joins to the offer and its centre a count does not need (with them,
    PostgreSQL reads every offer to count the dates of a few)."""
    matching = offer_ids_matching(query)
    distances = None
    if matching is None:
        dates = occurrences_public()
    elif matching is TOO_MANY:
        dates = occurrences_of(offers_matching(query))
    elif query.by_distance:
        distances = matching
        dates = occurrences_of(list(distances))
    else:
        # The ids are of published offers: the dates need no join to tell.
        dates = occurrences_of(matching)
    windows = start_windows(query, today=timezone.localdate())
    if windows:
        dates = dates.filter(date_windows(windows))
    counted = dates
    if query.location:
        point = query.location.point
        dates = dates.annotate(**place_annotations("offer__")).annotate(
            distance=distance_expression(point, "place_latitude", "place_longitude")
        )
    if not windows:  # a period without days: nothing, with the distance all the same
        return dates.none(), counted.none()
    if query.by_distance:
        dates = dates.order_by("distance", "start", "pk")
        if distances:
            return NearestFirst.of(dates, distances, windows), counted
        return dates, counted
    # (start, pk) only: the start index delivers the rows in this order.
    return dates.order_by("start", "pk"), counted


class NearestFirst(OccurrenceQuerySet):
    """Dates sorted by distance (then start, id) whose page (a slice) is picked by a
    narrow query first: the dates' ids, joined to their offer's place in the order of
    distance (from the ids query, where each offer's distance is computed once), sorted
    and cut. The wide rows (offer, centre …) and their distances are then read for the
    page's rows only: sorting all the matching wide rows by a distance computed per date
    cost most of a search by distance. A count or a copy is the plain query of the same
    dates in the same order.
    """

    narrow: tuple[str, tuple] | None = None

    @classmethod
    def of(cls, dates: QuerySet, distances: dict[int, float], windows) -> QuerySet:
        if None in distances.values():
            return dates
        # The rank of each offer's distance (equal distances, equal ranks) sorts as the
        # distance does, and integers pass to SQL without a rounding on the way.
        ranks = {distance: rank for rank, distance in enumerate(sorted(set(distances.values())))}
        narrow = (
            Occurrence.objects.upcoming()
            .filter(date_windows(windows))
            .order_by()
            .values_list("id", "offer_id", "start")
        )
        sql, params = narrow.query.get_compiler(dates.db).as_sql()
        if connections[dates.db].vendor == "postgresql":
            places = "unnest(%s::bigint[], %s::integer[]) AS d (offer_id, rank) INNER JOIN"
            place_params = (
                int_array(list(distances)),
                int_array([ranks[d] for d in distances.values()]),
            )
        else:  # SQLite: one JSON parameter, read first, each offer's dates by index
            places = (
                "(SELECT json_extract(value, '$[0]') AS offer_id, "
                "json_extract(value, '$[1]') AS rank FROM json_each(%s)) d CROSS JOIN"
            )
            place_params = (json.dumps([[pk, ranks[d]] for pk, d in distances.items()]),)
        chained = dates._chain()
        chained.__class__ = cls
        chained.narrow = (
            f"SELECT n.id FROM {places} ({sql}) n ON n.offer_id = d.offer_id "
            "ORDER BY d.rank, n.start, n.id LIMIT %s OFFSET %s",
            (*place_params, *params),
        )
        return chained

    def __getitem__(self, k):
        if not self.narrow or not isinstance(k, slice) or k.step or k.stop is None:
            return super().__getitem__(k)
        start = k.start or 0
        sql, params = self.narrow
        page = RawSQL(sql, (*params, max(k.stop - start, 0), start))
        return self.filter(pk__in=page)


def start_windows(
    query: OccurrenceQuery, *, today: datetime.date
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The period, weekdays and times of day as start-time ranges in local time.

    Ranges on the indexed ``start`` column work the same on both databases and need no
    per-row time zone arithmetic; neighbouring ranges are merged.
    """
    tz = timezone.get_current_timezone()
    # No date lies beyond the horizon: a "bis" far in the future must not turn into
    # tens of thousands of ranges (and an SQL expression too large to run).
    horizon = horizon_end(today)
    last = min(query.last or horizon, horizon)
    hours = sorted(part.hours for part in query.times_of_day) or [(0, 24)]
    windows: list[tuple[datetime.datetime, datetime.datetime]] = []
    day = query.first
    while day <= last:
        if not query.weekdays or day.weekday() in query.weekdays:
            midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
            next_midnight = datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
            for start_hour, end_hour in hours:
                start = midnight.replace(hour=start_hour)
                end = next_midnight if end_hour == 24 else midnight.replace(hour=end_hour)
                if windows and windows[-1][1] == start:
                    windows[-1] = (windows[-1][0], end)
                else:
                    windows.append((start, end))
        day += datetime.timedelta(days=1)
    return windows


def offer_for_page(slug: str) -> QuerySet:
    return (
        Offer.objects.published()
        .filter(slug=slug)
        .select_related("center", "center__sozialraum__district", "partner", "course_capacity")
        .prefetch_related("categories", "audiences", "languages", "schedules")
    )


def offer_upcoming_dates(offer: Offer, *, limit: int = 12) -> list[Occurrence]:
    """The next dates of an offer, cancelled ones included (and marked)."""
    return list(offer.occurrences.upcoming().select_related("closure", "capacity")[:limit])


def schedule_changed_dates(schedule: Schedule) -> list[Occurrence]:
    """A rule's dates from today on that someone changed (cancelled, moved, a note): what
    deleting the rule leaves behind, for the warning before it."""
    return list(
        schedule.occurrences.filter(original_date__gte=timezone.localdate())
        .filter(Q(cancelled=True) | Q(moved=True) | ~Q(note=""))
        .select_related("closure")
        .order_by("start")
    )


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


def staff_dates(center: Center, first: datetime.date, *, days: int) -> list[Occurrence]:
    """A centre's dates for its staff: drafts included, archived offers left out."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=days)
    return list(
        Occurrence.objects.filter(offer__center=center, start__gte=start, start__lt=end)
        .exclude(offer__status=Offer.Status.ARCHIVED)
        .select_related("offer", "closure", "attendance")
        .order_by("start", "offer__title")
    )


# The attendance page lists the dates of this many weeks back.
ATTENDANCE_WEEKS = 6


def attendance_dates(center: Center, today: datetime.date) -> QuerySet:
    """The centre's dates of the last weeks up to today that took place, of its offers
    without registration or with one sign-up for a whole course (drafts left out): those
    without attendance first, then the recorded ones, each newest first. ``recorded``
    says which."""
    tz = timezone.get_current_timezone()
    first = today - datetime.timedelta(weeks=ATTENDANCE_WEEKS)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return (
        Occurrence.objects.filter(
            offer__center=center,
            start__gte=start,
            start__lt=end,
            cancelled=False,
            detached=False,
            off_reason=Occurrence.OffReason.NONE,
        )
        # Dates with registration per date are counted by their check-in.
        .exclude(offer__registration=Offer.Registration.PER_DATE)
        .exclude(offer__status=Offer.Status.DRAFT)
        .annotate(recorded=Exists(Attendance.objects.filter(occurrence=OuterRef("pk"))))
        .select_related("offer", "attendance")
        .order_by("recorded", "-start", "pk")
    )


# An offer is due for a check when nobody confirmed it for half a year.
REVIEW_AFTER_DAYS = OFFER_REVIEW_AFTER_DAYS


def staff_offers(center: Center) -> QuerySet:
    """A centre's offers with what the staff need to know about each."""
    upcoming = Occurrence.objects.filter(offer=OuterRef("pk"), end__gt=timezone.now())
    review_before = timezone.localdate() - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    return (
        Offer.objects.filter(center=center)
        .annotate(
            has_upcoming=Exists(upcoming),
            review_due=Case(
                When(last_reviewed__isnull=True, then=True),
                When(last_reviewed__lt=review_before, then=True),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .order_by("status", "title")
    )


def staff_attention(center: Center) -> list[Offer]:
    """Offers that need attention: drafts, published ones without dates, and those not
    checked for half a year."""
    return [
        offer
        for offer in staff_offers(center).exclude(status=Offer.Status.ARCHIVED)
        if offer.status == Offer.Status.DRAFT or not offer.has_upcoming or offer.review_due
    ]


@dataclass(frozen=True)
class SignUpState:
    """What a date or a course shows about its places."""

    places: int
    free: int
    is_open: bool  # sign-ups are taken (takes place, not closed, before the deadline)
    deadline: datetime.datetime | None

    @property
    def waitlist(self) -> bool:
        return self.free <= 0


def _confirmed_by_capacity(capacity_ids: list[int]) -> dict[int, int]:
    """Confirmed places per capacity, in one query (also when there is none)."""
    rows = (
        Registration.objects.filter(
            capacity_id__in=capacity_ids, status=Registration.Status.CONFIRMED
        )
        .order_by()
        .values("capacity_id")
        .annotate(total=Sum("places"))
        .values_list("capacity_id", "total")
    )
    return dict(rows)


def sign_up_states(
    offer: Offer, dates: list[Occurrence], *, now: datetime.datetime | None = None
) -> SignUpState | None:
    """Free places and whether sign-ups are open: set as ``occurrence.sign_up`` on each of
    ``dates`` (registration per date), or returned for the whole course. Two queries at
    most, however many dates."""
    if not offer.takes_sign_ups:
        return None
    now = now or timezone.now()
    closes = datetime.timedelta(hours=offer.registration_closes_hours)
    if offer.registration == Offer.Registration.PER_DATE:
        confirmed = _confirmed_by_capacity([d.capacity_id for d in dates if d.capacity_id])
        for occurrence in dates:
            capacity = occurrence.capacity
            places = capacity.places if capacity else offer.capacity
            deadline = capacity.deadline if capacity else occurrence.start - closes
            closed = capacity.closed if capacity else False
            occurrence.sign_up = SignUpState(
                places=places,
                free=places - confirmed.get(occurrence.capacity_id, 0),
                is_open=occurrence.takes_place and not closed and now <= deadline,
                deadline=deadline,
            )
        return None
    first = offer.occurrences.filter(cancelled=False, detached=False).aggregate(first=Min("start"))[
        "first"
    ]
    capacity = offer.course_capacity
    confirmed = _confirmed_by_capacity([capacity.pk] if capacity else [])
    places = capacity.places if capacity else offer.capacity
    deadline = first - closes if first else None
    return SignUpState(
        places=places,
        free=places - (confirmed.get(capacity.pk, 0) if capacity else 0),
        is_open=deadline is not None and now <= deadline and not (capacity and capacity.closed),
        deadline=deadline,
    )
