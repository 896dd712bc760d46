from django import forms
from django.utils.translation import gettext_lazy as _

from network.geo import coordinate, postcode_point
from network.models import Located


class LocatedFormMixin(forms.ModelForm):
    """Fills latitude/longitude from the postcode unless someone set them by hand.

    - both empty: the centre of the postcode area is used;
    - both entered or changed by hand: kept, and marked as exact;
    - postcode changed while the coordinates came from the old postcode: re-derived.
    """

    def clean(self):
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(
                _("Enter both latitude and longitude, or leave both empty."), code="half_point"
            )
        if not postcode:
            return cleaned
        typed_by_hand = latitude is not None and (
            "latitude" in self.changed_data or "longitude" in self.changed_data
        )
        derived_before = self.instance.location_precision == Located.Precision.POSTCODE
        if typed_by_hand:
            self.instance.location_precision = Located.Precision.EXACT
        elif latitude is None or ("postcode" in self.changed_data and derived_before):
            point = postcode_point(postcode)
            if point is None:
                self.add_error(
                    "postcode",
                    _(
                        "We cannot find the postcode %(postcode)s. Please check it, "
                        "or enter the coordinates by hand."
                    )
                    % {"postcode": postcode},
                )
                return cleaned
            cleaned["latitude"] = self.instance.latitude = coordinate(point.latitude)
            cleaned["longitude"] = self.instance.longitude = coordinate(point.longitude)
            self.instance.location_precision = Located.Precision.POSTCODE
        return cleaned
