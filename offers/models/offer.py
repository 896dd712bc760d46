"""An offer (Angebot): what a center or the coordination office offers families."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from parler.fields import TranslationsForeignKey
from parler.models import TranslatableModelMixin

from centers.models import Center
from common.images import image_srcset
from common.translations import ContentTranslation, Text, text_in
from network.geo import Point, directions_url, map_url
from network.models import Language, Partner, postcode_validator
from offers.models.catalogue import Audience, Category
from registrations.models import Capacity, CapacityCounting

MAX_AGE_MONTHS = 18 * 12

# Freshness (offers.freshness): an offer nobody confirmed for half a year is due for a
# check (its centre's coordinators are reminded); three months later, nine in all,
# families see it as no longer confirmed.
OFFER_REVIEW_AFTER_DAYS = 183
OFFER_UNVERIFIED_AFTER_DAYS = OFFER_REVIEW_AFTER_DAYS + 92


class OfferQuerySet(models.QuerySet):
    def published(self) -> "OfferQuerySet":
        return self.filter(status=Offer.Status.PUBLISHED).filter(
            models.Q(center__isnull=True) | models.Q(center__is_active=True)
        )


def place_annotations(prefix: str = "") -> dict:
    """``place_latitude``/``place_longitude``: the offer's own address or its center's.

    ``prefix`` is the path to the offer from the queried model, e.g. "offer__".
    """
    return {
        "place_latitude": Coalesce(f"{prefix}latitude", f"{prefix}center__latitude"),
        "place_longitude": Coalesce(f"{prefix}longitude", f"{prefix}center__longitude"),
    }


# Choices that the model's constraints name: at module level, as its Meta cannot see
# names inside the model class.
class OfferHost(models.TextChoices):
    CENTER = "center", _("a centre")
    COORDINATION_OFFICE = "coordination", _("the coordination office")


class OfferCost(models.TextChoices):
    FREE = "free", _("free of charge")
    AMOUNT = "amount", _("fee")
    DONATION = "donation", _("for a donation")


class OfferPlaceKind(models.TextChoices):
    CENTER = "center", _("at the centre")
    ADDRESS = "address", _("at another address")
    ONLINE = "online", _("online")


class Offer(TranslatableModelMixin, models.Model):
    Host = OfferHost

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    Cost = OfferCost

    class Registration(models.TextChoices):
        NONE = "none", _("no registration needed")
        PER_DATE = "per_date", _("registration for each date")
        COURSE = "course", _("registration for the whole course")

    PlaceKind = OfferPlaceKind

    host = models.CharField(
        _("hosted by"), max_length=20, choices=Host.choices, default=Host.CENTER
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        related_name="offers",
        null=True,
        blank=True,
        verbose_name=_("centre"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        related_name="offers",
        null=True,
        blank=True,
        verbose_name=_("provided by partner"),
        help_text=_("If a partner runs the offer, e.g. the midwife of a consultation hour."),
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the search results.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, lists with -, links as [text](https://…)."),
    )
    categories = models.ManyToManyField(
        Category, related_name="offers", blank=True, verbose_name=_("categories")
    )
    audiences = models.ManyToManyField(
        Audience, related_name="offers", blank=True, verbose_name=_("audiences")
    )
    age_min_months = models.PositiveSmallIntegerField(
        _("children from (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("Leave empty if there is no lower limit."),
    )
    age_max_months = models.PositiveSmallIntegerField(
        _("children up to (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("Leave empty if there is no upper limit. 36 = three years."),
    )
    languages = models.ManyToManyField(
        Language, related_name="offers", blank=True, verbose_name=_("languages")
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_amount = models.DecimalField(
        _("fee in euros"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_note = models.CharField(
        _("note on cost"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'reduced fee with the Thüringer Familienpass'"),
    )
    registration = models.CharField(
        _("registration"),
        max_length=10,
        choices=Registration.choices,
        default=Registration.NONE,
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    registration_counting = models.CharField(
        _("what takes a place"),
        max_length=10,
        choices=CapacityCounting.choices,
        default=CapacityCounting.PERSONS,
        help_text=_("For sign-ups on the portal: who counts towards the places."),
    )
    registration_closes_hours = models.PositiveSmallIntegerField(
        _("sign-up closes (hours before the start)"),
        default=0,
        validators=[MaxValueValidator(24 * 28)],
        help_text=_("0 = until the start. For a course: before its first date."),
    )
    registration_max_adults = models.PositiveSmallIntegerField(
        _("adults per sign-up, at most"),
        default=2,
        validators=[MaxValueValidator(99)],
        help_text=_("0 = adults are not counted (e.g. a course for children)."),
    )
    registration_max_children = models.PositiveSmallIntegerField(
        _("children per sign-up, at most"),
        default=4,
        validators=[MaxValueValidator(99)],
        help_text=_("0 = no children (e.g. an evening for parents)."),
    )
    course_capacity = models.OneToOneField(
        Capacity,
        on_delete=models.PROTECT,
        related_name="course_offer",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("places of the course"),
    )
    registration_info = models.CharField(
        _("how to register"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'by phone or at the office, until the Friday before'"),
    )
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    pram_friendly = models.BooleanField(_("room for prams"), default=False)
    childcare = models.BooleanField(
        _("childcare provided"),
        default=False,
        help_text=_("Children are looked after while the parents take part."),
    )
    place = models.CharField(
        _("where"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.CENTER
    )
    place_name = models.CharField(
        _("name of the place"),
        max_length=150,
        blank=True,
        help_text=_("For another address, e.g. 'Stadtbibliothek'."),
    )
    street = models.CharField(_("street and number"), max_length=150, blank=True)
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
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="offers/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(editable=False, null=True)
    image_height = models.PositiveIntegerField(editable=False, null=True)
    image_variants = models.JSONField(
        _("smaller sizes"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Width in pixels → file name of a scaled copy, for srcset."),
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    runs_on_holidays = models.BooleanField(
        _("also on public holidays"),
        default=False,
        help_text=_("Otherwise dates on Thuringian public holidays do not take place."),
    )
    skip_school_holidays = models.BooleanField(
        _("not during school holidays"),
        default=False,
        help_text=_("Dates during Thuringian school holidays do not take place."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    last_reviewed = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that everything is still right."),
    )
    import_uid = models.CharField(
        _("calendar UID"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_(
            "The UID of the event in the centre's own calendar this offer was imported "
            "from: a second import updates the offer instead of adding it again."
        ),
    )
    import_subscription = models.ForeignKey(
        "offers.CalendarSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="offers",
        verbose_name=_("imported from the subscribed calendar"),
        help_text=_(
            "The subscribed calendar that last contained this offer's event; empty for an "
            "offer imported from an uploaded file."
        ),
    )
    import_missing_since = models.DateField(
        _("no longer in the calendar since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The subscribed calendar no longer contains the event this offer was imported "
            "from. Nothing happens by itself: the centre keeps the offer as its own or ends it."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saves; a form from an older version is refused, not saved."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(host=OfferHost.CENTER, center__isnull=False)
                    | models.Q(host=OfferHost.COORDINATION_OFFICE, center__isnull=True)
                ),
                name="offers_offer_host_matches_center",
                violation_error_message=_(
                    "An offer of a centre needs the centre; "
                    "an offer of the coordination office has none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(cost=OfferCost.AMOUNT, cost_amount__isnull=False)
                | ~models.Q(cost=OfferCost.AMOUNT),
                name="offers_offer_fee_has_amount",
                violation_error_message=_("Please enter the fee in euros."),
            ),
            models.CheckConstraint(
                condition=models.Q(age_min_months__isnull=True)
                | models.Q(age_max_months__isnull=True)
                | models.Q(age_min_months__lte=models.F("age_max_months")),
                name="offers_offer_age_range_ordered",
                violation_error_message=_("The lower age limit must not be above the upper one."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place=OfferPlaceKind.ADDRESS)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="offers_offer_address_has_coordinates",
                violation_error_message=_(
                    "Please enter the address of the place, with its postcode."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(place=OfferPlaceKind.ONLINE) | ~models.Q(online_url=""),
                name="offers_offer_online_has_link",
                violation_error_message=_("Please enter the link to the online meeting."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place=OfferPlaceKind.CENTER) | models.Q(host=OfferHost.CENTER),
                name="offers_offer_at_center_needs_center",
                violation_error_message=_(
                    "Only an offer of a centre can take place at the centre."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="offers_offer_image_has_alt_text",
                violation_error_message=_("Please describe the image in the alternative text."),
            ),
            # The calendar import finds an offer by the UID of its event, per centre.
            models.UniqueConstraint(
                fields=["center", "import_uid"],
                condition=~models.Q(import_uid=""),
                name="offers_offer_one_per_import_uid",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_max_adults__gt=0)
                | models.Q(registration_max_children__gt=0),
                name="offers_offer_someone_may_sign_up",
                violation_error_message=_("Adults or children must be allowed to sign up."),
            ),
        ]
        indexes = [
            # Offer search: bounding box on offers held at their own address.
            models.Index(fields=["latitude", "longitude"], name="offers_offer_lat_lon"),
            # Staff dashboard and center programme: a center's offers by status.
            models.Index(fields=["center", "status"], name="offers_offer_center_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:offer_detail", kwargs={"slug": self.slug})

    @property
    def checked_on(self) -> datetime.date:
        """The day someone last confirmed the offer; the day it was added if nobody did."""
        return self.last_reviewed or timezone.localdate(self.created_at)

    @property
    def is_unverified(self) -> bool:
        """Published and not confirmed for nine months: families see "no longer confirmed"
        (``offers.freshness``)."""
        return self.status == self.Status.PUBLISHED and self.checked_on < (
            timezone.localdate() - datetime.timedelta(days=OFFER_UNVERIFIED_AFTER_DAYS)
        )

    @property
    def takes_sign_ups(self) -> bool:
        """Families sign up on the portal: registration is needed and places are set."""
        return self.registration != self.Registration.NONE and bool(self.capacity)

    def text_in(self, field: str, language: Language | None) -> Text:
        """Title, summary or description in ``language`` if translated, else German."""
        return text_in(self, field, f"translated_{field}", language)

    @property
    def place_point(self) -> Point | None:
        if self.place == self.PlaceKind.ADDRESS and self.latitude is not None:
            return Point(float(self.latitude), float(self.longitude))
        if self.place == self.PlaceKind.CENTER and self.center is not None:
            return Point(float(self.center.latitude), float(self.center.longitude))
        return None

    @property
    def place_lines(self) -> list[str]:
        if self.place == self.PlaceKind.ADDRESS:
            lines = [self.place_name, self.street, f"{self.postcode} {self.city}"]
            return [line for line in lines if line.strip()]
        if self.place == self.PlaceKind.CENTER and self.center:
            return [self.center.name, *self.center.address_lines]
        return []

    @property
    def map_url(self) -> str:
        point = self.place_point
        return map_url(point.latitude, point.longitude) if point else ""

    @property
    def directions_url(self) -> str:
        point = self.place_point
        return directions_url(point.latitude, point.longitude) if point else ""

    @property
    def image_srcset(self) -> str:
        return image_srcset(self.image, self.image_width, self.image_variants)

    @property
    def contact(self) -> dict[str, str]:
        """Contact for questions: the offer's own, else the centre's."""
        center = self.center
        return {
            "name": self.contact_name,
            "phone": self.contact_phone or (center.phone if center else ""),
            "email": self.contact_email or (center.email if center else ""),
        }


class OfferTranslation(ContentTranslation):
    """An offer's title, summary and description in a further language."""

    master = TranslationsForeignKey(
        Offer, on_delete=models.CASCADE, related_name="translations", null=True, editable=False
    )
    translated_title = models.CharField(_("title"), max_length=150)
    translated_summary = models.CharField(_("summary"), max_length=300, blank=True)
    translated_description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, lists with -, links as [text](https://…)."),
    )

    class Meta:
        verbose_name = _("translation of an offer")
        verbose_name_plural = _("translations of the offer")
        unique_together = [("language_code", "master")]
        default_permissions = ()
