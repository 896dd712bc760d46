import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from common.filters import choice_error
from network.filters import NearFilterSet
from network.models import District, Language, Sozialraum


class CenterFilterSet(NearFilterSet):
    more_filters = ("kreis", "sozialraum", "sprache", "barrierefrei")

    kreis = django_filters.ModelChoiceFilter(
        field_name="sozialraum__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        label=_("District or city"),
        empty_label=_("All of Thuringia"),
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = django_filters.ModelChoiceFilter(
        queryset=Sozialraum.objects.select_related("district"),
        label=_("Sozialraum"),
        empty_label=_("All Sozialräume"),
        error_messages=choice_error(_("Please choose a Sozialraum from the list.")),
    )
    sprache = django_filters.ModelChoiceFilter(
        field_name="languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=_("Language spoken"),
        empty_label=_("Any language"),
        error_messages=choice_error(_("Please choose a language from the list.")),
    )
    barrierefrei = django_filters.BooleanFilter(
        field_name="step_free_access",
        label=_("Step-free access only"),
        widget=forms.CheckboxInput,
        method="filter_step_free",
    )

    class Meta:
        model = Center
        fields: list[str] = []

    def filter_step_free(self, queryset, name: str, value: bool):
        return queryset.filter(step_free_access=True) if value else queryset
