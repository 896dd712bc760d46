"""A partner's proposal: a new offer at a centre, or a change (and more dates) to one of the
partner's published offers there. The centre's staff approve it (then it is published,
the centre stays the publisher), ask for changes or decline it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from network.models import Language, Partner
from offers.models.catalogue import Audience, Category
from offers.models.offer import MAX_AGE_MONTHS, Offer, OfferCost

# The offer's public fields a partner proposes (same names as on Offer).
PROPOSAL_FIELDS = (
    "title",
    "summary",
    "description",
    "age_min_months",
    "age_max_months",
    "cost",
    "cost_amount",
    "cost_note",
)
PROPOSAL_M2M = ("categories", "audiences", "languages")


class ProposalQuerySet(models.QuerySet):
    def for_partner_person(self, user) -> "ProposalQuerySet":
        """The proposals of the partners the person works for, at those centres."""
        from centers.models import Membership

        return self.filter(
            models.Exists(
                Membership.objects.filter(
                    user=user,
                    role=Membership.Role.PARTNER,
                    center=models.OuterRef("center"),
                    partner=models.OuterRef("partner"),
                )
            )
        )


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for review")
    CHANGES_REQUESTED = "changes", _("changes requested")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class Proposal(models.Model):
    Status = ProposalStatus

    class Frequency(models.TextChoices):
        ONCE = "once", _("once")
        WEEKLY = "weekly", _("weekly")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("centre")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("partner")
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("offer"),
        help_text=_("The offer the proposal changes; for a new offer, the one it became."),
    )
    is_new = models.BooleanField(_("new offer"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # The offer's public fields, as proposed.
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the search results.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, lists with -, links as [text](https://…)."),
    )
    categories = models.ManyToManyField(Category, blank=True, verbose_name=_("categories"))
    audiences = models.ManyToManyField(Audience, blank=True, verbose_name=_("audiences"))
    age_min_months = models.PositiveSmallIntegerField(
        _("children from (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("Leave empty if there is no lower limit."),
    )
    age_max_months = models.PositiveSmallIntegerField(
        _("children up to (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("Leave empty if there is no upper limit. 36 = three years."),
    )
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    cost = models.CharField(
        _("cost"), max_length=10, choices=OfferCost.choices, default=OfferCost.FREE
    )
    cost_amount = models.DecimalField(
        _("fee in euros"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_note = models.CharField(
        _("note on cost"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'reduced fee with the Thüringer Familienpass'"),
    )
    # The dates, as proposed (optional for a change): one date or every week.
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices, blank=True)
    start_date = models.DateField(_("first date"), null=True, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("Weekly only; empty: open-ended.")
    )
    # The centre's answer: what to change, or why it is declined.
    response = models.TextField(_("message from the centre"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The centre's list of proposals, open ones first (Mein ThEKiZ: Vorschläge).
            models.Index(fields=["center", "status"], name="offers_proposal_center_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost=OfferCost.AMOUNT, cost_amount__isnull=False)
                | ~models.Q(cost=OfferCost.AMOUNT),
                name="offers_proposal_fee_has_amount",
                violation_error_message=_("Please enter the fee in euros."),
            ),
            models.CheckConstraint(
                condition=models.Q(frequency="")
                | models.Q(
                    start_date__isnull=False, start_time__isnull=False, end_time__isnull=False
                ),
                name="offers_proposal_dates_complete",
                violation_error_message=_("Please enter the first date and the times."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner})"

    @property
    def is_open(self) -> bool:
        return self.status in (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED)


class ProposalScheduleAction(models.TextChoices):
    REPLACE = "replace", _("replace with the new dates")
    END = "end", _("end on a date")


class ProposalScheduleChange(models.Model):
    """What a change proposal does to one of the offer's rules (a rule it keeps has no
    row): replace it with the proposed dates (it ends the day before their first date),
    or end it on a date."""

    Action = ProposalScheduleAction

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="schedule_changes",
        verbose_name=_("proposal"),
    )
    # Kept when the rule is deleted meanwhile: approving then refuses the proposal.
    schedule = models.ForeignKey(
        "offers.Schedule",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rule"),
    )
    rule = models.CharField(_("rule as proposed"), max_length=300)
    rule_key = models.CharField(
        _("rule's settings when proposed"),
        max_length=200,
        help_text=_("A rule changed since is not changed by the proposal."),
    )
    action = models.CharField(_("change"), max_length=10, choices=ProposalScheduleAction.choices)
    ends_on = models.DateField(_("last date"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change of a rule")
        verbose_name_plural = _("proposed changes of rules")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action=ProposalScheduleAction.END)
                | models.Q(ends_on__isnull=False),
                name="offers_proposal_schedule_end_has_date",
                violation_error_message=_("Please enter the last date of the rule."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.get_action_display()}"


class ProposalDateCancel(models.Model):
    """A date of the offer that a change proposal cancels, with the reason families read."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="date_cancels",
        verbose_name=_("proposal"),
    )
    # Kept when the date is removed meanwhile: approving then refuses the proposal.
    occurrence = models.ForeignKey(
        "offers.Occurrence",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("date"),
    )
    starts_at = models.DateTimeField(_("start when proposed"))
    reason = models.CharField(_("reason for cancelling"), max_length=200)

    class Meta:
        verbose_name = _("proposed cancellation")
        verbose_name_plural = _("proposed cancellations")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%d.%m.%Y %H:%M}: {self.reason}"
