from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from network.geo import coordinate, postcode_point


class EventAdminForm(forms.ModelForm):
    """The office's event form: the venue's coordinates (for the directions link) come from
    its postcode (shown read-only); an event takes place somewhere or online."""

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets decide what is shown)
        widgets = {"target_groups": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The event must end after it starts."))
        postcode = cleaned.get("postcode")
        if not cleaned.get("online") and not cleaned.get("city"):
            self.add_error("city", _("Please enter the venue's town, or mark the event as online."))
        if not postcode:
            self.instance.latitude = self.instance.longitude = None
        elif (point := postcode_point(postcode)) is None:
            self.add_error(
                "postcode", _("We cannot find the postcode %(postcode)s.") % {"postcode": postcode}
            )
        else:
            self.instance.latitude = coordinate(point.latitude)
            self.instance.longitude = coordinate(point.longitude)
        return cleaned
