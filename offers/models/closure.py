"""Closures (Schließzeiten) of a centre: the days its offers do not take place.

They live with the offers because that is all they do: saving one marks the dates it
covers (``offers.services.closure_save``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center


class Closure(models.Model):
    """A period when a center is closed (Schließzeit): its offers do not take place."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="closures", verbose_name=_("centre")
    )
    title = models.CharField(
        _("reason"), max_length=120, help_text=_("Shown to families, e.g. 'summer closure'.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        # The table, its constraint and index keep the names from when closures lived
        # in the centres app.
        db_table = "centers_closure"
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["center", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="centers_closure_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]
        indexes = [
            # services.calendar: closures of a center that overlap the dates being expanded.
            models.Index(fields=["center", "start_date", "end_date"], name="centers_closure_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"
