"""The figures of the district and Sozialraum profiles: what exists over the next three
months, where it is within reach, what is missing, and how districts compare.

Every figure comes from aggregate queries whose number does not grow with the data; the
result is kept in the shared cache under the data version (``data_changed_at``), so a
changed offer, date, centre or partner leads to new figures on the next view.
"""

from centers.models import Center
from handbook.models import Document
from network.models import District, Partner, Sozialraum
from thekiz_portal.pages.profiles.cache import cached
from thekiz_portal.pages.profiles.comparison import comparison_columns, district_comparison
from thekiz_portal.pages.profiles.coverage import district_coverage
from thekiz_portal.pages.profiles.figures import offer_figures, partner_figures

__all__ = [
    "comparison_columns",
    "district_comparison",
    "district_profile",
    "planning_documents",
    "sozialraum_profile",
]


def _language_gaps(figures: dict, centers: "Center.objects") -> list[str]:
    spoken = set(
        Center.languages.through.objects.filter(center__in=centers).values_list(
            "language_id", flat=True
        )
    )
    missing = spoken - figures["offer_language_ids"] - {figures["german_pk"]}
    return sorted(figures["language_names"][pk] for pk in missing)


def _has_gaps(figures: dict) -> bool:
    return bool(
        figures.get("missing_categories")
        or any(area["missing"] for area in figures.get("area_gaps", ()))
        or figures["empty_bands"]
        or figures["missing_languages"]
        or figures["missing_partner_kinds"]
        or not figures["evening_or_weekend"]
    )


def sozialraum_profile(area: Sozialraum) -> dict:
    def compute() -> dict:
        figures = offer_figures(center__sozialraum=area)
        centers = Center.objects.active().filter(sozialraum=area)
        figures |= partner_figures(Partner.objects.active().filter(sozialraeume=area))
        present = figures["categories_by_area"].get(area.pk, set())
        figures["missing_categories"] = [
            label for pk, label in figures["category_names"].items() if pk not in present
        ]
        figures["missing_languages"] = _language_gaps(figures, centers)
        figures["center_count"] = centers.count()
        figures["has_gaps"] = _has_gaps(figures)
        return figures

    return cached(f"sozialraum:{area.pk}", compute)


def district_profile(district: District) -> dict:
    def compute() -> dict:
        figures = offer_figures(center__sozialraum__district=district)
        centers = Center.objects.active().filter(sozialraum__district=district)
        figures |= partner_figures(Partner.objects.active().filter(sozialraeume__district=district))
        figures["missing_languages"] = _language_gaps(figures, centers)
        figures["center_count"] = centers.count()
        areas = list(district.sozialraeume.order_by("name").values("pk", "name"))
        figures["area_gaps"] = [
            {
                "name": area["name"],
                "missing": [
                    label
                    for pk, label in figures["category_names"].items()
                    if pk not in figures["categories_by_area"].get(area["pk"], set())
                ],
            }
            for area in areas
        ]
        figures["coverage"] = district_coverage(district, figures["category_names"])
        figures["has_gaps"] = _has_gaps(figures)
        return figures

    return cached(f"district:{district.pk}", compute)


# The handbook's planning content the profiles point to (slugs of the coordination
# office's documents: the value for municipalities and the interview on youth welfare
# planning); a document that is missing or not public is simply not linked.
PLANNING_DOCUMENTS = ("mehrwert-fuer-kommunen", "interview-jugendhilfeplanung")


def planning_documents(user) -> list[Document]:
    documents = Document.objects.visible_to(user).filter(slug__in=PLANNING_DOCUMENTS)
    return sorted(
        documents.select_related("section"), key=lambda d: PLANNING_DOCUMENTS.index(d.slug)
    )
