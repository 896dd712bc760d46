"""The people who work at centres, and how they are invited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center


class Membership(models.Model):
    """A person who works at a center, with their role there."""

    class Role(models.TextChoices):
        STAFF = "staff", _("staff member")
        COORDINATOR = "coordinator", _("coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("center")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["center", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "center"], name="centers_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.center} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation to work in the portal for a centre; the link in its e-mail lets the
    person set a password (single use, valid for three days)."""

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("center")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.center}"
