"""The offer form of the staff area (the offer's own fields; its dates: forms.dates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from common.forms import KernFormMixin
from common.images import image_reencode
from network.geo import coordinate, postcode_point
from network.models import Language, Partner
from offers.forms import SignUpSettingsMixin
from offers.models import Audience, Category, Offer, OfferTranslation
from staff.forms.base import HeldImageMixin, TranslationFormMixin


class OfferForm(SignUpSettingsMixin, HeldImageMixin, KernFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Metadata such as GPS is removed."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "summary",
            "description",
            "categories",
            "audiences",
            "age_min_months",
            "age_max_months",
            "languages",
            "cost",
            "cost_amount",
            "cost_note",
            "registration",
            "capacity",
            "registration_counting",
            "registration_closes_hours",
            "registration_max_adults",
            "registration_max_children",
            "registration_info",
            "barrier_free",
            "pram_friendly",
            "childcare",
            "place",
            "place_name",
            "street",
            "postcode",
            "city",
            "online_url",
            "partner",
            "image",
            "image_alt",
            "contact_name",
            "contact_phone",
            "contact_email",
            "runs_on_holidays",
            "skip_school_holidays",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "cost": forms.RadioSelect,
            "registration": forms.RadioSelect,
            "registration_counting": forms.RadioSelect,
            "place": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, center: Center, owner: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.center = center
        self.owner = owner
        self.fields["categories"].queryset = Category.objects.all()
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["partner"].queryset = Partner.objects.filter(
            cooperations__center=center
        ).distinct()
        self.fields["partner"].help_text = _("Only partners your centre cooperates with.")
        self.fields["partner"].empty_label = _("– no partner –")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.instance.center = center
        self.instance.host = Offer.Host.CENTER

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return image_reencode(image)
        return self.held_image() or image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Please describe what the image shows."))
        if cleaned.get("place") == Offer.PlaceKind.ADDRESS:
            postcode = cleaned.get("postcode")
            point = postcode_point(postcode) if postcode else None
            if not postcode:
                self.add_error("postcode", _("Please enter the postcode of the place."))
            elif point is None:
                self.add_error(
                    "postcode",
                    _("We cannot find the postcode %(postcode)s.") % {"postcode": postcode},
                )
            else:
                self.instance.latitude = coordinate(point.latitude)
                self.instance.longitude = coordinate(point.longitude)
        else:
            self.instance.latitude = self.instance.longitude = None
        return cleaned

    def m2m(self) -> dict[str, list]:
        return {
            name: list(self.cleaned_data[name]) for name in ("categories", "audiences", "languages")
        }


class OfferTranslationForm(TranslationFormMixin, KernFormMixin, forms.ModelForm):
    """An offer's title, summary and description in a further language."""

    class Meta:
        model = OfferTranslation
        fields = ["translated_title", "translated_summary", "translated_description"]
        widgets = {
            "translated_summary": forms.Textarea(attrs={"rows": 2}),
            "translated_description": forms.Textarea(attrs={"rows": 8}),
        }
