"""Forms of the calendar import: a file, or the address of a calendar to subscribe to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.uploads import upload_size_check
from offers.calendar_import import MAX_BYTES


class CalendarFileForm(forms.Form):
    calendar_file = forms.FileField(
        label=_("Calendar file (.ics)"),
        help_text=_("Export it from your calendar program (at most 2 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
        error_messages={"required": _("Please choose a calendar file.")},
    )

    def clean_calendar_file(self) -> bytes:
        upload = self.cleaned_data["calendar_file"]
        upload_size_check(upload, MAX_BYTES)
        return upload.read()


class CalendarUrlForm(forms.Form):
    url = forms.URLField(
        label=_("Address of the calendar"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The https address under which your calendar program publishes the calendar "
            "(e.g. “public address in iCal format”). It is imported again every night."
        ),
        error_messages={"required": _("Please enter the address of the calendar.")},
    )
