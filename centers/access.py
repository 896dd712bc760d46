"""Who may see and change what in the staff area ("Mein ThEKiZ").

Every staff object is fetched through the user's scope: a centre the person does not
belong to is a 404 (never a 403 that confirms it exists). Within their centres, what a
person may do follows their role there (``centers.roles``); missing it is a 403.

A partner's person (Membership role "partner") is outside the staff scope: every staff
page of the centre is a 404 for them. They reach only their proposals
(``partner_membership``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from centers.models import Center, Membership
from centers.roles import COORDINATION, COORDINATOR, role_codenames


def is_coordination_office(user: AbstractBaseUser) -> bool:
    """The Landeskoordinations- und Fachstelle: every centre, every right."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_thekiz_is_office", None)
    if cached is None:
        cached = user.is_staff and user.groups.filter(name=COORDINATION).exists()
        user._thekiz_is_office = cached
    return cached


def centers_for(user: AbstractBaseUser) -> QuerySet:
    """The centres a person works for (all of them for the coordination office)."""
    if not user.is_authenticated:
        return Center.objects.none()
    if is_coordination_office(user):
        return Center.objects.all()
    return Center.objects.filter(
        memberships__user=user,
        memberships__role__in=[Membership.Role.STAFF, Membership.Role.COORDINATOR],
    )


@dataclass(frozen=True)
class CenterAccess:
    """A centre as seen by one person: the centre and what they may do there."""

    center: Center
    role: str
    permissions: frozenset[str]

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise PermissionDenied

    @property
    def is_coordinator(self) -> bool:
        return self.role in (COORDINATOR, COORDINATION)


def center_access(user: AbstractBaseUser, slug: str) -> CenterAccess:
    """The centre ``slug`` if it is in the person's scope, else 404."""
    if is_coordination_office(user):
        center = Center.objects.filter(slug=slug).select_related("sozialraum__district").first()
        if center is None:
            raise Http404
        return CenterAccess(center, COORDINATION, role_codenames(COORDINATION))
    membership = (
        Membership.objects.team()
        .filter(user=user, center__slug=slug)
        .select_related("center__sozialraum__district")
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return CenterAccess(membership.center, membership.role, role_codenames(membership.role))


def partner_memberships(user: AbstractBaseUser) -> QuerySet:
    """The centres a partner's person proposes offers for, with their partner."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, role=Membership.Role.PARTNER).select_related(
        "center", "partner"
    )


def partner_membership(user: AbstractBaseUser, slug: str) -> Membership:
    """The person's partner membership at the centre ``slug``, else 404."""
    membership = partner_memberships(user).filter(center__slug=slug).first()
    if membership is None:
        raise Http404
    return membership
