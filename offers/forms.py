import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.forms import IsoWeekField, KernFormMixin
from common.images import image_reencode
from network.geo import coordinate, postcode_point
from offers.models import Offer, horizon_end
from offers.selectors import week_bounds
from registrations.models import CapacityCounting

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


class SignUpSettingsMixin:
    """The sign-up settings of an offer may be left out of a form: they keep their
    defaults (everyone counts, sign-up until the start, 2 adults and 4 children per
    sign-up). The most per sign-up fit the places and let someone sign up."""

    SIGN_UP_DEFAULTS = {
        "registration_counting": "persons",
        "registration_closes_hours": 0,
        "registration_max_adults": 2,
        "registration_max_children": 4,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.SIGN_UP_DEFAULTS:
            if name in self.fields:
                self.fields[name].required = False

    def _or_default(self, name: str):
        value = self.cleaned_data.get(name)
        return self.SIGN_UP_DEFAULTS[name] if value in (None, "") else value

    def clean_registration_counting(self):
        return self._or_default("registration_counting")

    def clean_registration_closes_hours(self):
        return self._or_default("registration_closes_hours")

    def clean_registration_max_adults(self):
        return self._or_default("registration_max_adults")

    def clean_registration_max_children(self):
        return self._or_default("registration_max_children")

    def clean(self):
        cleaned = super().clean()
        adults = cleaned.get("registration_max_adults")
        children = cleaned.get("registration_max_children")
        if adults is None or children is None:
            return cleaned  # a field error already says what is wrong
        if adults == 0 and children == 0:
            self.add_error(
                "registration_max_children", _("Adults or children must be allowed to sign up.")
            )
            return cleaned
        places = cleaned.get("capacity")
        counting = cleaned.get("registration_counting")
        counted = {
            CapacityCounting.PERSONS: ["registration_max_adults", "registration_max_children"],
            CapacityCounting.CHILDREN: ["registration_max_children"],
        }.get(counting, [])
        for name in counted if places else []:
            if cleaned[name] > places:
                self.add_error(
                    name,
                    _("At most the number of places (%(places)s).") % {"places": places},
                )
        return cleaned


class OfferAdminForm(SignUpSettingsMixin, forms.ModelForm):
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


class SignUpForm(KernFormMixin, forms.Form):
    """A family signs up for a date or a course, without an account. The form only reads
    the input; ``offers.services.offer_sign_up`` checks places, deadline and duplicates."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    adults = forms.IntegerField(label=_("Adults"), min_value=0, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, initial=1)
    children_ages = forms.CharField(
        label=_("Age of the children"),
        max_length=100,
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("For the confirmation and your personal link to cancel."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (if you have no e-mail)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=300,
        required=False,
        help_text=_("e.g. a wheelchair, an interpreter, allergies. Please no health details."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(label="", required=True)
    # A field people never see (hidden), that form-filling robots fill in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(
        self,
        *args,
        max_adults: int,
        max_children: int,
        ages_wanted: bool,
        bare_in_years: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.bare_in_years = bare_in_years
        self.fields["adults"].max_value = max_adults
        self.fields["adults"].widget.attrs["max"] = max_adults
        self.fields["children"].max_value = max_children
        self.fields["children"].widget.attrs["max"] = max_children
        for name, most in (("adults", max_adults), ("children", max_children)):
            self.fields[name].validators.append(MaxValueValidator(most))
            if most == 0:
                del self.fields[name]
        if not ages_wanted or "children" not in self.fields:
            del self.fields["children_ages"]
        else:
            self.fields["children_ages"].help_text = (
                _('e.g. "8 months, 2 years". A number alone counts as years.')
                if bare_in_years
                else _('e.g. "8 months, 14 months". A number alone counts as months.')
            )
        privacy = reverse("pages:privacy") + "#anmeldungen"
        self.fields["consent"].label = _("I agree that my details are stored for this sign-up.")
        self.fields["consent"].help_text = format_html(
            '{} <a class="kern-link" href="{}">{}</a>',
            _("What is stored and when it is deleted:"),
            privacy,
            _("privacy"),
        )
        self.fields["consent"].error_messages["required"] = _(
            "Please agree to the processing of your data."
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Your sign-up could not be saved."), code="robot")
        if not self.errors and not (data.get("email") or data.get("phone", "").strip()):
            self.add_error("email", _("Please enter an e-mail address or a phone number."))
        return data
