"""The forms of partner proposals: the partner's proposal, the centre's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common import dates
from common.forms import KernFormMixin
from network.models import Language
from offers.models import (
    PROPOSAL_FIELDS,
    PROPOSAL_M2M,
    Audience,
    Category,
    Occurrence,
    Offer,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
)
from offers.services.proposal_dates import proposal_cancellable, proposal_rules

KEEP = "keep"
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _DateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Occurrence) -> str:
        return f"{dates.short_day(obj.start)}, {dates.time_span(obj.start, obj.end)}"


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

    def __init__(self, *args, is_new: bool = True, offer: Offer | None = None, **kwargs) -> None:
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
        self.rules = proposal_rules(offer) if offer is not None else []
        self.rule_fields: list[tuple[str, str]] = []
        self.cancel_fields: list[str] = []
        if offer is not None:
            self._rule_fields_add()
            self._cancel_fields_add(offer)

    def _rule_fields_add(self) -> None:
        """Per rule of the offer: keep it, replace it with the new dates, or end it."""
        chosen = {}
        if self.instance.pk:
            chosen = {c.schedule_id: c for c in self.instance.schedule_changes.all()}
        for rule in self.rules:
            name = f"rule_{rule.pk}"
            change = chosen.get(rule.pk)
            self.fields[name] = forms.ChoiceField(
                label=_("Rule: %(rule)s") % {"rule": rule},
                choices=[
                    (KEEP, _("keep it")),
                    (
                        ProposalScheduleChange.Action.REPLACE,
                        _(
                            "replace it with the new dates above (it ends the day before "
                            "their first date)"
                        ),
                    ),
                    (ProposalScheduleChange.Action.END, _("end it on the date below")),
                ],
                initial=change.action if change else KEEP,
                required=False,  # not sent: kept
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            )
            self.fields[f"{name}_ends_on"] = forms.DateField(
                label=_("Last date of this rule"),
                required=False,
                help_text=_("Only when it ends on a date."),
                initial=change.ends_on if change and change.action == "end" else None,
                widget=_DATE,
            )
            self.rule_fields.append((name, f"{name}_ends_on"))

    def _cancel_fields_add(self, offer: Offer) -> None:
        """The offer's next dates to cancel, with the reason families read."""
        pks = proposal_cancellable(offer)
        cancels = list(self.instance.date_cancels.all()) if self.instance.pk else []
        pks += [c.occurrence_id for c in cancels if c.occurrence_id and c.occurrence_id not in pks]
        if not pks:
            return
        self.fields["cancel_dates"] = _DateChoiceField(
            label=_("Cancel these dates"),
            queryset=Occurrence.objects.filter(pk__in=pks).order_by("start"),
            required=False,
            initial=[c.occurrence_id for c in cancels],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
            help_text=_("The offer's next dates. The centre cancels them when it approves."),
        )
        self.fields["cancel_reason"] = forms.CharField(
            label=_("Reason for cancelling"),
            required=False,
            max_length=200,
            initial=cancels[0].reason if cancels else "",
            help_text=_("Families read it with the dates, e.g. 'illness'."),
        )
        self.cancel_fields = ["cancel_dates", "cancel_reason"]

    def clean(self) -> dict:
        cleaned = super().clean()
        for rule, (choice, ends_on) in zip(self.rules, self.rule_fields, strict=True):
            if cleaned.get(choice) == ProposalScheduleChange.Action.END and not cleaned.get(
                ends_on
            ):
                named = _("Rule “%(rule)s”") % {"rule": rule}
                self.add_error(
                    ends_on, _("%(rule)s: please enter its last date.") % {"rule": named}
                )
        if cleaned.get("cancel_dates") and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error(
                "cancel_reason", _("Please give a reason, e.g. 'illness' – families will read it.")
            )
        return cleaned

    def m2m(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[name]) for name in PROPOSAL_M2M}

    def schedule_changes(self) -> list[ProposalScheduleChange]:
        """What the partner chose for each rule it does not keep (unsaved)."""
        changes = []
        for rule, (choice, ends_on) in zip(self.rules, self.rule_fields, strict=True):
            action = self.cleaned_data.get(choice)
            if action and action != KEEP:
                changes.append(
                    ProposalScheduleChange(
                        schedule=rule,
                        action=action,
                        ends_on=self.cleaned_data.get(ends_on)
                        if action == ProposalScheduleChange.Action.END
                        else None,
                    )
                )
        return changes

    def date_cancels(self) -> list[ProposalDateCancel]:
        """The dates the partner cancels, each with the reason (unsaved)."""
        reason = self.cleaned_data.get("cancel_reason", "")
        return [
            ProposalDateCancel(occurrence=occurrence, starts_at=occurrence.start, reason=reason)
            for occurrence in self.cleaned_data.get("cancel_dates", [])
        ]

    @property
    def offer_fields(self) -> list:
        """The offer's fields and the new dates (the rules and cancellations follow)."""
        extra = {name for pair in self.rule_fields for name in pair} | set(self.cancel_fields)
        return [field for field in self.visible_fields() if field.name not in extra]

    @property
    def rule_choices(self) -> list:
        return [(self[choice], self[ends_on]) for choice, ends_on in self.rule_fields]


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
