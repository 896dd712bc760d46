"""The partner directory's FilterSet."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import PortalFilterSet, RowChoiceFilter
from common.forms import choice_error
from network.forms import NearForm
from network.models import District, Language, Partner, Sozialraum


def language_filter(label: str) -> RowChoiceFilter:
    """``?sprache=ar``: those that speak a language (their ``languages``). One language
    matches one row of the link table, so no one is listed twice."""
    return RowChoiceFilter(
        field_name="languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=label,
        empty_label=_("Any language"),
        error_messages=choice_error(_("Please choose a language from the list.")),
    )


class PartnerFilterSet(PortalFilterSet):
    """Kind, language of counselling, district and Sozialraum; near a place (the form's
    first two fields) nearest first, with distance."""

    more_filters = ("kreis", "sozialraum")

    art = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Kind of partner"),
        choices=Partner.Kind.choices,
        empty_label=_("All kinds"),
        error_messages=choice_error(_("Please choose a kind of partner from the list.")),
    )
    sprache = language_filter(_("Language of counselling"))
    kreis = RowChoiceFilter(
        field_name="sozialraeume__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        label=_("District or city"),
        empty_label=_("All districts and cities"),
        distinct=True,
        error_messages=choice_error(_("Please choose a district from the list.")),
    )
    sozialraum = RowChoiceFilter(
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
        form = NearForm

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.form.near(super().filter_queryset(queryset))
