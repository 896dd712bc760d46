from django.db.models import Prefetch, QuerySet

from centers.models import Center, Cooperation


def center_for_profile(slug: str) -> QuerySet:
    """The public profile of one active center with everything its page shows."""
    return (
        Center.objects.active()
        .filter(slug=slug)
        .select_related("operator", "sozialraum__district")
        .prefetch_related(
            "languages",
            "opening_hours",
            "photos",
            Prefetch(
                "cooperations",
                queryset=Cooperation.objects.current()
                .filter(partner__is_active=True)
                .select_related("partner")
                .order_by("partner__name"),
            ),
        )
    )
