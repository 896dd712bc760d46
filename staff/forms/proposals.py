"""The forms of partner proposals: the partner's proposal, the centre's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import KernFormMixin
from network.models import Language
from offers.models import PROPOSAL_FIELDS, PROPOSAL_M2M, Audience, Category, Proposal


class ProposalForm(KernFormMixin, forms.ModelForm):
    """The offer's public fields and its dates, as a partner proposes them."""

    class Meta:
        model = Proposal
        fields = [
            *PROPOSAL_FIELDS[:3],
            "categories",
            "audiences",
            "age_min_months",
            "age_max_months",
            "languages",
            "cost",
            "cost_amount",
            "cost_note",
            "frequency",
            "start_date",
            "start_time",
            "end_time",
            "until",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "cost": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, is_new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.all()
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        choices = list(Proposal.Frequency.choices)
        if not is_new:
            choices = [("", _("no new dates")), *choices]
        self.fields["frequency"].choices = choices
        self.fields["frequency"].required = is_new
        self.fields["frequency"].help_text = _(
            "Weekly: on the weekday of the first date. The centre can refine the dates later."
        )

    def m2m(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[name]) for name in PROPOSAL_M2M}


class DecisionForm(KernFormMixin, forms.Form):
    """The centre's answer to a proposal."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve and publish")),
            ("changes", _("Ask for changes")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed to ask for changes (what to change) or to decline (the reason)."),
    )
