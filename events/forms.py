from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import kern_choice_widgets
from events.models import Event, Forum, TargetGroup
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


class ParticipantForm(forms.Form):
    """The sign-up for an event: who, from where, in which role, which forums, and what
    the day needs to work for them. ``website`` is a trap for robots (hidden from people)."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send the confirmation and your personal link here.")
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("e.g. district office, operator, centre"),
    )
    function = forms.ModelChoiceField(
        label=_("Your function"),
        queryset=TargetGroup.objects.none(),
        required=False,
        empty_label=_("– please choose –"),
    )
    first_choice = forms.ModelChoiceField(
        label=_("Forum: first choice"), queryset=Forum.objects.none(), widget=forms.RadioSelect
    )
    second_choice = forms.ModelChoiceField(
        label=_("Forum: second choice"),
        queryset=Forum.objects.none(),
        required=False,
        empty_label=_("– no second choice –"),
        help_text=_("If your first choice is full, you get a place here."),
    )
    note = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("e.g. step-free access, sign language interpreting, induction loop"),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=200,
        required=False,
        help_text=_("e.g. vegetarian, vegan, allergies"),
    )
    invoice_address = forms.CharField(
        label=_("Invoice address"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are processed for this event."),
        error_messages={"required": _("Please agree, so that we can process your sign-up.")},
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        groups = event.target_groups.all()
        self.fields["function"].queryset = groups if groups else TargetGroup.objects.all()
        forums = event.forums.exclude(capacity=None)
        if forums:
            self.fields["first_choice"].queryset = forums
            self.fields["second_choice"].queryset = forums
        else:
            del self.fields["first_choice"], self.fields["second_choice"]
        if event.fee is None:
            del self.fields["invoice_address"]
        else:
            self.fields["invoice_address"].required = True
        kern_choice_widgets(self)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("website"):  # the trap field, hidden from people, was filled in
            raise forms.ValidationError(_("Your sign-up could not be saved."), code="robot")
        return data
