"""The families' offer search ("Angebote"): every filter lives in the URL."""

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import choice_error
from network.filters import NearFilterSet
from network.geo import Point
from network.models import District, Language, Sozialraum
from offers.models import MAX_AGE_MONTHS, Category, Offer
from offers.selectors import occurrences_near, week_bounds
from offers.services import horizon_end
from offers.weekdays import WEEKDAY_CHOICES

_WEEKDAY_NUMBER = {code: number for number, (code, _label) in enumerate(WEEKDAY_CHOICES)}

# Hours (local time) of the three parts of the day: [from, to).
TIMES_OF_DAY = {"vormittags": (0, 12), "nachmittags": (12, 17), "abends": (17, 24)}
TIME_OF_DAY_CHOICES = [
    ("vormittags", _("mornings (until 12:00)")),
    ("nachmittags", _("afternoons (12:00–17:00)")),
    ("abends", _("evenings (from 17:00)")),
]

PERIOD_CHOICES = [
    ("heute", _("today")),
    ("woche", _("this week")),
    ("wochenende", _("this weekend")),
    ("4wochen", _("the next 4 weeks")),
    ("alle", _("all upcoming dates")),
]
DEFAULT_PERIOD = "4wochen"

SORT_CHOICES = [("datum", _("by date")), ("entfernung", _("by distance"))]
AGE_UNITS = [("jahre", _("years")), ("monate", _("months"))]  # "Alter: 1 [Jahre]"


class OfferSearchForm(forms.Form):
    """Cross-field checks: the date range and the child's age."""

    age_months: int | None = None

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("von"), cleaned.get("bis")
        if first and last and last < first:
            self.add_error(
                "bis", _("The end of the period is before its start. Please check the dates.")
            )
            cleaned.pop("von", None)
        age, unit = cleaned.get("alter"), cleaned.get("einheit") or "jahre"
        if age is not None:
            months = round(age * 12 if unit == "jahre" else age)
            if age < 0 or months > MAX_AGE_MONTHS:
                self.add_error(
                    "alter",
                    _("Please enter an age between 0 and 18 years (or 0 and 216 months)."),
                )
            else:
                self.age_months = months
        return cleaned


