from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TwoLanguageName(models.Model):
    """Curated vocabulary (languages, categories, audiences) named in German and English."""

    name_de = models.CharField(_("name (German)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    # A long choice list reads only these columns (common.forms.RowChoiceField).
    choice_fields = ("name_de", "name_en")

    @staticmethod
    def choice_label(row: dict) -> str:
        return row["name_en"] if (get_language() or "de").startswith("en") else row["name_de"]

    @property
    def name(self) -> str:
        return self.choice_label({"name_de": self.name_de, "name_en": self.name_en})
