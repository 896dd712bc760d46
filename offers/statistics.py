"""Attendance and activity statistics for the network: counts only, never names.

A *scope* is a set of centres (one centre, a Sozialraum, a district, all of Thuringia), a
*period* a quarter or a calendar year (Europe/Berlin days). ``figures(scope, period)``
computes everything a statistics page and its exports show with a fixed number of
aggregate queries, however many centres, offers and dates there are.

What the figures mean (the exports' "Spalten" sheet says the same):

- *planned*: every date of the centres' offers whose start lies in the period;
- *cancelled*: cancelled by the centre, or off because of a public holiday, the school
  holidays or a closure;
- *not held*: not cancelled, but recorded as "fand nicht statt" afterwards;
- *held*: past dates that were neither cancelled nor recorded as not held;
- *recorded*: dates with attendance recorded (held or "fand nicht statt");
- *adults*, *children*: the counts recorded for the held dates;
- *new* / *ended cooperations*: partner cooperations whose start (``since``) or end
  (``ended_on``) lies in the period.

Offers of the coordination office itself belong to no centre and are not counted here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centers.models import Center, Cooperation
from network.models import District, Language, Sozialraum
from offers.models import Category, Occurrence

QUARTERS = {
    1: gettext_lazy("1st quarter"),
    2: gettext_lazy("2nd quarter"),
    3: gettext_lazy("3rd quarter"),
    4: gettext_lazy("4th quarter"),
}


@dataclass(frozen=True)
class Period:
    """A quarter (``quarter`` 1–4) or a whole year (``quarter`` None)."""

    year: int
    quarter: int | None = None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.quarter and self.quarter < 4:
            return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)
        return datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.quarter:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.quarter}" if self.quarter else str(self.year)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the first day's midnight to the midnight after the last day (local time)."""
        zone = timezone.get_current_timezone()
        after = self.last_day + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(after, datetime.time.min, tzinfo=zone),
        )


@dataclass(frozen=True)
class Scope:
    """The centres counted: ``kind`` is one of KINDS, ``target`` the object (None: all)."""

    CENTER = "center"
    SOZIALRAUM = "sozialraum"
    DISTRICT = "district"
    LAND = "land"

    kind: str
    target: Center | Sozialraum | District | None = None

    def centers_q(self, prefix: str = "") -> Q:
        if self.kind == self.CENTER:
            return Q(**{f"{prefix}pk": self.target.pk})
        if self.kind == self.SOZIALRAUM:
            return Q(**{f"{prefix}sozialraum": self.target.pk})
        if self.kind == self.DISTRICT:
            return Q(**{f"{prefix}sozialraum__district": self.target.pk})
        return Q(**{f"{prefix}pk__isnull": False})

    @property
    def label(self) -> str:
        if self.target is None:
            return _("Thuringia")
        if self.kind == self.SOZIALRAUM:
            return f"{self.target.name} ({self.target.district.name})"
        return self.target.name

    @property
    def slug(self) -> str:
        if self.kind == self.CENTER:
            return f"zentrum-{self.target.slug}"
        if self.kind == self.SOZIALRAUM:
            return f"sozialraum-{self.target.district.slug}-{self.target.slug}"
        if self.kind == self.DISTRICT:
            return f"kreis-{self.target.slug}"
        return "thueringen"


@dataclass
class Counts:
    """The date and attendance counts of one group (a centre, a category, a quarter …)."""

    planned: int = 0
    cancelled: int = 0
    not_held: int = 0
    held: int = 0
    recorded: int = 0
    adults: int = 0
    children: int = 0

    @property
    def participants(self) -> int:
        return self.adults + self.children

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CenterRow:
    """One centre's line: its counts and its cooperations begun and ended in the period."""

    center_id: int
    name: str
    slug: str
    sozialraum: str
    district: str
    last_reviewed: datetime.date | None
    counts: Counts = field(default_factory=Counts)
    cooperations_new: int = 0
    cooperations_ended: int = 0


@dataclass
class Group:
    """A category, a language or a quarter with its counts."""

    label: str
    counts: Counts


@dataclass
class Figures:
    scope: Scope
    period: Period
    total: Counts
    centers: list[CenterRow]
    categories: list[Group]
    languages: list[Group]
    cooperations_new: int
    cooperations_ended: int

    @property
    def centers_by_activity(self) -> list[CenterRow]:
        return sorted(self.centers, key=lambda row: (-row.counts.held, row.name))


