"""What a district or Sozialraum offers over the next three months, as charts: offers and
their dates by category, age band, weekday, time of day, language and cost; partners by kind.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext

from network.models import GERMAN, Language, Partner
from offers.models import Category, Occurrence, Offer
from offers.search import TimeOfDay

BERLIN = ZoneInfo("Europe/Berlin")
WINDOW_DAYS = 91  # "the next three months"
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


def window() -> tuple[datetime.datetime, datetime.datetime]:
    now = timezone.now()
    return now, now + datetime.timedelta(days=WINDOW_DAYS)


def taking_place() -> "Occurrence.objects":
    """The dates that take place in the next three months."""
    start, end = window()
    return Occurrence.objects.filter(
        start__gte=start, start__lt=end, cancelled=False, detached=False, off_reason=""
    )


def offer_figures(**scope) -> dict:
    """What is offered within ``scope`` (lookups on the offer, e.g. ``center__sozialraum``):
    charts and the sets the gaps are read from. Seven queries whatever the data."""
    in_scope = Offer.objects.published().filter(**scope).order_by()
    dates = taking_place().published().filter(**{f"offer__{k}": v for k, v in scope.items()})
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
    # The offers in scope and their categories, languages and audiences, through a subquery
    # on the offers (not the dates, not thousands of ids as parameters); those without a
    # date in the period are left out here.
    offers = {
        row["pk"]: row
        for row in in_scope.values(
            "pk", "age_min_months", "age_max_months", "cost", "center__sozialraum_id"
        )
        if row["pk"] in date_count
    }
    in_scope = in_scope.values("pk")
    categories, languages, audiences = defaultdict(set), defaultdict(set), defaultdict(set)
    for related, column, values in (
        (Offer.categories, "category_id", categories),
        (Offer.languages, "language_id", languages),
        (Offer.audiences, "audience__code", audiences),
    ):
        for offer_id, value in related.through.objects.filter(offer_id__in=in_scope).values_list(
            "offer_id", column
        ):
            if offer_id in offers:
                values[offer_id].add(value)

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
    by_area, offers_by_area = defaultdict(set), Counter()
    for pk, offer in offers.items():
        by_area[offer["center__sozialraum_id"]] |= categories[pk]
        offers_by_area[offer["center__sozialraum_id"]] += 1
    return {
        "offer_count": len(offers),
        "date_count": sum(date_count.values()),
        "evening_or_weekend": len(evening_or_weekend),
        "charts": charts,
        "category_names": {row["pk"]: name(row) for row in category_rows},
        "categories_by_area": dict(by_area),
        "offers_by_area": dict(offers_by_area),
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
