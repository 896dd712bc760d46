"""A centre's calendar subscription: an https address the portal imports every night."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center


class CalendarSubscription(models.Model):
    """A calendar (an .ics address) whose events become the centre's offers.

    ``offers.calendar_import`` reads it nightly (``calendar_subscriptions_sync``); an
    import that fails changes nothing and is recorded in ``last_error``.
    """

    center = models.ForeignKey(
        Center,
        on_delete=models.CASCADE,
        related_name="calendar_subscriptions",
        verbose_name=_("centre"),
    )
    url = models.URLField(_("calendar address"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_synced_at = models.DateTimeField(_("last imported"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    last_error_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ["center", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "url"], name="offers_calendarsubscription_one_per_url"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center} – {self.url}"