class OfferFilterSet(NearFilterSet):
    more_filters = (
        "wochentag",
        "tageszeit",
        "kostenfrei",
        "ohne_anmeldung",
        "barrierefrei",
        "online",
        "sprache",
        "kreis",
        "sozialraum",
        "von",
        "bis",
    )
    horizontal_filters = ("wochentag",)

    kategorie = django_filters.MultipleChoiceFilter(
        label=_("What are you looking for?"),
        choices=[],  # filled from the database in __init__
        widget=forms.CheckboxSelectMultiple,
        method="filter_categories",
        error_messages={"invalid_choice": _("We do not know the category “%(value)s”.")},
    )
    alter = django_filters.NumberFilter(
        label=_("Age of your child"),
        method="filter_nothing",
        help_text=_("Leave empty for all ages."),
        error_messages={"invalid": _("Please enter the age as a whole number, e.g. 2.")},
    )
    einheit = django_filters.ChoiceFilter(
        label=_("Age given in"),
        choices=AGE_UNITS,
        empty_label=None,
        method="filter_nothing",
        error_messages=choice_error(_("Please choose years or months.")),
    )
    zeitraum = django_filters.ChoiceFilter(
        label=_("When"),
        choices=PERIOD_CHOICES,
        empty_label=None,
        method="filter_nothing",
        error_messages=choice_error(_("Please choose a period from the list.")),
    )
    von = django_filters.DateFilter(
        label=_("From (date)"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date such as 24.12.2026.")},
    )
    bis = django_filters.DateFilter(
        label=_("Until (date)"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date such as 24.12.2026.")},
    )
    wochentag = django_filters.MultipleChoiceFilter(
        label=_("Weekday"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        method="filter_nothing",
        error_messages={"invalid_choice": _("We do not know the weekday “%(value)s”.")},
    )
    tageszeit = django_filters.MultipleChoiceFilter(
        label=_("Time of day"),
        choices=TIME_OF_DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        method="filter_nothing",
        error_messages={"invalid_choice": _("We do not know the time of day “%(value)s”.")},
    )
    kreis = django_filters.ModelChoiceFilter(
        field_name="offer__center__sozialraum__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        label=_("District or city"),
        empty_label=_("All of Thuringia"),
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = django_filters.ModelChoiceFilter(
        field_name="offer__center__sozialraum",
        queryset=Sozialraum.objects.select_related("district"),
        label=_("Sozialraum"),
        empty_label=_("All Sozialräume"),
        error_messages=choice_error(_("Please choose a Sozialraum from the list.")),
    )
    sprache = django_filters.ModelChoiceFilter(
        field_name="offer__languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=_("Language"),
        empty_label=_("Any language"),
        error_messages=choice_error(_("Please choose a language from the list.")),
    )
    kostenfrei = django_filters.BooleanFilter(
        label=_("Free of charge"), widget=forms.CheckboxInput, method="filter_free"
    )
    ohne_anmeldung = django_filters.BooleanFilter(
        label=_("No registration needed"), widget=forms.CheckboxInput, method="filter_open"
    )
    barrierefrei = django_filters.BooleanFilter(
        label=_("Barrier-free"), widget=forms.CheckboxInput, method="filter_barrier_free"
    )
    online = django_filters.BooleanFilter(
        label=_("Online only"), widget=forms.CheckboxInput, method="filter_online"
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_nothing",
        error_messages=choice_error(_("Please choose a sort order from the list.")),
    )

    class Meta:
        model = Offer  # filters run on Occurrence; Meta.model only names the form's fields
        fields: list[str] = []
        form = OfferSearchForm

    defaults = {
        **NearFilterSet.defaults,
        "zeitraum": DEFAULT_PERIOD,
        "einheit": "jahre",
        "sortierung": "datum",
    }

    def __init__(self, data=None, *args, today: datetime.date | None = None, **kwargs) -> None:
        self.today = today or timezone.localdate()
        super().__init__(data, *args, **kwargs)
        self.categories = list(Category.objects.all())
        self.form.fields["kategorie"].choices = [(c.slug, c.name) for c in self.categories]

    # --- filters that work together with others ------------------------------------------

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # applied in filter_queryset (they depend on each other)

    def filter_categories(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        # A subquery, so that an offer in two chosen categories is not listed twice.
        return queryset.filter(offer__in=Offer.objects.filter(categories__slug__in=value))

    def filter_free(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(offer__cost=Offer.Cost.FREE) if value else queryset

    def filter_open(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(offer__registration=Offer.Registration.NONE) if value else queryset

    def filter_barrier_free(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(offer__barrier_free=True) if value else queryset

    def filter_online(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(offer__place=Offer.PlaceKind.ONLINE) if value else queryset

    def filter_near(self, queryset: QuerySet, point: Point, km: int) -> QuerySet:
        return occurrences_near(queryset, point, km)

    # --- period, age and order ----------------------------------------------------------------

    @property
    def period(self) -> tuple[datetime.date, datetime.date | None]:
        """First and last day searched (None: up to the horizon)."""
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        first, last = data.get("von"), data.get("bis")
        if first or last:
            return max(first or self.today, self.today), last
        today = self.today
        choice = data.get("zeitraum") or DEFAULT_PERIOD
        if choice == "heute":
            return today, today
        if choice == "woche":
            return today, week_bounds(today)[1]
        if choice == "wochenende":
            saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
            if today.weekday() == 6:  # on Sunday, "this weekend" is today
                saturday = today - datetime.timedelta(days=1)
            return max(saturday, today), saturday + datetime.timedelta(days=1)
        if choice == "alle":
            return today, None
        return today, today + datetime.timedelta(days=27)

    @property
    def sort_by_distance(self) -> bool:
        return bool(self.location) and self.form.cleaned_data.get("sortierung") == "entfernung"

    def time_windows(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The period, weekdays and times of day as start-time ranges in local time.

        Ranges on the indexed ``start`` column work the same on both databases and need
        no per-row time zone arithmetic; neighbouring ranges are merged.
        """
        tz = timezone.get_current_timezone()
        first, last = self.period
        # No date lies beyond the horizon: a "bis" far in the future must not turn into
        # tens of thousands of ranges (and an SQL expression too large to run).
        horizon = horizon_end(self.today)
        last = min(last or horizon, horizon)
        data = getattr(self.form, "cleaned_data", {})
        weekdays = {_WEEKDAY_NUMBER[code] for code in data.get("wochentag") or []}
        hours = sorted(TIMES_OF_DAY[part] for part in data.get("tageszeit") or []) or [(0, 24)]
        windows: list[tuple[datetime.datetime, datetime.datetime]] = []
        day = first
        while day <= last:
            if not weekdays or day.weekday() in weekdays:
                midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
                for start_hour, end_hour in hours:
                    start = midnight.replace(hour=start_hour)
                    end = (
                        datetime.datetime.combine(
                            day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
                        )
                        if end_hour == 24
                        else midnight.replace(hour=end_hour)
                    )
                    if windows and windows[-1][1] == start:
                        windows[-1] = (windows[-1][0], end)
                    else:
                        windows.append((start, end))
            day += datetime.timedelta(days=1)
        return windows

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        windows = self.time_windows()
        if not windows:
            return queryset.none()
        in_windows = Q()
        for start, end in windows:
            in_windows |= Q(start__gte=start, start__lt=end)
        queryset = queryset.filter(in_windows)
        months = self.form.age_months
        if months is not None:
            queryset = queryset.filter(
                Q(offer__age_min_months__isnull=True) | Q(offer__age_min_months__lte=months),
                Q(offer__age_max_months__isnull=True) | Q(offer__age_max_months__gte=months),
            )
        if self.sort_by_distance:
            return queryset.order_by("distance", "start", "pk")
        # (start, pk) only: the start index delivers the rows in this order.
        return queryset.order_by("start", "pk")
