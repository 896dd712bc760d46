"""What changed, who changed it and when: visible to a centre's coordinator and the office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center


class ChangeRecord(models.Model):
    """One change made in the staff area or through a service (append-only)."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        CANCELLED = "cancelled", _("cancelled")
        RESTORED = "restored", _("took place again")
        MOVED = "moved", _("moved")
        INVITED = "invited", _("invited")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="changes", verbose_name=_("center")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # db_index above: the change list of a centre, newest first.
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject = models.CharField(
        _("what"), max_length=200, help_text=_("e.g. 'Offer: Krabbelgruppe'")
    )
    changes = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Changed fields with their old and new values."),
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Change list of a centre (staff area), newest first.
            models.Index(fields=["center", "-created_at"], name="centers_change_center_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
