"""A centre's cooperations with the partners of its local network."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center
from network.models import Partner


class CooperationQuerySet(models.QuerySet):
    def current(self) -> "CooperationQuerySet":
        """Not ended (an ended cooperation stays for the statistics, but is not shown)."""
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=timezone.localdate())
        )


class Cooperation(models.Model):
    """A center's working relationship with a local partner."""

    class Kind(models.TextChoices):
        AGREEMENT = "vereinbarung", _("written agreement")
        REGULAR = "regelmaessig", _("regular cooperation")
        OCCASIONAL = "gelegentlich", _("occasional cooperation")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="cooperations", verbose_name=_("centre")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="cooperations", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("Set when the cooperation has ended; it stays in the statistics."),
    )
    topics = models.CharField(
        _("topics"),
        max_length=300,
        blank=True,
        help_text=_("What the cooperation is about, e.g. 'midwife consultation, baby massage'."),
    )

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["center", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "partner"], name="centers_cooperation_unique_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(since__isnull=True)
                | models.Q(ended_on__gte=models.F("since")),
                name="centers_cooperation_ends_after_it_began",
                violation_error_message=_("A cooperation cannot end before it began."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center} – {self.partner}"

    @property
    def has_ended(self) -> bool:
        return self.ended_on is not None and self.ended_on <= timezone.localdate()
