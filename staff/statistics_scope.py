"""Who sees which statistics: the one place that decides it.

- The coordination office sees everything: all of Thuringia, every district, Sozialraum
  and centre.
- A municipal planner (``PlannerAccess``) sees the districts granted to them, with their
  Sozialräume and centres.
- Centre staff and coordinators see their own centres.

Anything else is a 404, never a 403 that confirms it exists. Sign-in and the second
factor are asked before (``login_required``, ``StaffMFARequiredMiddleware``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from centers.access import is_coordination_office
from centers.models import Center, Membership, PlannerAccess
from network.models import District, Sozialraum
from offers.statistics import Scope


@dataclass(frozen=True)
class StatisticsViewer:
    """What one person may see: everything (office), some districts, some centres."""

    office: bool
    district_ids: frozenset[int]
    center_ids: frozenset[int]

    @property
    def sees_anything(self) -> bool:
        return self.office or bool(self.district_ids or self.center_ids)

    def sees_district(self, district_id: int) -> bool:
        return self.office or district_id in self.district_ids

    def sees_center(self, center: Center) -> bool:
        return (
            self.office
            or center.pk in self.center_ids
            or center.sozialraum.district_id in self.district_ids
        )


def statistics_viewer(user: AbstractBaseUser) -> StatisticsViewer:
    """Two queries at most (none more for the office)."""
    if not user.is_authenticated:
        return StatisticsViewer(False, frozenset(), frozenset())
    if is_coordination_office(user):
        return StatisticsViewer(True, frozenset(), frozenset())
    districts = PlannerAccess.objects.filter(user=user).values_list("district", flat=True)
    centers = Membership.objects.team().filter(user=user).values_list("center", flat=True)
    return StatisticsViewer(False, frozenset(districts), frozenset(centers))


def statistics_scope(
    user: AbstractBaseUser,
    kind: str,
    district: str | None = None,
    sozialraum: str | None = None,
    center: str | None = None,
) -> tuple[Scope, StatisticsViewer]:
    """The scope a URL names if ``user`` may see it, else 404."""
    viewer = statistics_viewer(user)
    if not viewer.sees_anything:
        raise Http404
    if kind == Scope.LAND:
        if not viewer.office:
            raise Http404
        return Scope(Scope.LAND), viewer
    if kind == Scope.DISTRICT:
        target = District.objects.filter(slug=district).first()
        if target is None or not viewer.sees_district(target.pk):
            raise Http404
        return Scope(kind, target), viewer
    if kind == Scope.SOZIALRAUM:
        target = (
            Sozialraum.objects.filter(district__slug=district, slug=sozialraum)
            .select_related("district")
            .first()
        )
        if target is None or not viewer.sees_district(target.district_id):
            raise Http404
        return Scope(kind, target), viewer
    if kind == Scope.CENTER:
        target = Center.objects.filter(slug=center).select_related("sozialraum__district").first()
        if target is None or not viewer.sees_center(target):
            raise Http404
        return Scope(kind, target), viewer
    raise Http404
