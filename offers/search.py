"""The families' offer search ("Angebote"), read top to bottom.

1. The words a search URL may hold (``?zeitraum=heute&wochentag=di``) are ``TextChoices``.
2. ``OfferSearchForm`` checks the query string: what it cannot use becomes a message in
   the error summary, and the rest of the search still applies.
3. ``OfferSearchForm.query()`` turns the valid fields into an ``OccurrenceQuery``: what the
   family asks for, in the calendar's terms (days, months of age, a point and a radius).
4. ``offers.selectors.occurrence_search(query)`` turns that into the queryset of dates.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import TextChoices
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from common.data_version import kept_per_version
from common.forms import RowChoiceField, choice_error
from network.forms import NearForm
from network.models import District, Language, Sozialraum
from network.places import Location
from offers.models import MAX_AGE_MONTHS, Category
from offers.rendering import age_words


class When(TextChoices):
    TODAY = "heute", _("today")
    THIS_WEEK = "woche", _("this week")
    THIS_WEEKEND = "wochenende", _("this weekend")
    NEXT_FOUR_WEEKS = "4wochen", _("the next 4 weeks")
    ALL = "alle", _("all upcoming dates")

    def days(self, today: datetime.date) -> tuple[datetime.date, datetime.date | None]:
        """First and last day of the period (None: no end)."""
        if self == When.TODAY:
            return today, today
        if self == When.THIS_WEEK:
            return today, today + datetime.timedelta(days=6 - today.weekday())
        if self == When.THIS_WEEKEND:
            saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
            if today.weekday() == 6:  # on Sunday, "this weekend" is today
                saturday = today - datetime.timedelta(days=1)
            return max(saturday, today), saturday + datetime.timedelta(days=1)
        if self == When.ALL:
            return today, None
        return today, today + datetime.timedelta(days=27)  # the next four weeks


class Weekday(TextChoices):
    """In the order of ``date.weekday()``: Monday is 0."""

    MONDAY = "mo", WEEKDAYS[0]
    TUESDAY = "di", WEEKDAYS[1]
    WEDNESDAY = "mi", WEEKDAYS[2]
    THURSDAY = "do", WEEKDAYS[3]
    FRIDAY = "fr", WEEKDAYS[4]
    SATURDAY = "sa", WEEKDAYS[5]
    SUNDAY = "so", WEEKDAYS[6]

    @property
    def number(self) -> int:
        return list(Weekday).index(self)


class TimeOfDay(TextChoices):
    MORNING = "vormittags", _("mornings (until 12:00)")
    AFTERNOON = "nachmittags", _("afternoons (12:00–17:00)")
    EVENING = "abends", _("evenings (from 17:00)")

    @property
    def hours(self) -> tuple[int, int]:
        """Hours of local time: [from, to)."""
        return TIME_OF_DAY_HOURS[self]


TIME_OF_DAY_HOURS = {
    TimeOfDay.MORNING: (0, 12),
    TimeOfDay.AFTERNOON: (12, 17),
    TimeOfDay.EVENING: (17, 24),
}


class AgeUnit(TextChoices):  # "Alter: 1 [Jahre]"
    YEARS = "jahre", _("years")
    MONTHS = "monate", _("months")


class Sort(TextChoices):
    DATE = "datum", _("by date")
    DISTANCE = "entfernung", _("by distance")


@dataclass(frozen=True)
class OccurrenceQuery:
    """What a family searches for, in the calendar's terms."""

    first: datetime.date
    last: datetime.date | None  # None: up to the calendar's horizon
    location: Location | None = None
    radius_km: int = 0
    categories: tuple[str, ...] = ()  # slugs
    age_months: int | None = None
    weekdays: frozenset[int] = frozenset()  # date.weekday(); empty: every day
    times_of_day: tuple[TimeOfDay, ...] = ()  # empty: the whole day
    district: District | None = None
    sozialraum: Sozialraum | None = None
    language: Language | None = None
    free_only: bool = False
    without_registration: bool = False
    barrier_free: bool = False
    online_only: bool = False
    sort: Sort = Sort.DATE

    @property
    def by_distance(self) -> bool:
        return self.location is not None and self.sort == Sort.DISTANCE

    @property
    def offers_key(self) -> tuple:
        """What concerns the offer (not the date), as a key of what is kept per data
        version: the ids of the offers these filters allow (``offer_ids_matching``)."""
        location = self.location
        return (
            self.categories,
            self.age_months,
            getattr(self.district, "pk", None),
            getattr(self.sozialraum, "pk", None),
            getattr(self.language, "pk", None),
            self.free_only,
            self.without_registration,
            self.barrier_free,
            self.online_only,
            location.point if location else None,
            self.radius_km if location else 0,
            self.by_distance,
        )

    @property
    def key(self) -> tuple:
        """The whole search as a key (the dates it finds, for one moment)."""
        return (self.offers_key, self.first, self.last, self.weekdays, self.times_of_day)


