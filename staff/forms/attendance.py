"""The form of one date on the attendance page: adults, children, or "did not take place"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import KernFormMixin
from offers.services.attendance import COUNT_MAX


class AttendanceCountForm(KernFormMixin, forms.Form):
    """One date's counts. The prefix is the date's id, so that every row's fields have
    their own ids on the page."""

    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=COUNT_MAX, required=False)
    children = forms.IntegerField(
        label=_("Children"), min_value=0, max_value=COUNT_MAX, required=False
    )
    not_held = forms.BooleanField(label=_("Did not take place"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("adults", "children"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "size": 4})

    def clean(self) -> dict:
        data = super().clean()
        for name in ("adults", "children"):
            if name in data and data[name] is None:
                data[name] = 0  # an empty field: nobody of them came
        if data.get("not_held"):
            # The counts of a date that did not take place are zero, whatever was typed.
            for name in ("adults", "children"):
                self.errors.pop(name, None)
                data[name] = 0
        return data
