"""Forms for dates: the schedule editor, extra, cancelled, moved and noted dates, closures."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import KernFormMixin
from offers.models import Closure, Offer, Schedule
from offers.weekdays import WEEKDAY_ABBRS, WEEKDAY_CODES, WEEKDAY_NAMES
from staff.forms.base import DateInput, TimeInput


class ScheduleForm(KernFormMixin, forms.ModelForm):
    """The schedule editor: fields laid out as a sentence ("jeden Dienstag, 9:30–11:00 …")."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    weekday_set = forms.MultipleChoiceField(
        label=_("on"),
        choices=WEEKDAY_ABBRS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    month_weekday = forms.ChoiceField(label=_("weekday"), choices=WEEKDAY_NAMES, required=False)
    end = forms.ChoiceField(
        label=_("ends"),
        choices=[
            ("open", _("no end")),
            ("until", _("on a date")),
            ("count", _("after a number of dates")),
        ],
        widget=forms.RadioSelect,
        initial="open",
    )

    class Meta:
        model = Schedule
        fields = [
            "frequency",
            "interval",
            "month_week",
            "start_time",
            "end_time",
            "start_date",
            "until",
            "count",
        ]
        widgets = {
            "frequency": forms.RadioSelect,
            "start_date": DateInput,
            "until": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
        }
        labels = {
            "frequency": _("How often?"),
            "interval": _("every … weeks or months"),
            "month_week": _("in the month, on the"),
            "start_time": _("from"),
            "end_time": _("until"),
            "start_date": _("first date"),
            "until": _("last date"),
            "count": _("number of dates"),
        }

    def __init__(self, *args, offer: Offer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["version"].initial = offer.version
        self.fields["frequency"].choices = Schedule.Frequency.choices
        self.fields["interval"].help_text = _("1 = every week (month), 2 = every second …")
        schedule = self.instance
        if schedule.pk:
            codes = schedule.weekday_list
            self.fields["weekday_set"].initial = codes
            self.fields["month_weekday"].initial = codes[0] if codes else "TU"
            self.fields["end"].initial = (
                "until" if schedule.until else "count" if schedule.count else "open"
            )
        elif not self.is_bound:
            self.fields["start_date"].initial = timezone.localdate()
            self.fields["month_week"].initial = 1
        for name in ("until", "count"):
            self.fields[name].required = False

    def clean(self):
        """Read the sentence into the rule's fields: what the chosen frequency and end do
        not use is emptied, so a hidden part of the form never reaches the rule. Whether
        the rule can work is the service's check (offers.services.schedule_check)."""
        cleaned = super().clean()
        if cleaned.get("interval") is not None and cleaned["interval"] < 1:
            self.add_error("interval", _("The interval must be at least 1."))
        frequency = cleaned.get("frequency")
        if frequency == Schedule.Frequency.WEEKLY:
            days = cleaned.get("weekday_set") or []
            if not days:
                self.add_error("weekday_set", _("Please choose at least one weekday."))
            cleaned["weekdays"] = ",".join(code for code in WEEKDAY_CODES if code in days)
            cleaned["month_week"] = None
        elif frequency == Schedule.Frequency.MONTHLY:
            cleaned["weekdays"] = cleaned.get("month_weekday") or ""
            if not cleaned.get("month_week"):
                self.add_error("month_week", _("Please choose the week of the month."))
        else:
            cleaned.update(weekdays="", month_week=None, interval=1)
        end = cleaned.get("end") or "open"
        if frequency == Schedule.Frequency.ONCE or end == "open":
            cleaned.update(until=None, count=None)
        elif end == "until":
            cleaned["count"] = None
            if not cleaned.get("until"):
                self.add_error("until", _("Please enter the last date."))
        else:
            cleaned["until"] = None
            if not cleaned.get("count"):
                self.add_error("count", _("Please enter the number of dates."))
        return cleaned

    def _post_clean(self) -> None:
        # The weekdays are no field of the form (they come from the day boxes or the
        # month's day), so Django does not copy them onto the rule with the others.
        self.instance.weekdays = self.cleaned_data.get("weekdays", "")
        super()._post_clean()


class ExtraDateForm(KernFormMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("from"), widget=TimeInput)
    end_time = forms.TimeField(label=_("until"), widget=TimeInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return cleaned


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Families read it, e.g. 'illness in the team'."),
    )


class MoveForm(ExtraDateForm):
    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("A date cannot be moved into the past."))
        return day


class NoteForm(KernFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note for families"),
        max_length=200,
        required=False,
        help_text=_("e.g. 'this time in the garden'. Leave empty to remove the note."),
    )


class ClosureForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["title", "start_date", "end_date"]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last and last < first:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        if last and last < timezone.localdate():
            self.add_error("end_date", _("A closure in the past changes nothing."))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own checks need the centre, which the view sets on the instance.
        if not self.errors:
            super()._post_clean()
