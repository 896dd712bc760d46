"""The curated vocabulary offers are described with: categories and audiences."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.i18n import TwoLanguageName


class Category(TwoLanguageName):
    """What kind of offer it is, e.g. "Eltern-Kind-Gruppen" (curated in the admin)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_de"]


class Audience(TwoLanguageName):
    """Who an offer is for: families, parents, pregnant women, children, grandparents,
    professionals."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["position"]