class OfferSearchForm(NearForm):
    """Every field of the offer search; the names are the URL's."""

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
    defaults = {
        **NearForm.defaults,
        "zeitraum": When.NEXT_FOUR_WEEKS,
        "einheit": AgeUnit.YEARS,
        "sortierung": Sort.DATE,
    }

    kategorie = forms.MultipleChoiceField(
        label=_("What are you looking for?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("We do not know the category “%(value)s”.")},
    )
    alter = forms.DecimalField(
        label=_("Age of your child"),
        required=False,
        help_text=_("Leave empty for all ages."),
        error_messages={"invalid": _("Please enter the age as a whole number, e.g. 2.")},
    )
    einheit = forms.ChoiceField(
        label=_("Age given in"),
        choices=AgeUnit.choices,
        required=False,
        error_messages=choice_error(_("Please choose years or months.")),
    )
    zeitraum = forms.ChoiceField(
        label=_("When"),
        choices=When.choices,
        required=False,
        error_messages=choice_error(_("Please choose a period from the list.")),
    )
    von = forms.DateField(
        label=_("From (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date such as 24.12.2026.")},
    )
    bis = forms.DateField(
        label=_("Until (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date such as 24.12.2026.")},
    )
    wochentag = forms.MultipleChoiceField(
        label=_("Weekday"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("We do not know the weekday “%(value)s”.")},
    )
    tageszeit = forms.MultipleChoiceField(
        label=_("Time of day"),
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("We do not know the time of day “%(value)s”.")},
    )
    kreis = RowChoiceField(
        queryset=District.objects.all(),
        to_field_name="slug",
        label=_("District or city"),
        required=False,
        empty_label=_("All districts and cities"),
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = RowChoiceField(
        queryset=Sozialraum.objects.select_related("district"),
        label=_("Sozialraum"),
        required=False,
        empty_label=_("All Sozialräume"),
        error_messages=choice_error(_("Please choose a Sozialraum from the list.")),
    )
    sprache = RowChoiceField(
        queryset=Language.objects.all(),
        to_field_name="code",
        label=_("Language"),
        required=False,
        empty_label=_("Any language"),
        error_messages=choice_error(_("Please choose a language from the list.")),
    )
    kostenfrei = forms.BooleanField(label=_("Free of charge"), required=False)
    ohne_anmeldung = forms.BooleanField(label=_("No registration needed"), required=False)
    barrierefrei = forms.BooleanField(label=_("Barrier-free"), required=False)
    online = forms.BooleanField(label=_("Online only"), required=False)
    sortierung = forms.ChoiceField(
        label=_("Sort"),
        choices=Sort.choices,
        required=False,
        error_messages=choice_error(_("Please choose a sort order from the list.")),
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        categories = kept_per_version(
            ("choices", "offers.Category"),
            lambda: list(Category.objects.values("slug", *Category.choice_fields)),
        )
        self.fields["kategorie"].choices = [
            (row["slug"], Category.choice_label(row)) for row in categories
        ]

    def clean(self):
        """The date range and the child's age: an invalid one is reported and left out."""
        cleaned = super().clean()
        first, last = cleaned.get("von"), cleaned.get("bis")
        if first and last and last < first:
            self.add_error(
                "bis", _("The end of the period is before its start. Please check the dates.")
            )
            cleaned.pop("von", None)
        age = cleaned.get("alter")
        if age is not None:
            in_years = (cleaned.get("einheit") or AgeUnit.YEARS) == AgeUnit.YEARS
            months = round(age * 12 if in_years else age)
            if age < 0 or months > MAX_AGE_MONTHS:
                self.add_error(
                    "alter",
                    _("Please enter an age between 0 and 18 years (or 0 and 216 months)."),
                )
            else:
                cleaned["age_months"] = months
        return cleaned

    def summary_text(self, name: str, value) -> str:
        """The age in words with its unit ("2 Jahre", "8 Monate"); the unit alone says nothing."""
        if name == "einheit":
            return ""
        if name == "alter":
            months = self.cleaned_data.get("age_months")
            return "" if months is None else age_words(months)
        return super().summary_text(name, value)

    def query(self, *, today: datetime.date) -> OccurrenceQuery:
        """The search the valid fields describe (invalid ones are left out)."""
        self.is_valid()
        data = self.cleaned_data
        first, last = data.get("von"), data.get("bis")
        if first or last:
            first = max(first or today, today)
        else:
            first, last = When(data.get("zeitraum") or When.NEXT_FOUR_WEEKS).days(today)
        return OccurrenceQuery(
            first=first,
            last=last,
            location=data.get("plz"),
            radius_km=self.radius,
            categories=tuple(data.get("kategorie") or ()),
            age_months=data.get("age_months"),
            weekdays=frozenset(Weekday(code).number for code in data.get("wochentag") or ()),
            times_of_day=tuple(TimeOfDay(part) for part in data.get("tageszeit") or ()),
            district=data.get("kreis"),
            sozialraum=data.get("sozialraum"),
            language=data.get("sprache"),
            free_only=bool(data.get("kostenfrei")),
            without_registration=bool(data.get("ohne_anmeldung")),
            barrier_free=bool(data.get("barrierefrei")),
            online_only=bool(data.get("online")),
            sort=Sort(data.get("sortierung") or Sort.DATE),
        )
