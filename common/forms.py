import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.data_version import kept_per_version

SUMMARY_SEPARATOR = " · "


def kern_choice_widgets(form: forms.BaseForm) -> None:
    """Checkbox and radio groups render their options one by one (includes/_field.html),
    so their KERN class has to sit on the widget itself."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "kern-form-check__checkbox")
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "kern-form-check__radio")


def choice_error(message: str) -> dict[str, str]:
    """The same message for an unknown choice, whether a plain value or a database key."""
    return {"invalid_choice": message, "invalid_pk_value": message}


class SearchForm(forms.Form):
    """The form of a search page (its fields live in the URL): what the page needs to show
    it. Invalid fields are reported in a summary and ignored, never a 500."""

    # Choices in effect when the visitor has not chosen (shown as selected).
    defaults: dict[str, str] = {}

    # Fields shown under "More filters" (collapsed unless one of them is in use).
    more_filters: tuple[str, ...] = ()

    # Multiple-choice fields whose options stand side by side (e.g. weekdays).
    horizontal_filters: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs) -> None:
        # The fields the visitor chose, with a value other than the default.
        self.chosen: set[str] = set()
        if data is not None:
            self.chosen = {
                name
                for name in data
                if any(_values(data, name)) and data.get(name) != self.defaults.get(name)
            }
        if data is not None and self.defaults:
            data = data.copy()
            for name, value in self.defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, *args, **kwargs)
        kern_choice_widgets(self)

    @property
    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for every invalid field, for the error summary."""
        if not self.is_bound or self.is_valid():
            return []
        return [
            (self[name].id_for_label, self[name].label, message)
            for name, messages in self.errors.items()
            if name in self.fields
            for message in messages
        ]

    @property
    def filter_summary(self) -> str:
        """The filters in use, in words, in the order of the fields ("07743 Jena · Dienstag
        · Kostenfrei"); "" when the visitor chose none (defaults and invalid fields left out)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        parts = (
            self.summary_text(name, self.cleaned_data[name])
            for name in self.fields
            if name in self.chosen and name in self.cleaned_data
        )
        return SUMMARY_SEPARATOR.join(part for part in parts if part)

    def summary_text(self, name: str, value) -> str:
        """One chosen field in words for ``filter_summary``."""
        field = self.fields[name]
        if value in field.empty_values or value is False:
            return ""
        if isinstance(field, forms.BooleanField):
            return str(field.label)
        if isinstance(field, forms.ModelMultipleChoiceField):
            return ", ".join(str(item) for item in value)
        if isinstance(field, forms.ModelChoiceField):
            return str(value)
        if isinstance(field, forms.ChoiceField):
            labels = {str(key): label for key, label in field.choices}
            chosen = value if isinstance(value, list | tuple) else [value]
            return ", ".join(str(labels.get(str(item), item)) for item in chosen)
        if isinstance(value, datetime.date):
            return f"{field.label}: {date_format(value)}"
        if hasattr(value, "label"):  # a place (network.places.Location)
            return str(value.label)
        return f"{field.label}: {value}"

    @property
    def more_fields(self) -> list:
        """The bound fields under "More filters", each knowing whether it is horizontal."""
        fields = []
        for name in self.more_filters:
            field = self[name]
            field.horizontal = name in self.horizontal_filters
            fields.append(field)
        return fields

    @property
    def more_filters_open(self) -> bool:
        return self.is_bound and any(
            self.data.get(name) or name in self.errors for name in self.more_filters
        )


class RowChoiceIterator(forms.models.ModelChoiceIterator):
    """The options from one ``values()`` query of the columns the label needs; for a
    whole table (no filter), kept per data version (``kept_per_version``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        model = self.queryset.model
        key = self.field.to_field_name or "pk"
        rows = self.queryset.values(key, *model.choice_fields)
        query = self.queryset.query
        if not query.where and not query.is_sliced:
            cache_key = ("choices", model._meta.label, key, model.choice_fields, query.order_by)
            rows = kept_per_version(cache_key, lambda: list(rows))
        for row in rows:
            yield (row[key], model.choice_label(row))


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for long lists (districts, Sozialräume, languages) whose options
    are rendered without a model instance each. The model names the columns its label
    needs (``choice_fields``) and builds the label from them (``choice_label``), the same
    text as ``str()``. Choosing still yields the model instance."""

    iterator = RowChoiceIterator


def _values(data, name: str) -> list:
    """Every value of ``name`` in a QueryDict or a plain dict."""
    return data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]


class KernFormMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kern_choice_widgets(self)


class IsoWeekField(forms.Field):
    """An ISO week such as ``2026-W48``, cleaned into the date of its Monday.

    ``min_value`` and ``max_value`` (Mondays) bound it: a page that links to the week
    before and after never has to compute a date beyond the calendar's ends.
    """

    default_error_messages = {
        "invalid": _("Please give the week as year and week number, e.g. 2026-W48."),
        "out_of_range": _("We can show the weeks from %(first)s to %(last)s."),
    }

    def __init__(self, *, min_value: datetime.date, max_value: datetime.date, **kwargs) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value: str | None) -> datetime.date | None:
        if value in self.empty_values:
            return None
        year, separator, week = str(value).strip().partition("-W")
        try:
            if not separator or len(year) != 4 or len(week) > 2:
                raise ValueError(value)
            return datetime.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None and not self.min_value <= value <= self.max_value:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={
                    "first": date_format(self.min_value),
                    "last": date_format(self.max_value + datetime.timedelta(days=6)),
                },
            )
