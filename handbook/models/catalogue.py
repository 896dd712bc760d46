"""What the handbook is ordered by: sections, development fields, readerships, people."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.i18n import TwoLanguageName

# Paths of the handbook that are not sections (handbook/urls.py).
RESERVED_SLUGS = {"suche", "vorschau", "download", "titelbild"}


def validate_section_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is a page of the handbook already; please choose another slug."),
            code="reserved",
            params={"slug": slug},
        )


class Section(models.Model):
    """A part of the handbook: Interviews, Mehrwerte, Entwicklungsfelder und Methoden, FAQ."""

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_section_slug]
    )
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("handbook:section", kwargs={"section": self.slug})


class DevelopmentField(models.Model):
    """Entwicklungsfeld: a field in which a centre develops (a topic of documents)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("development field")
        verbose_name_plural = _("development fields")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Readership(TwoLanguageName):
    """Who a document is written for: politics, administration, operators, staff, parents."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("readership")
        verbose_name_plural = _("readerships")
        ordering = ["position"]


class Person(models.Model):
    """An author or an interviewee."""

    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
