import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def kern_choice_widgets(form: forms.BaseForm) -> None:
    """Checkbox and radio groups render their options one by one (includes/_field.html),
    so their KERN class has to sit on the widget itself."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "kern-form-check__checkbox")
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "kern-form-check__radio")


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
