"""Centres (ThEKiZ), the operators that run them, opening hours and photos."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from parler.fields import TranslationsForeignKey
from parler.models import TranslatableModelMixin

from common.images import image_srcset
from common.translations import ContentTranslation, Text, text_in
from network.geo import GeoQuerySet
from network.models import Language, Located, Sozialraum

# ThEKiZ are funded by the state since 2015: no center is older.
FIRST_THEKIZ_YEAR = 2015

# Freshness (offers.freshness): a profile nobody confirmed for a year is due for a check;
# three months later, 15 in all, the coordination office sees it as no longer confirmed.
CENTER_REVIEW_AFTER_DAYS = 365
CENTER_UNVERIFIED_AFTER_DAYS = CENTER_REVIEW_AFTER_DAYS + 92


class Operator(models.Model):
    """The Träger: the organisation that runs one or more centers."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("municipality")
        AWO = "awo", "AWO"
        DRK = "drk", "DRK"
        CARITAS = "caritas", "Caritas"
        DIAKONIE = "diakonie", "Diakonie"
        VOLKSSOLIDARITAET = "volkssolidaritaet", "Volkssolidarität"
        PARITAETISCHER = "paritaetischer", _("member of Der Paritätische")
        ASSOCIATION = "verein", _("local association")
        OTHER = "sonstige", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CenterQuerySet(GeoQuerySet):
    def active(self) -> "CenterQuerySet":
        return self.filter(is_active=True)

    def for_listing(self) -> "CenterQuerySet":
        """What a list row shows, fetched in a constant number of queries."""
        return self.select_related("operator", "sozialraum__district").prefetch_related("languages")


class Center(TranslatableModelMixin, Located):
    """A ThEKiZ: a Kita that is also a family centre for its neighbourhood."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="centers", verbose_name=_("operator")
    )
    sozialraum = models.ForeignKey(
        Sozialraum,
        on_delete=models.PROTECT,
        related_name="centers",
        verbose_name=_("Sozialraum"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    thekiz_since = models.PositiveSmallIntegerField(
        _("ThEKiZ since"),
        validators=[MinValueValidator(FIRST_THEKIZ_YEAR)],
        help_text=_("The year the Kita became a ThEKiZ."),
    )
    languages = models.ManyToManyField(
        Language,
        related_name="centers",
        blank=True,
        verbose_name=_("languages spoken"),
        help_text=_("Languages the team can speak with families."),
    )
    step_free_access = models.BooleanField(
        _("step-free access"),
        default=False,
        help_text=_("Entrance and rooms for families can be reached without steps."),
    )
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    pram_friendly = models.BooleanField(
        _("room for prams"), default=False, help_text=_("Prams can be parked or taken inside.")
    )
    baby_changing = models.BooleanField(_("baby changing table"), default=False)
    accessibility_note = models.CharField(
        _("note on accessibility"),
        max_length=300,
        blank=True,
        help_text=_("Anything else that helps, e.g. 'lift at the side entrance'."),
    )
    nearest_stop = models.CharField(
        _("nearest bus or tram stop"),
        max_length=150,
        blank=True,
        help_text=_("e.g. 'Lobeda-West (tram 1, 2, 5), 3 minutes on foot'."),
    )
    summary = models.CharField(
        _("short description"),
        max_length=300,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the centre offers families.")
    )
    highlights = models.TextField(
        _("what is special"),
        blank=True,
        help_text=_("What makes this centre special, one point per line."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive centres are hidden from the public.")
    )
    last_reviewed = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When the centre's staff last confirmed that the profile is still right."),
    )
    freshness_reminded_on = models.DateField(
        _("last reminded to check"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the coordinators were last reminded of what needs checking."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thekiz_since__gte=FIRST_THEKIZ_YEAR),
                name="centers_center_thekiz_since_from_2015",
                violation_error_message=_("ThEKiZ exist since 2015."),
            ),
        ]
        indexes = [
            # CenterQuerySet.near(): bounding-box prefilter of "centers near a postcode".
            models.Index(fields=["latitude", "longitude"], name="centers_center_lat_lon"),
            # Public lists: active centers by name.
            models.Index(fields=["is_active", "name"], name="centers_center_active_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:center_detail", kwargs={"slug": self.slug})

    @property
    def checked_on(self) -> datetime.date:
        """The day the profile was last confirmed; the day it was added if never."""
        return self.last_reviewed or timezone.localdate(self.created_at)

    def text_in(self, field: str, language: Language | None) -> Text:
        """Short description or description in ``language`` if translated, else German."""
        return text_in(self, field, f"translated_{field}", language)

    @property
    def district(self):
        return self.sozialraum.district

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.highlights.splitlines() if line.strip()]


class CenterTranslation(ContentTranslation):
    """A centre's short description and description in a further language."""

    master = TranslationsForeignKey(
        Center, on_delete=models.CASCADE, related_name="translations", null=True, editable=False
    )
    translated_summary = models.CharField(_("short description"), max_length=300, blank=True)
    translated_description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("translation of a centre")
        verbose_name_plural = _("translations of the centre")
        unique_together = [("language_code", "master")]
        default_permissions = ()


class OpeningHours(models.Model):
    """One opening period of a center on one weekday (a day may have several)."""

    class Weekday(models.IntegerChoices):
        # Monday = 0 as in date.weekday(); the names are Django's (django.utils.dates).
        MONDAY = 0, WEEKDAYS[0]
        TUESDAY = 1, WEEKDAYS[1]
        WEDNESDAY = 2, WEEKDAYS[2]
        THURSDAY = 3, WEEKDAYS[3]
        FRIDAY = 4, WEEKDAYS[4]
        SATURDAY = 5, WEEKDAYS[5]
        SUNDAY = 6, WEEKDAYS[6]

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("centre")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["center", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="centers_openinghours_closes_after_opens",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="centers_openinghours_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


def _photo_path(instance: "CenterPhoto", filename: str) -> str:
    return f"centers/{instance.center_id}/{filename}"


class CenterPhoto(models.Model):
    """A photo of a center. Uploads are checked and re-encoded before they are stored."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="photos", verbose_name=_("centre")
    )
    image = models.ImageField(
        _("image"), upload_to=_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_(
            "Describe what the photo shows for people who cannot see it, "
            "e.g. 'Children painting at a long table in the garden'."
        ),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    variants = models.JSONField(
        _("smaller sizes"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Width in pixels → file name of a scaled copy, for srcset."),
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["center", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text=""), name="centers_centerphoto_alt_text_required"
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def srcset(self) -> str:
        return image_srcset(self.image, self.width, self.variants)
