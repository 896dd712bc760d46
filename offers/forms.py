import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import IsoWeekField
from common.images import image_reencode
from network.geo import coordinate, postcode_point
from offers.models import Offer, horizon_end
from offers.selectors import week_bounds

SATURDAY = 5  # date.weekday()


class WeekForm(forms.Form):
    """``?woche=2026-W48`` of a centre's weekly programme: from a year back to the calendar
    horizon (no dates are planned beyond it). Anything else shows this week, or with
    ``weekend_next`` on a Saturday or Sunday the coming one (a notice board printed on the
    weekend is for the week ahead)."""

    woche = IsoWeekField(required=False, min_value=datetime.date.min, max_value=datetime.date.max)

    def __init__(self, data=None, *, today: datetime.date, weekend_next: bool = False) -> None:
        super().__init__(data)
        field = self.fields["woche"]
        field.min_value = week_bounds(today - (horizon_end(today) - today))[0]
        field.max_value = week_bounds(horizon_end(today))[0]
        self.this_week = week_bounds(today)[0]
        if weekend_next and today.weekday() >= SATURDAY:
            self.this_week += datetime.timedelta(days=7)

    @property
    def monday(self) -> datetime.date:
        """The Monday of the requested week, or of the week shown by default."""
        if self.is_valid() and self.cleaned_data["woche"]:
            return self.cleaned_data["woche"]
        return self.this_week

    def week_after(self, monday: datetime.date) -> datetime.date | None:
        following = monday + datetime.timedelta(days=7)
        return following if following <= self.fields["woche"].max_value else None

    def week_before(self, monday: datetime.date) -> datetime.date | None:
        previous = monday - datetime.timedelta(days=7)
        return previous if previous >= self.fields["woche"].min_value else None


class OfferAdminForm(forms.ModelForm):
    """The coordination office's offer form: image checked and re-encoded, and the
    coordinates of another address taken from its postcode."""

    image = forms.FileField(label=_("image"), required=False)

    class Meta:
        model = Offer
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets decide what is shown)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return image_reencode(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place") == Offer.PlaceKind.ADDRESS:
            postcode = cleaned.get("postcode")
            if not postcode:
                self.add_error("postcode", _("Please enter the postcode of the place."))
            elif cleaned.get("latitude") is None or "postcode" in self.changed_data:
                point = postcode_point(postcode)
                if point is None:
                    self.add_error(
                        "postcode",
                        _("We cannot find the postcode %(postcode)s.") % {"postcode": postcode},
                    )
                else:
                    cleaned["latitude"] = coordinate(point.latitude)
                    cleaned["longitude"] = coordinate(point.longitude)
        return cleaned
