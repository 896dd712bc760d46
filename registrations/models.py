"""Sign-ups (Anmeldungen) for something with limited places.

The core knows nothing of what is signed up for: an offer's date, a course, a forum of a
Fachtag. That layer owns a ``Capacity`` (one row per thing with places) and tells it when
it ends; people sign up against the capacity. The capacity row is the one that is locked,
so two sign-ups for the same places never both see a free place that only one can have.
"""

import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CapacityCounting(models.TextChoices):
    PERSONS = "persons", _("adults and children")
    CHILDREN = "children", _("children only")
    FAMILIES = "families", _("one place per sign-up")


class Capacity(models.Model):
    """The places of one date, one course or one forum: the row that sign-ups lock."""

    Counting = CapacityCounting

    label = models.CharField(
        _("for"),
        max_length=200,
        blank=True,
        help_text=_("What the places are for, e.g. an offer and its date (set by its owner)."),
    )
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    counting = models.CharField(
        _("what takes a place"),
        max_length=10,
        choices=Counting.choices,
        default=Counting.PERSONS,
    )
    max_adults = models.PositiveSmallIntegerField(
        _("adults per sign-up, at most"),
        default=2,
        help_text=_("0 = adults are not counted (e.g. a course for children)."),
    )
    max_children = models.PositiveSmallIntegerField(
        _("children per sign-up, at most"),
        default=4,
        help_text=_("0 = no children (e.g. an evening for parents)."),
    )
    deadline = models.DateTimeField(
        _("sign-up until"), null=True, blank=True, help_text=_("Empty: until it begins.")
    )
    starts_at = models.DateTimeField(
        _("begins"),
        null=True,
        blank=True,
        help_text=_("The start of the (first) date; the reminder goes out the day before."),
    )
    ends_at = models.DateTimeField(
        _("ends"),
        null=True,
        blank=True,
        help_text=_("The end of the last date; names are deleted some days after it."),
    )
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("No more sign-ups, e.g. the date was cancelled.")
    )
    closed_reason = models.CharField(_("why closed"), max_length=200, blank=True)
    walk_ins = models.PositiveSmallIntegerField(_("came without signing up"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("places")
        verbose_name_plural = _("places")
        ordering = ["ends_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places__gte=1),
                name="registrations_capacity_places_positive",
                violation_error_message=_("There must be at least one place."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_adults__gt=0) | models.Q(max_children__gt=0),
                name="registrations_capacity_someone_may_come",
                violation_error_message=_("Adults or children must be allowed to sign up."),
            ),
        ]
        indexes = [
            # Retention (registrations_purge): capacities that ended before the cut-off.
            models.Index(fields=["ends_at"], name="registrations_capacity_ends"),
        ]

    def __str__(self) -> str:
        return self.label or _("%(places)s places") % {"places": self.places}

    def places_for(self, adults: int, children: int) -> int:
        """How many places a sign-up with these counts takes, by the counting rule."""
        if self.counting == CapacityCounting.CHILDREN:
            return children
        if self.counting == CapacityCounting.FAMILIES:
            return 1
        return adults + children


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=ACTIVE)

    def waiting_in_order(self) -> "RegistrationQuerySet":
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "id")


class Registration(models.Model):
    """One person's (or family's) sign-up against a capacity."""

    Status = RegistrationStatus

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        STAFF = "staff", _("taken by staff")

    capacity = models.ForeignKey(
        Capacity,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("places"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(
        _("taken"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    places = models.PositiveSmallIntegerField(
        _("places taken"), help_text=_("By the capacity's counting rule, at sign-up.")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_key = models.CharField(
        _("contact, normalised"),
        max_length=254,
        blank=True,
        editable=False,
        help_text=_("The e-mail in lower case or the phone's digits: one sign-up each."),
    )
    children_ages_months = models.JSONField(_("children's ages (months)"), default=list, blank=True)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("e.g. accessibility needs"),
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    # The families' content language chosen on the site (network.Language code), "" for
    # German: the mails name the offer in it where it is translated.
    content_language = models.CharField(_("content language"), max_length=15, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    move_confirm_by = models.DateTimeField(
        _("new time to be confirmed by"),
        null=True,
        blank=True,
        help_text=_("Set when the date moved: without a confirmation by then, the place is freed."),
    )
    attended = models.BooleanField(_("came"), null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(
        _("personal data deleted"), null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            # One active sign-up per contact and capacity (the service says so first).
            models.UniqueConstraint(
                fields=["capacity", "contact_key"],
                condition=models.Q(status__in=ACTIVE) & ~models.Q(contact_key=""),
                name="registrations_registration_one_active_per_contact",
                violation_error_message=_("This contact is already signed up."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registrations_registration_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(adults__gt=0) | models.Q(children__gt=0),
                name="registrations_registration_someone_comes",
                violation_error_message=_("Please sign up at least one person."),
            ),
        ]
        indexes = [
            # Sign-up and cancel: a capacity's confirmed places and its waitlist in order.
            models.Index(
                fields=["capacity", "status", "created_at", "id"],
                name="registrations_capacity_status",
            ),
            # Retention: rows whose personal data is still there.
            models.Index(fields=["personal_data_deleted_at"], name="registrations_data_deleted"),
            # registrations_release_unconfirmed: sign-ups whose moved date was not confirmed.
            models.Index(
                fields=["move_confirm_by"],
                condition=models.Q(move_confirm_by__isnull=False),
                name="registrations_move_confirm_by",
            ),
        ]

    def __str__(self) -> str:
        if self.personal_data_deleted_at:
            return _("Registration %(id)s (data deleted)") % {"id": self.pk}
        return _("Registration %(id)s") % {"id": self.pk}

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def awaits_move_confirmation(self) -> bool:
        """The date moved and the person has not yet kept the new time (nor freed it)."""
        return self.move_confirm_by is not None and self.is_active
