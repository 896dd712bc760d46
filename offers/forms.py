from django import forms
from django.utils.translation import gettext_lazy as _

from network.geo import coordinate, postcode_point
from offers.models import Offer
from thekiz_portal.utils.images import image_reencode


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
