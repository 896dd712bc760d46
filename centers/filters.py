"""The centre directory's FilterSet."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from common.filters import PortalFilterSet, RowChoiceFilter
from common.forms import choice_error
from network.filters import language_filter
from network.forms import NearForm
from network.models import District, Sozialraum


class CenterFilterSet(PortalFilterSet):
    """District, Sozialraum, language and step-free access; near a place (the form's first
    two fields) nearest first, with distance."""

    more_filters = ("kreis", "sozialraum", "sprache", "barrierefrei")

    kreis = RowChoiceFilter(
        field_name="sozialraum__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        label=_("District or city"),
        empty_label=_("All districts and cities"),
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = RowChoiceFilter(
        queryset=Sozialraum.objects.select_related("district"),
        label=_("Sozialraum"),
        empty_label=_("All Sozialräume"),
        error_messages=choice_error(_("Please choose a Sozialraum from the list.")),
    )
    sprache = language_filter(_("Language spoken"))
    barrierefrei = django_filters.BooleanFilter(
        field_name="step_free_access",
        label=_("Step-free access only"),
        widget=forms.CheckboxInput,
        method="filter_step_free",
    )

    class Meta:
        model = Center
        fields: list[str] = []
        form = NearForm

    def filter_step_free(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(step_free_access=True) if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.form.near(super().filter_queryset(queryset))
