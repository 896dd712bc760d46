from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import SearchForm, choice_error
from network.geo import coordinate, postcode_point
from network.models import Located
from network.places import Location, location_resolve

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]


class LocationField(forms.CharField):
    """A postcode or place name, cleaned into a ``Location`` (or an error in plain words)."""

    default_error_messages = {
        "unknown": _(
            "We could not find “%(value)s”. Please enter a five-digit postcode "
            "(e.g. 07743) or the name of a town."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def clean(self, value: str) -> Location | None:
        text = super().clean(value)
        if not text:
            return None
        location = location_resolve(text)
        if location is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return location


class NearForm(SearchForm):
    """The first two fields of every "near me" search: "Postleitzahl oder Ort" and
    "Umkreis". The list's own filters follow them."""

    plz = LocationField(
        label=_("Postcode or town"), help_text=_("e.g. 07743 or Jena"), required=False
    )
    umkreis = forms.TypedChoiceField(
        label=_("Distance"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        initial=settings.THEKIZ_DEFAULT_RADIUS_KM,
        error_messages=choice_error(_("Please choose one of the distances in the list.")),
    )

    defaults = {"umkreis": str(settings.THEKIZ_DEFAULT_RADIUS_KM)}

    @property
    def location(self) -> Location | None:
        """The place searched from, if one was given and found."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("plz")

    @property
    def radius(self) -> int:
        if not self.is_bound:
            return settings.THEKIZ_DEFAULT_RADIUS_KM
        self.is_valid()
        return self.cleaned_data.get("umkreis") or settings.THEKIZ_DEFAULT_RADIUS_KM


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
