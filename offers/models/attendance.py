"""Who came to a date: counts only, never names.

For open offers staff type the counts after the date; for offers with registration the
check-in writes them (the sign-ups marked as having come, plus those who came without
signing up). Statistics for the network read this table alone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from offers.models.calendar import Occurrence


class Attendance(models.Model):
    """The counted attendance of one date, or that it did not take place after all."""

    class Source(models.TextChoices):
        COUNT = "count", _("counted by staff")
        CHECK_IN = "check_in", _("from the check-in of the sign-ups")

    occurrence = models.OneToOneField(
        Occurrence,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="attendance",
        verbose_name=_("date"),
    )
    took_place = models.BooleanField(
        _("took place"),
        default=True,
        help_text=_("Untick if the date did not take place after all (nobody came, illness)."),
    )
    adults = models.PositiveSmallIntegerField(_("adults"), default=0)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.COUNT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(took_place=True) | models.Q(adults=0, children=0),
                name="offers_attendance_none_when_not_held",
                violation_error_message=_("A date that did not take place has no participants."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.occurrence)

    @property
    def participants(self) -> int:
        return self.adults + self.children
