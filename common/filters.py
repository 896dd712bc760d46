"""The base of the portal's FilterSets: their form is a ``SearchForm``."""

import django_filters
from django.db.models import QuerySet

from common.forms import RowChoiceField, SearchForm


class RowChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options need no model instance each (RowChoiceField)."""

    field_class = RowChoiceField


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is a ``common.forms.SearchForm`` (defaults, error summary,
    "More filters"), whatever its ``Meta.form``.

    ``Meta.form`` may hold fields that no filter stands for, because they only mean
    something together (a place and a radius, ``network.forms.NearForm``): the FilterSet
    reads them from its form in its own ``filter_queryset``.
    """

    # Filters shown under "More filters", handed to the form.
    more_filters: tuple[str, ...] = ()

    def get_form_class(self) -> type[SearchForm]:
        """``Meta.form`` (made a SearchForm if it is not one) with a field per filter."""
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        form = self._meta.form
        bases = (form,) if issubclass(form, SearchForm) else (SearchForm, form)
        return type(
            f"{type(self).__name__}Form", bases, {**fields, "more_filters": self.more_filters}
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Each filter with its own value; the form's fields without a filter are skipped."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
