"""Roles as groups whose permissions are written here, in code.

``roles_sync()`` makes the database match this file; it runs after every ``migrate``
(see ``PortalConfig.ready``) and by hand with ``manage.py roles_sync``. Permissions that
someone added to a role group in the admin are removed again: the code is the truth.

The staff roles (``staff``, ``coordinator``) apply per centre: a person's Membership says
which role they have at which centre, and ``centers.access`` checks the role's
permissions against that centre only. Municipal planners hold no role and no permission:
their ``PlannerAccess`` rows say which districts' figures they may see.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ALL = ("view", "add", "change", "delete")

COORDINATION = "coordination"
STAFF = "staff"  # equals Membership.Role.STAFF
COORDINATOR = "coordinator"  # equals Membership.Role.COORDINATOR

_STAFF = {
    "offers": {
        "offer": ("view", "add", "change"),
        "schedule": ALL,
        "occurrence": ("view", "change"),
        "closure": ALL,
        # Calendars the centre imports its offers from (Mein ThEKiZ: Kalender-Import).
        "calendarsubscription": ALL,
        # Who came to a past date: counts only (the check-in writes those of sign-ups).
        "attendance": ("view", "add", "change"),
    },
    # The sign-ups of the centre's dates and courses: list, take by phone, cancel, attendance.
    "registrations": {
        "registration": ("view", "add", "change"),
    },
    "centers": {
        "center": ("view",),
    },
}

_COORDINATOR = {
    "offers": _STAFF["offers"],
    "registrations": _STAFF["registrations"],
    "centers": {
        "center": ("view", "change"),
        "openinghours": ALL,
        "centerphoto": ALL,
        "cooperation": ALL,
        "membership": ("view", "add", "delete"),
        "changerecord": ("view",),
    },
}

ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    # Fachkraft: keeps the calendar of their centres right.
    STAFF: _STAFF,
    # Koordinator:in: also the centre's profile, photos, partners and staff list.
    COORDINATOR: _COORDINATOR,
    # The Landeskoordinations- und Fachstelle: curates the network and the centres' master
    # data in the admin. Districts are facts (rename only), places are read-only.
    COORDINATION: {
        "network": {
            "district": ("view", "change"),
            "sozialraum": ALL,
            "place": ("view",),
            "language": ALL,
            "partner": ALL,
        },
        "centers": {
            "operator": ALL,
            "center": ALL,
            "openinghours": ALL,
            "centerphoto": ALL,
            "cooperation": ALL,
            "membership": ALL,
            "invitation": ("view", "add"),
            # Municipal planners: invited for districts; access taken away by deleting it.
            "plannerinvitation": ("view", "add"),
            "planneraccess": ("view", "delete"),
            "changerecord": ("view",),
        },
        "offers": {
            "category": ALL,
            "audience": ALL,
            "offer": ALL,
            "schedule": ALL,
            # Dates come from schedules: they are changed (cancelled, moved), never added.
            "occurrence": ("view", "change"),
            "closure": ALL,
            "calendarsubscription": ALL,
            # The centres record attendance; the office reads it (counts, never names).
            "attendance": ("view",),
            # Partners' proposals: the centres answer them; the office reads.
            "proposal": ("view",),
            "proposalschedulechange": ("view",),
            "proposaldatecancel": ("view",),
        },
        # How full places are, never who signed up.
        "registrations": {
            "capacity": ("view",),
        },
        "handbook": {
            "section": ALL,
            "developmentfield": ALL,
            "readership": ALL,
            "person": ALL,
            "document": ALL,
            "methodfacts": ALL,
            "faqentry": ALL,
            "attachment": ALL,
        },
        # Events for professionals (Fachtage, network meetings, trainings).
        "events": {
            "event": ALL,
            "programmeitem": ALL,
            "forum": ALL,
            "targetgroup": ALL,
            # Sign-ups come from the public form: the office reads, exports, corrects.
            "participant": ("view", "change"),
        },
        # The videos in German Sign Language on the Leichte-Sprache pages.
        "thekiz_portal": {"signlanguagevideo": ALL},
        # People: see every account, correct a name, deactivate a centre staff account.
        # New accounts come through invitations; rights, passwords and second factors are
        # a superuser's alone (thekiz_portal/admin.py).
        "auth": {"user": ("view", "change")},
    },
}


def role_codenames(role: str) -> frozenset[str]:
    """The role's permissions as "app_label.codename" strings (no database needed)."""
    return frozenset(
        f"{app_label}.{action}_{model}"
        for app_label, models in ROLE_PERMISSIONS.get(role, {}).items()
        for model, actions in models.items()
        for action in actions
    )


def role_permissions(role: str) -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, models in ROLE_PERMISSIONS[role].items():
        for model, actions in models.items():
            query |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return list(Permission.objects.filter(query))


def roles_sync() -> dict[str, int]:
    """Create the role groups and set exactly their permissions; returns the counts."""
    counts = {}
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        permissions = role_permissions(role)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