def _counts(now: datetime.datetime) -> dict:
    """The aggregate expressions of ``Counts`` over occurrences."""
    cancelled = Q(cancelled=True) | ~Q(off_reason="")
    not_held = Q(attendance__took_place=False) & ~cancelled
    counted = Q(attendance__took_place=True) & ~cancelled
    # Prefixed: an annotation named like a field ("cancelled") would shadow it.
    return {
        "n_planned": Count("pk"),
        "n_cancelled": Count("pk", filter=cancelled),
        "n_not_held": Count("pk", filter=not_held),
        "n_held": Count("pk", filter=Q(start__lt=now) & ~cancelled & ~not_held),
        # Counts saved before the date was cancelled after all (the same day) do not count.
        "n_recorded": Count("attendance", filter=~cancelled),
        "n_adults": Sum("attendance__adults", filter=counted),
        "n_children": Sum("attendance__children", filter=counted),
    }


def _as_counts(row: dict) -> Counts:
    return Counts(**{name: row[f"n_{name}"] or 0 for name in Counts.__dataclass_fields__})


def _dates(scope: Scope, period: Period) -> QuerySet:
    start, end = period.bounds()
    return Occurrence.objects.filter(
        scope.centers_q("offer__center__"), start__gte=start, start__lt=end
    ).order_by()


def _grouped(
    scope: Scope, period: Period, key: str, now: datetime.datetime, expression=None
) -> dict[object, Counts]:
    dates = _dates(scope, period)
    if expression is not None:
        dates = dates.annotate(**{key: expression})
    rows = dates.values(key).annotate(**_counts(now))
    return {row[key]: _as_counts(row) for row in rows}


def _named_groups(counts: dict, names: dict, none_label: str) -> list[Group]:
    groups = [Group(names[pk], counts[pk]) for pk in names if pk in counts]
    if None in counts:
        groups.append(Group(none_label, counts[None]))
    return groups


def figures(scope: Scope, period: Period, now: datetime.datetime | None = None) -> Figures:
    """Everything of one scope and period: six queries, however much data there is."""
    now = now or timezone.now()
    centers = (
        Center.objects.filter(scope.centers_q())
        .order_by("name")
        .values(
            "pk",
            "name",
            "slug",
            "last_reviewed",
            "sozialraum__name",
            "sozialraum__district__name",
        )
    )
    rows = {
        c["pk"]: CenterRow(
            c["pk"],
            c["name"],
            c["slug"],
            c["sozialraum__name"],
            c["sozialraum__district__name"],
            c["last_reviewed"],
        )
        for c in centers
    }
    total = Counts()
    for pk, counts in _grouped(scope, period, "offer__center", now).items():
        rows[pk].counts = counts
        total.add(counts)

    first, last = period.first_day, period.last_day
    cooperations = (
        Cooperation.objects.filter(scope.centers_q("center__"))
        .order_by()
        .values("center")
        .annotate(
            new=Count("pk", filter=Q(since__gte=first, since__lte=last)),
            ended=Count("pk", filter=Q(ended_on__gte=first, ended_on__lte=last)),
        )
    )
    for row in cooperations:
        rows[row["center"]].cooperations_new = row["new"]
        rows[row["center"]].cooperations_ended = row["ended"]

    by_category = _grouped(scope, period, "offer__categories", now)
    by_language = _grouped(scope, period, "offer__languages", now)
    categories = {c.pk: c.name for c in Category.objects.filter(pk__in=by_category)}
    languages = {
        language.pk: language.name for language in Language.objects.filter(pk__in=by_language)
    }
    return Figures(
        scope=scope,
        period=period,
        total=total,
        centers=list(rows.values()),
        categories=_named_groups(by_category, categories, _("no category")),
        languages=_named_groups(by_language, languages, _("no language given")),
        cooperations_new=sum(row.cooperations_new for row in rows.values()),
        cooperations_ended=sum(row.cooperations_ended for row in rows.values()),
    )


def by_quarter(center: Center, year: int, now: datetime.datetime | None = None) -> list[Group]:
    """A centre's counts in each quarter of ``year`` (one query)."""
    now = now or timezone.now()
    counts = _grouped(
        Scope(Scope.CENTER, center), Period(year), "quarter", now, ExtractQuarter("start")
    )
    return [Group(str(name), counts.get(q, Counts())) for q, name in QUARTERS.items()]


def cooperations_in(center: Center, period: Period) -> tuple[list, list]:
    """The partners whose cooperation with ``center`` began / ended in the period (one
    query): organisations, named."""
    first, last = period.first_day, period.last_day
    began, ended = [], []
    for cooperation in (
        Cooperation.objects.filter(center=center)
        .filter(Q(since__gte=first, since__lte=last) | Q(ended_on__gte=first, ended_on__lte=last))
        .select_related("partner")
        .order_by("partner__name")
    ):
        if cooperation.since and first <= cooperation.since <= last:
            began.append(cooperation)
        if cooperation.ended_on and first <= cooperation.ended_on <= last:
            ended.append(cooperation)
    return began, ended
