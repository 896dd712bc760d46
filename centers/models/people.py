"""The people who work at centres, and how they are invited."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center


class MembershipQuerySet(models.QuerySet):
    def team(self) -> "MembershipQuerySet":
        """The centre's own staff and coordinators: a partner's person proposes offers
        but sees nothing of the centre's staff area, figures included."""
        return self.exclude(role=Membership.Role.PARTNER)


class Membership(models.Model):
    """A person who works at a center, with their role there."""

    class Role(models.TextChoices):
        STAFF = "staff", _("staff member")
        COORDINATOR = "coordinator", _("coordinator")
        # A partner's person: proposes offers and dates for the centre (Mein ThEKiZ:
        # "Vorschläge"), sees nothing else of the centre's staff area.
        PARTNER = "partner", _("partner")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    partner = models.ForeignKey(
        "network.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partner"),
        help_text=_("Only for the role partner: the partner the person works for."),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["center", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "center"], name="centers_membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role="partner", partner__isnull=False)
                | (~models.Q(role="partner") & models.Q(partner__isnull=True)),
                name="centers_membership_partner_with_role",
                violation_error_message=_("A partner's person needs the partner, nobody else."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.center} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Not yet answered and still valid (as long as the link to set a password)."""
        valid_from = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        return self.filter(accepted_at__isnull=True, created_at__gte=valid_from)


def _invited_user(related_name: str) -> models.ForeignKey:
    """The invited person's account (set when the invitation is sent)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("user"),
    )


class InvitationBase(models.Model):
    """What every invitation has: the person (an account from the moment of the
    invitation, without a usable password if they are new), who invited them, and when it
    was sent and accepted."""

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True


class Invitation(InvitationBase):
    """An invitation to work in the portal for a centre. The membership exists only once
    the person accepts: someone new by setting a password with the link in the e-mail
    (single use, valid for three days), someone with an account by accepting it in
    "Mein ThEKiZ"."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("centre")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    partner = models.ForeignKey(
        "network.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner"),
        help_text=_("Only for the role partner: the partner the person works for."),
    )
    user = _invited_user("invitations")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="partner", partner__isnull=False)
                | (~models.Q(role="partner") & models.Q(partner__isnull=True)),
                name="centers_invitation_partner_with_role",
                violation_error_message=_("A partner's person needs the partner, nobody else."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.center}"


class PlannerInvitation(InvitationBase):
    """An invitation of a municipal planner by the coordination office, for one or more
    districts. It is answered like a centre's invitation (a password set with the link, or
    "accept" in "Mein ThEKiZ"); accepting gives the person read-only access to these
    districts (``PlannerAccess``) and nothing else: no centre, no admin, no rights."""

    districts = models.ManyToManyField(
        "network.District",
        related_name="planner_invitations",
        verbose_name=_("districts"),
        help_text=_("The districts and cities whose figures the person may see."),
    )
    user = _invited_user("planner_invitations")

    class Meta:
        verbose_name = _("planner invitation")
        verbose_name_plural = _("planner invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({_('municipal planning')})"


class PlannerAccess(models.Model):
    """A municipal planner's read-only access to the statistics of one district.

    Planners (Jugendhilfe- and Sozialplaner) are invited by the coordination office for one
    or more districts; they see attendance and activity figures of the centres there and
    nothing else (another district's figures are a 404 for them).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="planner_access",
        verbose_name=_("user"),
    )
    district = models.ForeignKey(
        "network.District",
        on_delete=models.CASCADE,
        related_name="planner_access",
        verbose_name=_("district"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("planner access")
        verbose_name_plural = _("planner access")
        ordering = ["district", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district"], name="centers_planneraccess_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.district}"
