"""The period chooser of the statistics pages (GET: ``?jahr=2026&quartal=3``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offers.statistics import QUARTERS, Period

FIRST_YEAR = 2019  # the Thuringian programme's first centres


class PeriodForm(forms.Form):
    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    quartal = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("whole year")),
            *QUARTERS.items(),
        ],
    )

    def __init__(self, data=None, **kwargs) -> None:
        today = timezone.localdate()
        if not data or "jahr" not in data:
            # Nothing chosen yet: the current year.
            data = {"jahr": today.year, "quartal": (data or {}).get("quartal", "")}
        super().__init__(data, **kwargs)
        self.fields["jahr"].choices = [
            (year, str(year)) for year in range(today.year + 1, FIRST_YEAR - 1, -1)
        ]

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["jahr"], self.cleaned_data["quartal"])
