"""The office sees how full places are, never who signed up (no admin for the sign-ups)."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from registrations.models import Capacity, RegistrationStatus


@admin.register(Capacity)
class CapacityAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "places",
        "confirmed_places",
        "waiting",
        "deadline",
        "ends_at",
        "closed",
        "walk_ins",
    ]
    list_filter = ["closed", "counting"]
    search_fields = ["label"]
    date_hierarchy = "ends_at"
    fields = [
        "label",
        "places",
        "counting",
        ("max_adults", "max_children"),
        "deadline",
        "ends_at",
        ("closed", "closed_reason"),
        "walk_ins",
    ]
    readonly_fields = [
        "label",
        "places",
        "counting",
        "max_adults",
        "max_children",
        "deadline",
        "ends_at",
        "closed",
        "closed_reason",
        "walk_ins",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Sum(
                    "registrations__places",
                    filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                ),
                waiting_count=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                ),
            )
        )

    @admin.display(description=_("confirmed places"), ordering="confirmed_total")
    def confirmed_places(self, capacity: Capacity) -> int:
        return capacity.confirmed_total or 0

    @admin.display(description=_("on the waiting list"), ordering="waiting_count")
    def waiting(self, capacity: Capacity) -> int:
        return capacity.waiting_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Capacity | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Capacity | None = None) -> bool:
        return False
