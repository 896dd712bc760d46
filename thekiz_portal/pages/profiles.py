"""The figures of the district and Sozialraum profiles: what exists over the next three
months, where it is within reach, what is missing, and how districts compare.

Every figure comes from aggregate queries whose number does not grow with the data; the
result is kept in the shared cache under the data version (``data_changed_at``), so a
changed offer, date, centre or partner leads to new figures on the next view.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, pgettext

from centers.models import Center
from common.data_version import data_changed_at
from common.text import transliterate_de
from handbook.models import Document
from network.geo import Point
from network.models import GERMAN, District, Language, Partner, Sozialraum
from network.population import (
    RADII_KM,
    PointIndex,
    bounds,
    covered_share,
    district_places,
    populated_places,
)
from offers.models import Category, Occurrence, Offer
from offers.models.offer import place_annotations
from offers.search import TimeOfDay

BERLIN = ZoneInfo("Europe/Berlin")
WINDOW_DAYS = 91  # "the next three months"
CACHE_SECONDS = 6 * 60 * 60
# How far the list of least-covered places looks for a centre.
FAR_KM = 25
LEAST_COVERED = 10
# Age bands in months: [from, to); an offer counts in every band its age range overlaps.
AGE_BANDS = (("0-1", 0, 12), ("1-3", 12, 36), ("3-6", 36, 72), ("6+", 72, None))
PARENT_AUDIENCES = {"eltern", "schwangere"}
CHILD_AUDIENCES = {"kinder", "familien"}
WEEKEND = {6, 7}  # ISO weekdays


@dataclass
class Bar:
    label: str
    offers: int
    dates: int | None = None


@dataclass
class Chart:
    slug: str
    title: str
    bars: list[Bar]
    with_dates: bool = True
    note: str = ""
    scale: int = field(init=False, default=1)
    date_scale: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        self.scale = max([bar.offers for bar in self.bars] + [1])
        self.date_scale = max([bar.dates or 0 for bar in self.bars] + [1])

    def rows(self) -> list[dict]:
        """The bars with their lengths in per cent of the longest."""
        return [
            {
                "bar": bar,
                # Strings: an SVG attribute takes no localised decimal comma.
                "offers_pct": f"{100 * bar.offers / self.scale:.1f}",
                "dates_pct": f"{100 * (bar.dates or 0) / self.date_scale:.1f}",
            }
            for bar in self.bars
        ]


def _age_bands(offer: dict, audiences: set[str]) -> list[str]:
    """The bands an offer counts in: child bands by its age range (no range, and no
    audience or one with children: all of them), "parents" by its audiences."""
    bands = []
    low, high = offer["age_min_months"], offer["age_max_months"]
    for_children = (
        low is not None or high is not None or not audiences or audiences & CHILD_AUDIENCES
    )
    if for_children:
        for key, start, end in AGE_BANDS:
            if (low is None or end is None or low < end) and (high is None or high >= start):
                bands.append(key)
    if audiences & PARENT_AUDIENCES:
        bands.append("parents")
    return bands


def age_band_labels() -> dict[str, str]:
    return {
        "0-1": gettext("under 1 year"),
        "1-3": gettext("1 to 3 years"),
        "3-6": gettext("3 to 6 years"),
        "6+": gettext("6 years and older"),
        "parents": gettext("parents and parents-to-be"),
    }


def _window() -> tuple[datetime.datetime, datetime.datetime]:
    now = timezone.now()
    return now, now + datetime.timedelta(days=WINDOW_DAYS)


def _taking_place() -> "Occurrence.objects":
    """The dates that take place in the next three months."""
    start, end = _window()
    return Occurrence.objects.filter(
        start__gte=start, start__lt=end, cancelled=False, detached=False, off_reason=""
    )


def _dates(scope: Q) -> "Occurrence.objects":
    """The dates of published offers that take place in the next three months, in ``scope``."""
    return _taking_place().published().filter(scope)


def offer_figures(scope: Q) -> dict:
    """What is offered within ``scope`` (a condition on dates): charts and the sets the
    gaps are read from. Six queries whatever the data."""
    dates = _dates(scope)
    rows = (
        dates.annotate(
            weekday=ExtractIsoWeekDay("start", tzinfo=BERLIN),
            hour=ExtractHour("start", tzinfo=BERLIN),
        )
        .values("offer_id", "weekday", "hour")
        .annotate(count=Count("id"))
        .order_by()
    )
    date_count = Counter()
    weekday_offers, weekday_dates = defaultdict(set), Counter()
    part_offers, part_dates = defaultdict(set), Counter()
    for row in rows:
        date_count[row["offer_id"]] += row["count"]
        weekday_offers[row["weekday"]].add(row["offer_id"])
        weekday_dates[row["weekday"]] += row["count"]
        part = next(p for p in TimeOfDay if p.hours[0] <= row["hour"] < p.hours[1]).value
        part_offers[part].add(row["offer_id"])
        part_dates[part] += row["count"]
    # The ids themselves, not a subquery: the dates are not read twice.
    offer_ids = list(date_count)
    offers = {
        row["pk"]: row
        for row in Offer.objects.filter(pk__in=offer_ids).values(
            "pk", "age_min_months", "age_max_months", "cost", "center__sozialraum_id"
        )
    }
    through = Offer.categories.through.objects.filter(offer_id__in=offer_ids)
    categories = defaultdict(set)
    for offer_id, category_id in through.values_list("offer_id", "category_id"):
        categories[offer_id].add(category_id)
    languages = defaultdict(set)
    for offer_id, language_id in Offer.languages.through.objects.filter(
        offer_id__in=offer_ids
    ).values_list("offer_id", "language_id"):
        languages[offer_id].add(language_id)
    audiences = defaultdict(set)
    for offer_id, code in Offer.audiences.through.objects.filter(
        offer_id__in=offer_ids
    ).values_list("offer_id", "audience__code"):
        audiences[offer_id].add(code)

    def tally(keys_of) -> tuple[Counter, Counter]:
        by_offers, by_dates = Counter(), Counter()
        for pk in offers:
            for key in keys_of(pk):
                by_offers[key] += 1
                by_dates[key] += date_count[pk]
        return by_offers, by_dates

    category_rows = list(
        Category.objects.order_by("position", "pk").values("pk", "name_de", "name_en")
    )
    cat_offers, cat_dates = tally(lambda pk: categories[pk])
    band_offers, band_dates = tally(lambda pk: _age_bands(offers[pk], audiences[pk]))
    cost_offers, cost_dates = tally(lambda pk: [offers[pk]["cost"]])
    language_rows = {
        row["pk"]: row for row in Language.objects.values("pk", "code", "name_de", "name_en")
    }
    german_pk = next((pk for pk, row in language_rows.items() if row["code"] == GERMAN), None)
    lang_offers, lang_dates = tally(lambda pk: languages[pk] or {german_pk})
    in_english = (get_language() or "de").startswith("en")

    def name(row: dict) -> str:
        return row["name_en"] if in_english else row["name_de"]

    parts = {part.value: str(part.label) for part in TimeOfDay}
    costs = dict(Offer.Cost.choices)
    band_labels = age_band_labels()
    evening_or_weekend = part_offers[TimeOfDay.EVENING.value].union(
        *(weekday_offers[day] for day in WEEKEND)
    )
    charts = [
        Chart(
            "categories",
            gettext("Offers by category"),
            [Bar(name(row), cat_offers[row["pk"]], cat_dates[row["pk"]]) for row in category_rows],
            note=gettext("An offer in several categories counts in each."),
        ),
        Chart(
            "ages",
            gettext("Offers by age of the children"),
            [Bar(band_labels[key], band_offers[key], band_dates[key]) for key in band_labels],
            note=gettext(
                "An offer counts in every age band its age range overlaps; an offer without "
                "an age range counts in all of them unless it is meant for parents only."
            ),
        ),
        Chart(
            "weekdays",
            gettext("Offers by weekday"),
            [
                Bar(str(WEEKDAYS[day - 1]), len(weekday_offers[day]), weekday_dates[day])
                for day in range(1, 8)
            ],
        ),
        Chart(
            "times",
            gettext("Offers by time of day"),
            [Bar(str(parts[key]), len(part_offers[key]), part_dates[key]) for key in parts],
        ),
        Chart(
            "languages",
            gettext("Offers by language"),
            [
                Bar(name(row), lang_offers[pk], lang_dates[pk])
                for pk, row in sorted(language_rows.items(), key=lambda item: name(item[1]))
                if lang_offers[pk]
            ],
            note=gettext("Offers without a language named count as German."),
        ),
        Chart(
            "costs",
            gettext("Offers by cost"),
            [Bar(str(label), cost_offers[key], cost_dates[key]) for key, label in costs.items()],
        ),
    ]
    by_area = defaultdict(set)
    for pk, offer in offers.items():
        by_area[offer["center__sozialraum_id"]] |= categories[pk]
    return {
        "offer_count": len(offers),
        "date_count": sum(date_count.values()),
        "evening_or_weekend": len(evening_or_weekend),
        "charts": charts,
        "category_names": {row["pk"]: name(row) for row in category_rows},
        "categories_by_area": dict(by_area),
        "empty_bands": [band_labels[key] for key in band_labels if not band_offers[key]],
        "offer_language_ids": {pk for pk in language_rows if lang_offers[pk]},
        "language_names": {pk: name(row) for pk, row in language_rows.items()},
        "german_pk": german_pk,
    }


def partner_figures(partners: "Partner.objects") -> dict:
    present = dict(
        partners.order_by().values_list("kind").annotate(count=Count("pk", distinct=True))
    )
    bars = [Bar(str(label), present.get(kind, 0)) for kind, label in Partner.Kind.choices]
    return {
        "partner_chart": Chart("partners", gettext("Partners by kind"), bars, with_dates=False),
        "missing_partner_kinds": [
            str(label)
            for kind, label in Partner.Kind.choices
            if kind != Partner.Kind.OTHER and not present.get(kind)
        ],
        "partner_count": sum(present.values()),
    }


def _language_gaps(figures: dict, centers: "Center.objects") -> list[str]:
    spoken = set(
        Center.languages.through.objects.filter(center__in=centers).values_list(
            "language_id", flat=True
        )
    )
    missing = spoken - figures["offer_language_ids"] - {figures["german_pk"]}
    return sorted(figures["language_names"][pk] for pk in missing)


def _has_gaps(figures: dict) -> bool:
    return bool(
        figures.get("missing_categories")
        or any(area["missing"] for area in figures.get("area_gaps", ()))
        or figures["empty_bands"]
        or figures["missing_languages"]
        or figures["missing_partner_kinds"]
        or not figures["evening_or_weekend"]
    )


def _cached(key: str, compute):
    key = f"thekiz:profile:{key}:{get_language()}:{data_changed_at()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def sozialraum_profile(area: Sozialraum) -> dict:
    def compute() -> dict:
        figures = offer_figures(Q(offer__center__sozialraum=area))
        centers = Center.objects.active().filter(sozialraum=area)
        figures |= partner_figures(Partner.objects.active().filter(sozialraeume=area))
        present = figures["categories_by_area"].get(area.pk, set())
        figures["missing_categories"] = [
            label for pk, label in figures["category_names"].items() if pk not in present
        ]
        figures["missing_languages"] = _language_gaps(figures, centers)
        figures["center_count"] = centers.count()
        figures["has_gaps"] = _has_gaps(figures)
        return figures

    return _cached(f"sozialraum:{area.pk}", compute)


def district_profile(district: District) -> dict:
    def compute() -> dict:
        figures = offer_figures(Q(offer__center__sozialraum__district=district))
        centers = Center.objects.active().filter(sozialraum__district=district)
        figures |= partner_figures(Partner.objects.active().filter(sozialraeume__district=district))
        figures["missing_languages"] = _language_gaps(figures, centers)
        figures["center_count"] = centers.count()
        areas = list(district.sozialraeume.order_by("name").values("pk", "name"))
        figures["area_gaps"] = [
            {
                "name": area["name"],
                "missing": [
                    label
                    for pk, label in figures["category_names"].items()
                    if pk not in figures["categories_by_area"].get(area["pk"], set())
                ],
            }
            for area in areas
        ]
        figures["coverage"] = district_coverage(district, figures["category_names"])
        figures["has_gaps"] = _has_gaps(figures)
        return figures

    return _cached(f"district:{district.pk}", compute)


def _offer_points(box: tuple[float, float, float, float]) -> dict[int, list[Point]]:
    """Where offers with dates in the next three months take place, by category."""
    start, end = _window()
    points = defaultdict(list)
    rows = (
        Offer.objects.published()
        .annotate(**place_annotations())
        .filter(
            place_latitude__range=box[:2],
            place_longitude__range=box[2:],
            categories__isnull=False,
        )
        .filter(
            Exists(
                Occurrence.objects.filter(
                    offer=OuterRef("pk"), start__gte=start, start__lt=end, cancelled=False
                )
            )
        )
        .order_by()  # the default order (title) would widen DISTINCT
        .values_list("place_latitude", "place_longitude", "categories")
        .distinct()
    )
    for latitude, longitude, category in rows:
        points[category].append(Point(float(latitude), float(longitude)))
    return points


def _center_points(box: tuple[float, float, float, float]) -> list[Point]:
    rows = (
        Center.objects.active()
        .filter(latitude__range=box[:2], longitude__range=box[2:])
        .values_list("latitude", "longitude")
    )
    return [Point(float(lat), float(lon)) for lat, lon in rows]


def district_coverage(district: District, category_names: dict[int, str]) -> dict:
    """Shares of the district's population within 5 and 10 km of a centre and of an offer
    of each category (any district's: families cross borders), and the places farthest
    from a centre."""
    places = district_places(district.ags)
    if not places:
        return {}
    centers = PointIndex(_center_points(bounds(places, FAR_KM)))
    offers = {pk: PointIndex(points) for pk, points in _offer_points(bounds(places, 10)).items()}
    empty = PointIndex([])
    rows = [
        {
            "label": gettext("a centre"),
            "shares": [covered_share(places, centers, km) for km in RADII_KM],
        }
    ] + [
        {
            "label": pgettext("coverage", "an offer: %(category)s") % {"category": label},
            "shares": [covered_share(places, offers.get(pk, empty), km) for km in RADII_KM],
        }
        for pk, label in category_names.items()
    ]
    distances = [(place, centers.nearest_km(place.point, FAR_KM)) for place in places]
    distances.sort(
        key=lambda item: (-(item[1] if item[1] is not None else FAR_KM + 1), -item[0].population)
    )
    return {
        "radii": RADII_KM,
        "rows": rows,
        "population": sum(place.population for place in places),
        "place_count": len(places),
        "least_covered": [
            {"name": place.name, "population": place.population, "km": km}
            for place, km in distances[:LEAST_COVERED]
        ],
        "far_km": FAR_KM,
    }


# The comparison table: its columns, as ?sortierung= values, and how each sorts.
SORT_KEYS = {
    "name": ("name", False),
    "einwohner": ("population", True),
    "zentren": ("centers", True),
    "zentren-je": ("centers_rate", True),
    "angebote": ("offers", True),
    "angebote-je": ("offers_rate", True),
    "termine": ("dates", True),
    "abdeckung": ("coverage", True),
}


def district_comparison(sort: str) -> dict:
    """Every district with its figures, and the average of the 22, sorted by ``sort``."""
    rows = _cached("comparison", _comparison_rows)
    sort = sort if sort in SORT_KEYS else "name"
    key, descending = SORT_KEYS[sort]
    if descending:
        ordered = sorted(rows["districts"], key=lambda row: (row[key] is None, -(row[key] or 0)))
    else:  # by name, "Sömmerda" before "Suhl"
        ordered = sorted(rows["districts"], key=lambda row: transliterate_de(row[key]).lower())
    return {"rows": ordered, "average": rows["average"], "sort": sort}


def _comparison_rows() -> dict:
    districts = list(District.objects.order_by("name").values("pk", "name", "slug", "ags"))
    centers = dict(
        Center.objects.active()
        .order_by()
        .values_list("sozialraum__district")
        .annotate(count=Count("pk"))
    )
    # The dates per offer without joins, then the published offers' districts: cheaper
    # than grouping the joined dates (the window holds the most rows the page reads).
    per_offer = dict(_taking_place().order_by().values_list("offer_id").annotate(n=Count("id")))
    offers, dates = Counter(), Counter()
    for pk, district_pk in (
        Offer.objects.published()
        .filter(center__isnull=False)
        .order_by()
        .values_list("pk", "center__sozialraum__district")
    ):
        if pk in per_offer:
            offers[district_pk] += 1
            dates[district_pk] += per_offer[pk]
    places = populated_places()
    index = PointIndex(_center_points(bounds(list(places), 10)))
    population, covered = Counter(), Counter()
    for place in places:
        population[place.district] += place.population
        if index.nearest_km(place.point, 10) is not None:
            covered[place.district] += place.population
    result = []
    for district in districts:
        people = population[district["ags"]]
        row = {
            "name": district["name"],
            "slug": district["slug"],
            "population": people,
            "centers": centers.get(district["pk"], 0),
            "offers": offers[district["pk"]],
            "dates": dates[district["pk"]],
            "coverage": covered[district["ags"]] / people if people else None,
        }
        row["centers_rate"] = 10000 * row["centers"] / people if people else None
        row["offers_rate"] = 10000 * row["offers"] / people if people else None
        result.append(row)
    average = {}
    for key in (
        "population",
        "centers",
        "offers",
        "dates",
        "centers_rate",
        "offers_rate",
        "coverage",
    ):
        values = [row[key] for row in result if row[key] is not None]
        average[key] = sum(values) / len(values) if values else None
    return {"districts": result, "average": average}


# The handbook's planning content the profiles point to (slugs of the coordination
# office's documents: the value for municipalities and the interview on youth welfare
# planning); a document that is missing or not public is simply not linked.
PLANNING_DOCUMENTS = ("mehrwert-fuer-kommunen", "interview-jugendhilfeplanung")


def planning_documents(user) -> list[Document]:
    documents = Document.objects.visible_to(user).filter(slug__in=PLANNING_DOCUMENTS)
    return sorted(
        documents.select_related("section"), key=lambda d: PLANNING_DOCUMENTS.index(d.slug)
    )


def comparison_columns() -> list[tuple[str, str, bool]]:
    """The comparison table's columns: (?sortierung= value, heading, numeric)."""
    return [
        ("name", gettext("District"), False),
        ("einwohner", gettext("Inhabitants"), True),
        ("zentren", gettext("Centres"), True),
        ("zentren-je", gettext("Centres per 10,000 inhabitants"), True),
        ("angebote", gettext("Offers"), True),
        ("angebote-je", gettext("Offers per 10,000 inhabitants"), True),
        ("termine", gettext("Dates"), True),
        ("abdeckung", gettext("Within 10 km of a centre"), True),
    ]
