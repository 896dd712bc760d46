"""When an offer takes place: its schedules (rules) and the materialised dates."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offers.holidays import public_holiday, school_holiday
from offers.models.closure import Closure
from offers.models.offer import Offer
from offers.recurrence import schedule_describe
from registrations.models import Capacity


# Choices that the model's constraints name: at module level, as its Meta cannot see
# names inside the model class.
class ScheduleFrequency(models.TextChoices):
    ONCE = "once", _("once")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")


class ScheduleMonthWeek(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class Schedule(models.Model):
    """A rule or a single date. Stored as structured fields, exported as RFC 5545 RRULE."""

    Frequency = ScheduleFrequency
    MonthWeek = ScheduleMonthWeek

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("offer")
    )
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, help_text=_("1 = every week/month, 2 = every second …")
    )
    weekdays = models.CharField(
        _("weekdays"),
        max_length=20,
        blank=True,
        help_text=_("RFC 5545 day codes separated by commas, e.g. TU,TH."),
    )
    month_week = models.SmallIntegerField(
        _("week of the month"), choices=MonthWeek.choices, null=True, blank=True
    )
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of dates"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["offer", "start_date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="offers_schedule_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(interval__gte=1),
                name="offers_schedule_interval_positive",
                violation_error_message=_("The interval must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(count__isnull=True),
                name="offers_schedule_until_or_count",
                violation_error_message=_(
                    "Give either a last date or a number of dates, not both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(count__isnull=True) | models.Q(count__gte=1),
                name="offers_schedule_count_positive",
                violation_error_message=_("The number of dates must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("start_date")),
                name="offers_schedule_until_after_start",
                violation_error_message=_("The last date cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=~models.Q(frequency=ScheduleFrequency.WEEKLY) | ~models.Q(weekdays=""),
                name="offers_schedule_weekly_has_weekdays",
                violation_error_message=_("Please choose at least one weekday."),
            ),
            models.CheckConstraint(
                condition=~models.Q(frequency=ScheduleFrequency.MONTHLY)
                | (models.Q(month_week__in=ScheduleMonthWeek.values) & ~models.Q(weekdays="")),
                name="offers_schedule_monthly_has_position",
                violation_error_message=_("Please choose the weekday and its week in the month."),
            ),
        ]

    def __str__(self) -> str:
        return schedule_describe(self)

    @property
    def weekday_list(self) -> list[str]:
        return [code for code in self.weekdays.split(",") if code]


class OccurrenceQuerySet(models.QuerySet):
    def published(self) -> "OccurrenceQuerySet":
        return self.filter(offer__status=Offer.Status.PUBLISHED).filter(
            models.Q(offer__center__isnull=True) | models.Q(offer__center__is_active=True)
        )

    def upcoming(self, now: datetime.datetime | None = None) -> "OccurrenceQuerySet":
        """Dates that have not ended yet."""
        return self.filter(end__gt=now or timezone.now())


class Occurrence(models.Model):
    """One dated session of an offer (Termin), materialised from a schedule.

    A date is identified by its offer and its planned day and start time, not by the rule
    that gives it: a rule can be deleted and created again (or two rules can give the same
    session), and what people did to the date (cancelled, moved, a note) stays with it.
    """

    class OffReason(models.TextChoices):
        NONE = "", _("takes place")
        HOLIDAY = "holiday", _("public holiday")
        SCHOOL_HOLIDAYS = "school_holidays", _("school holidays")
        CLOSURE = "closure", _("the centre is closed")

    # No index of its own: the (offer, start) index below serves every lookup by offer,
    # and a second one on offer alone tempts PostgreSQL to read all of an offer's dates.
    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        related_name="occurrences",
        db_index=False,
        verbose_name=_("offer"),
    )
    schedule = models.ForeignKey(
        Schedule,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        null=True,
        blank=True,
        verbose_name=_("schedule"),
    )
    original_date = models.DateField(
        _("planned date"), help_text=_("The date the schedule gives; stays when a date is moved.")
    )
    original_time = models.TimeField(
        _("planned time"),
        help_text=_("The start time the schedule gives; stays when a date is moved."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    moved = models.BooleanField(_("moved"), default=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    off_reason = models.CharField(
        _("does not take place because of"),
        max_length=20,
        choices=OffReason.choices,
        default=OffReason.NONE,
        blank=True,
    )
    closure = models.ForeignKey(
        Closure,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        null=True,
        blank=True,
        verbose_name=_("closure"),
    )
    detached = models.BooleanField(
        _("no longer in the schedule"),
        default=False,
        help_text=_(
            "No rule gives this date any more, but it was kept because someone worked on it. "
            "A rule that gives its day again takes it over."
        ),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. 'this time in the garden'")
    )
    capacity = models.OneToOneField(
        Capacity,
        on_delete=models.PROTECT,
        related_name="occurrence",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("places"),
        help_text=_("Sign-ups for this date (offers with registration for each date)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="offers_occurrence_ends_after_it_starts",
            ),
            # One date per planned session: a rule created again finds the dates (and
            # their cancellations, moves and notes) it gave before.
            models.UniqueConstraint(
                fields=["offer", "original_date", "original_time"],
                name="offers_occurrence_one_per_offer_and_planned_start",
            ),
            models.UniqueConstraint(
                fields=["schedule", "original_date"],
                name="offers_occurrence_one_per_schedule_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(detached=False) | models.Q(schedule__isnull=True),
                name="offers_occurrence_detached_has_no_schedule",
            ),
        ]
        indexes = [
            # Offer search: upcoming dates of all offers in a period, in the list's order
            # (start, id): the first page is read off the index even when thousands of
            # dates start at the same time. With the offer and the end (upcoming means
            # "end > now"), a search's count and its nearest-first page read the index
            # alone, no table rows (columns, not INCLUDE: SQLite has no INCLUDE).
            models.Index(
                fields=["start", "id", "offer", "end"], name="offers_occurrence_start_cover"
            ),
            # Offer page and re-expansion: one offer's dates by time. The search reads the
            # dates of a few hundred offers through it, from the index alone (near Jena by
            # distance: national set on PostgreSQL 95 → 5 ms, its count on SQLite 5.2 →
            # 0.3 ms).
            models.Index(
                fields=["offer", "start", "end", "id"], name="offers_occurrence_offer_cover"
            ),
            # District profiles and their comparison: the dates that take place in a period
            # with their offers, read off the index alone (no table rows).
            models.Index(
                fields=["start", "offer"],
                name="offers_occurrence_taking_place",
                condition=models.Q(cancelled=False, detached=False, off_reason=""),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.offer} – {local:%d.%m.%Y %H:%M}"

    @property
    def takes_place(self) -> bool:
        return not (self.cancelled or self.off_reason or self.detached)

    @property
    def has_state(self) -> bool:
        """Something a person did (cancelled, moved, a note): a re-expansion keeps it."""
        return self.cancelled or self.moved or bool(self.note)

    @property
    def local_date(self) -> datetime.date:
        return timezone.localtime(self.start).date()

    @property
    def why_not(self) -> str:
        """Why the date does not take place, in the interface language ("" if it does)."""
        if self.cancelled:
            return self.cancel_reason
        if self.detached:
            return str(_("removed from the schedule"))
        return off_reason_label(
            self.off_reason, self.local_date, self.closure if self.closure_id else None
        )


def off_reason_label(reason: str, day: datetime.date, closure: Closure | None) -> str:
    """The name of why a day is off: the holiday, the school holidays, the closure."""
    if reason == Occurrence.OffReason.HOLIDAY:
        return public_holiday(day) or str(Occurrence.OffReason.HOLIDAY.label)
    if reason == Occurrence.OffReason.SCHOOL_HOLIDAYS:
        return school_holiday(day) or str(Occurrence.OffReason.SCHOOL_HOLIDAYS.label)
    if reason == Occurrence.OffReason.CLOSURE:
        return closure.title if closure else str(Occurrence.OffReason.CLOSURE.label)
    return ""


def horizon_end(today: datetime.date) -> datetime.date:
    """The last day that holds dates: they are materialised up to it (and no further)."""
    return today + datetime.timedelta(days=settings.THEKIZ_CALENDAR_HORIZON_DAYS)
