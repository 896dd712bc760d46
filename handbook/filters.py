"""The handbook's search form: words plus section, kind, development field and readership."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import PortalFilterSet
from common.forms import choice_error
from handbook.models import DevelopmentField, Document, Readership, Section
from handbook.search import has_words

MAX_QUERY_LENGTH = 200


class SearchTermField(forms.CharField):
    default_error_messages = {
        "max_length": _(
            "Please shorten your search to at most %(limit_value)d characters "
            "(it has %(show_value)d)."
        ),
        "no_words": _("Please enter at least one word (letters or digits)."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value: str) -> str:
        text = super().clean(value)
        if text and not has_words(text):
            raise ValidationError(self.error_messages["no_words"], code="no_words")
        return text


class SearchTermFilter(django_filters.CharFilter):
    field_class = SearchTermField

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        # Matching and ranking happen in handbook.search after the other filters.
        return qs


class HandbookFilterSet(PortalFilterSet):
    q = SearchTermFilter(label=_("Search term"), help_text=_("e.g. Kommune or Elterncafé"))
    bereich = django_filters.ModelChoiceFilter(
        field_name="section",
        to_field_name="slug",
        queryset=Section.objects.all(),
        label=_("Section"),
        empty_label=_("All sections"),
        error_messages=choice_error(_("Please choose a section from the list.")),
    )
    art = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Document.Kind.choices,
        label=_("Kind of document"),
        empty_label=_("All kinds"),
        error_messages=choice_error(_("Please choose a kind of document from the list.")),
    )
    feld = django_filters.ModelChoiceFilter(
        # One development field per query: no duplicate rows, so no DISTINCT needed.
        field_name="development_fields",
        to_field_name="slug",
        queryset=DevelopmentField.objects.all(),
        label=_("Development field"),
        empty_label=_("All development fields"),
        error_messages=choice_error(_("Please choose a development field from the list.")),
    )
    fuer = django_filters.ModelChoiceFilter(
        field_name="readerships",
        to_field_name="slug",
        queryset=Readership.objects.all(),
        label=_("Written for"),
        empty_label=_("All readers"),
        error_messages=choice_error(_("Please choose a readership from the list.")),
    )

    more_filters = ("feld", "fuer")

    class Meta:
        model = Document
        fields: list[str] = []

    @property
    def query(self) -> str:
        if not self.is_bound:
            return ""
        self.form.is_valid()
        return self.form.cleaned_data.get("q") or ""
