"""All districts side by side, with the average of the 22, sortable by a query parameter."""

from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F
from django.utils.translation import gettext
from django_tasks import task

from centers.models import Center
from common.text import transliterate_de
from network.models import District
from network.population import (
    PointIndex,
    bounds,
    populated_places,
)
from offers.models import Offer
from thekiz_portal.pages.profiles.cache import cached
from thekiz_portal.pages.profiles.coverage import center_points
from thekiz_portal.pages.profiles.figures import taking_place

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
    rows = comparison_rows()
    sort = sort if sort in SORT_KEYS else "name"
    key, descending = SORT_KEYS[sort]
    if descending:
        ordered = sorted(rows["districts"], key=lambda row: (row[key] is None, -(row[key] or 0)))
    else:  # by name, "Sömmerda" before "Suhl"
        ordered = sorted(rows["districts"], key=lambda row: transliterate_de(row[key]).lower())
    return {"rows": ordered, "average": rows["average"], "sort": sort}


def comparison_rows() -> dict:
    """The figures of all districts (the same in every language): computed once per data
    version, by the worker right after a change (``comparison_warm``) or else by the first
    page that needs them."""
    return cached("comparison", _comparison_rows, per_language=False)


# Set while a computation of the comparison is queued: many changes in a row (a night's
# new dates, an editor's afternoon) queue one, not one each. It expires in case the worker
# is down; the page then computes the comparison itself, as without a worker.
WARM_PENDING_KEY = "thekiz:profile:comparison-pending"
WARM_PENDING_SECONDS = 15 * 60


def comparison_warm_later(**kwargs) -> None:
    """Data changed (``common.data_version.version_changed``): queue the comparison's
    computation for the new data version, unless one is queued already."""
    if cache.add(WARM_PENDING_KEY, True, WARM_PENDING_SECONDS):
        comparison_warm.enqueue()


@task()
def comparison_warm() -> None:
    """The task: the comparison for the current data version into the shared cache. The
    mark goes first: a change while this runs queues the next computation."""
    cache.delete(WARM_PENDING_KEY)
    comparison_rows()


def _comparison_rows() -> dict:
    districts = list(District.objects.order_by("name").values("pk", "name", "slug", "ags"))
    centers = dict(
        Center.objects.active()
        .order_by()
        .values_list("sozialraum__district")
        .annotate(count=Count("pk"))
    )
    offers, dates = _offers_and_dates()
    places = populated_places()
    index = PointIndex(center_points(bounds(list(places), 10)))
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
            "offers": offers.get(district["pk"], 0),
            "dates": dates.get(district["pk"], 0),
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


def _offers_and_dates() -> tuple[dict[int, int], dict[int, int]]:
    """Per district: its published offers with dates in the next three months, and those
    dates. One query: the dates counted per offer off the index of the dates that take
    place (no table rows, no joins), then joined to the offers' districts and summed."""
    per_offer = taking_place().order_by().values("offer_id").annotate(n=Count("*"))
    districts = (
        Offer.objects.published()
        .filter(center__isnull=False)
        .order_by()
        .values(offer=F("pk"), district=F("center__sozialraum__district"))
    )
    per_offer_sql, per_offer_params = per_offer.query.sql_with_params()
    districts_sql, districts_params = districts.query.sql_with_params()
    sql = (
        "SELECT d.district, COUNT(*), SUM(o.n) "
        f"FROM ({per_offer_sql}) o "
        f"INNER JOIN ({districts_sql}) d ON d.offer = o.offer_id "
        "GROUP BY d.district"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*per_offer_params, *districts_params))
        rows = cursor.fetchall()
    return (
        {district: offers for district, offers, _ in rows},
        {district: int(dates) for district, _, dates in rows},
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
