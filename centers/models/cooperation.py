"""A centre's cooperations with the partners of its local network."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center
from network.models import Partner


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
    topics = models.CharField(
        _("topics"),
        max_length=300,
        blank=True,
        help_text=_("What the cooperation is about, e.g. 'midwife consultation, baby massage'."),
    )

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["center", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "partner"], name="centers_cooperation_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center} – {self.partner}"
