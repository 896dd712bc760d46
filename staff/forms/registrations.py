"""Forms for the sign-up lists: a sign-up taken by phone, and who came."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import KernFormMixin
from registrations.models import Capacity, Registration


class PhoneSignUpForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, initial=0)
    children_ages = forms.CharField(
        label=_("Age of the children"),
        max_length=100,
        required=False,
        help_text=_('e.g. "8 months, 2 years". A number alone counts as years.'),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("If given, the person gets the confirmation and the personal link."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
    consent = forms.BooleanField(
        label=_("The person agrees that these details are stored for the sign-up."),
        required=True,
    )

    def __init__(self, *args, capacity: Capacity | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limits = capacity or Capacity()
        self.fields["adults"].max_value = limits.max_adults
        self.fields["children"].max_value = limits.max_children


class AttendanceForm(KernFormMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Came"), required=False, widget=forms.CheckboxSelectMultiple
    )
    walk_ins = forms.IntegerField(
        label=_("Came without signing up"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Only the number: people who came without a sign-up."),
    )

    def __init__(self, *args, confirmed: list[Registration], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), r.name or _("(name deleted)")) for r in confirmed
        ]
