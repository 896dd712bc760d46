"""Forms for the centre's own pages: profile, opening hours, photos, cooperations, team."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centers.models import Center, CenterTranslation, Cooperation, Membership, OpeningHours
from common.forms import KernFormMixin
from network.models import Partner
from staff.forms.base import (
    PLEASE_CHOOSE,
    DateInput,
    HeldImageMixin,
    TimeInput,
    TranslationFormMixin,
)


class CenterProfileForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Center
        fields = [
            "summary",
            "description",
            "highlights",
            "phone",
            "email",
            "website",
            "languages",
            "step_free_access",
            "accessible_toilet",
            "pram_friendly",
            "baby_changing",
            "accessibility_note",
            "nearest_stop",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "highlights": forms.Textarea(attrs={"rows": 4}),
        }


class OpeningHoursForm(KernFormMixin, forms.Form):
    # An empty choice first: a blank row stays unchanged and is left out when saving.
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", PLEASE_CHOOSE), *OpeningHours.Weekday.choices],
        coerce=int,
    )
    opens = forms.TimeField(label=_("opens"), widget=TimeInput)
    closes = forms.TimeField(label=_("closes"), widget=TimeInput)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return cleaned


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=2, can_delete=True, max_num=21)


class PhotoForm(HeldImageMixin, KernFormMixin, forms.Form):
    # Required, but a photo kept from an earlier try counts (clean_image).
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Metadata such as GPS is removed."),
    )
    alt_text = forms.CharField(
        label=_("What does the photo show?"),
        max_length=250,
        help_text=_("For people who cannot see it, e.g. 'Children painting in the garden'."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)

    def __init__(self, *args, owner: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_image(self):
        image = self.cleaned_data.get("image") or self.held_image()
        if not image:
            raise ValidationError(self.fields["image"].error_messages["required"], code="required")
        return image


class CooperationForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Cooperation
        fields = ["partner", "kind", "since", "ended_on", "topics"]
        widgets = {"since": DateInput, "ended_on": DateInput}

    def __init__(self, *args, center: Center, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.center = center
        partners = Partner.objects.filter(is_active=True).order_by("name")
        taken = center.cooperations.exclude(pk=self.instance.pk).values("partner_id")
        self.fields["partner"].queryset = partners.exclude(pk__in=taken)
        self.fields["partner"].empty_label = PLEASE_CHOOSE
        self.fields["kind"].choices = [("", PLEASE_CHOOSE), *Cooperation.Kind.choices]


class InvitationForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        initial=Membership.Role.STAFF,
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_(
            "Only for the role partner: the partner the person works for. They may propose "
            "offers and dates for your centre and see nothing else of it."
        ),
    )

    def __init__(self, *args, center: Center, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The partners the centre works with now.
        self.fields["partner"].queryset = Partner.objects.filter(
            cooperations__center=center, cooperations__ended_on__isnull=True
        ).order_by("name")
        self.fields["partner"].empty_label = PLEASE_CHOOSE

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Membership.Role.PARTNER:
            if not cleaned.get("partner"):
                self.add_error("partner", _("Please choose the partner the person works for."))
        else:
            cleaned["partner"] = None
        return cleaned


class CenterTranslationForm(TranslationFormMixin, KernFormMixin, forms.ModelForm):
    """The centre's short description and description in a further language."""

    class Meta:
        model = CenterTranslation
        fields = ["translated_summary", "translated_description"]
        widgets = {
            "translated_summary": forms.Textarea(attrs={"rows": 2}),
            "translated_description": forms.Textarea(attrs={"rows": 8}),
        }
