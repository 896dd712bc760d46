"""Events for professionals: Fachtage, regional network meetings and trainings, with their
target groups, programme and forums (workshops)."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centers.models import Center
from common.i18n import TwoLanguageName
from network.geo import directions_url, map_url
from network.models import postcode_validator
from registrations.models import Capacity, Registration


class TargetGroup(TwoLanguageName):
    """Whom an event is for: decision makers, planners, specialist advisers, centre leads
    (the Fachtag's list; curated in the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position", "name_de"]


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(status=Event.Status.PUBLISHED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> "EventQuerySet":
        """Published events; the office (who may change events) also previews drafts."""
        if user.is_authenticated and user.has_perm("events.change_event"):
            return self
        return self.published()

    def upcoming(self, now: datetime.datetime) -> "EventQuerySet":
        return self.filter(ends__gte=now).order_by("starts", "pk")

    def past(self, now: datetime.datetime) -> "EventQuerySet":
        return self.filter(ends__lt=now).order_by("-starts", "-pk")


class Event(models.Model):
    """A network event for professionals, hosted by the coordination office or a centre."""

    class Kind(models.TextChoices):
        FACHTAG = "fachtag", pgettext_lazy("event kind", "Specialist conference")
        REGIONAL_MEETING = "regional_meeting", _("Regional network meeting")
        TRAINING = "training", pgettext_lazy("event kind", "Training")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FACHTAG)
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("hosting centre"),
        help_text=_("Leave empty when the coordination office hosts the event."),
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the list.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    guiding_questions = models.TextField(
        _("guiding questions"), blank=True, help_text=_("One question per line.")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="events", blank=True, verbose_name=_("target groups")
    )
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    fee = models.DecimalField(
        _("fee (EUR)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when the event is free of charge."),
    )
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many people can sign up on the portal. Empty: no sign-up here."),
    )
    capacity = models.OneToOneField(
        Capacity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="event",
        verbose_name=_("places"),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Invented for the demo; marked as such on the page.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(fee__isnull=True) | models.Q(fee__gte=0),
                name="events_event_fee_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(online=True) | ~models.Q(city=""),
                name="events_event_has_a_place",
            ),
        ]
        indexes = [
            # The list of published events, upcoming and past, by their start.
            models.Index(fields=["status", "starts"], name="events_event_status_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.slug])

    @property
    def takes_sign_ups(self) -> bool:
        return self.capacity_id is not None and self.places is not None and not self.is_past

    @property
    def is_past(self) -> bool:
        return self.ends < timezone.now()

    @property
    def one_day(self) -> bool:
        return timezone.localdate(self.starts) == timezone.localdate(self.ends)

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self.guiding_questions.splitlines() if line.strip()]

    @property
    def place_lines(self) -> list[str]:
        lines = [self.venue_name, self.street, f"{self.postcode} {self.city}"]
        return [line for line in lines if line.strip()]

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return map_url(self.latitude, self.longitude)

    @property
    def directions_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return directions_url(self.latitude, self.longitude)


class ProgrammeItem(models.Model):
    """One point of an event's programme: a talk, a break, the forums."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme", verbose_name=_("event")
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="events_programmeitem_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_time:%H:%M} {self.title}"


class Forum(models.Model):
    """A forum or workshop within an event, with its own number of places."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="forums", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("hosted by"), max_length=300, blank=True)
    places = models.PositiveIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people can take part."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    capacity = models.OneToOneField(
        Capacity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="forum",
        verbose_name=_("places"),
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "title"], name="events_forum_unique_title"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="events_forum_places"),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """What a conference asks beyond the sign-up itself: organisation, function, the forum
    choices and the forum assigned, dietary needs and, where a fee applies, the invoice
    address. Name, e-mail and accessibility needs (the note) live in the sign-up."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="participants", verbose_name=_("event")
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="participant",
        verbose_name=_("registration"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    function = models.ForeignKey(
        TargetGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("function"),
    )
    first_choice = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first choice"),
    )
    second_choice = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second choice"),
    )
    forum_registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_participant",
        verbose_name=_("forum place"),
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    invoice_address = models.TextField(_("invoice address"), blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "registration__created_at", "pk"]

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def forum(self) -> Forum | None:
        """The forum assigned (or waited for), by its sign-up."""
        registration = self.forum_registration
        if registration is None or not registration.is_active:
            return None
        return getattr(registration.capacity, "forum", None)
