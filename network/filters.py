"""Filters shared by every "near me" list, and the partner directory's FilterSet."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import PortalFilterSet, choice_error
from network.models import District, Partner, Sozialraum
from network.places import Location, location_resolve

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]


class LocationField(forms.CharField):
    """A postcode or place name, cleaned into a ``Location`` (or an error in plain words)."""

    default_error_messages = {
        "unknown": _(
            "We could not find “%(value)s”. Please enter a five-digit postcode "
            "(e.g. 07743) or the name of a town."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def clean(self, value: str) -> Location | None:
        text = super().clean(value)
        if not text:
            return None
        location = location_resolve(text)
        if location is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return location


class LocationFilter(django_filters.Filter):
    field_class = LocationField

    def filter(self, qs: QuerySet, value: Location | None) -> QuerySet:
        # Applied together with the radius in NearFilterSet.filter_queryset.
        return qs


class NearFilterSet(PortalFilterSet):
    """Adds "Postleitzahl oder Ort" and "Umkreis": results nearest first, with distance."""

    plz = LocationFilter(
        label=_("Postcode or town"),
        help_text=_("e.g. 07743 or Jena"),
    )
    umkreis = django_filters.TypedChoiceFilter(
        label=_("Distance"),
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=settings.THEKIZ_DEFAULT_RADIUS_KM,
        method="filter_radius",
        error_messages=choice_error(_("Please choose one of the distances in the list.")),
    )

    defaults = {"umkreis": str(settings.THEKIZ_DEFAULT_RADIUS_KM)}

    def filter_radius(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset  # Applied together with the location below.

    @property
    def location(self) -> Location | None:
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get("plz")

    @property
    def radius(self) -> int:
        self.form.is_valid()
        return self.form.cleaned_data.get("umkreis") or settings.THEKIZ_DEFAULT_RADIUS_KM

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.location:
            queryset = self.filter_near(queryset, self.location.point, self.radius)
        return queryset

    def filter_near(self, queryset: QuerySet, point, km: int) -> QuerySet:
        """Rows within ``km`` of ``point``, nearest first (GeoQuerySet.near)."""
        return queryset.near(point, km)


class PartnerFilterSet(NearFilterSet):
    more_filters = ("kreis", "sozialraum")

    art = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Kind of partner"),
        choices=Partner.Kind.choices,
        empty_label=_("All kinds"),
        error_messages=choice_error(_("Please choose a kind of partner from the list.")),
    )
    kreis = django_filters.ModelChoiceFilter(
        field_name="sozialraeume__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        label=_("District or city"),
        empty_label=_("All of Thuringia"),
        distinct=True,
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = django_filters.ModelChoiceFilter(
        field_name="sozialraeume",
        queryset=Sozialraum.objects.select_related("district"),
        label=_("Sozialraum"),
        empty_label=_("All Sozialräume"),
        distinct=True,
        error_messages=choice_error(_("Please choose a Sozialraum from the list.")),
    )

    class Meta:
        model = Partner
        fields: list[str] = []
