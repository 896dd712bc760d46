import datetime
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from centers.access import (
    CenterAccess,
    centers_for,
    is_coordination_office,
    partner_memberships,
)
from centers.models import ChangeRecord, Invitation, PlannerInvitation
from centers.planners import planner_districts
from common.pagination import paginate
from common.text import alphabetical_key
from offers.freshness import unverified_by_center
from offers.selectors import staff_attention, staff_dates, week_bounds
from offers.services.imports import missing_offers
from staff.base import staff_render, staff_view
from staff.statistics_scope import statistics_viewer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The centres a person works for, the districts they see as a planner, the
    invitations waiting for an answer and the statistics they may see; straight to the
    dashboard if it is just one centre and nothing else."""
    office = is_coordination_office(request.user)
    viewer = statistics_viewer(request.user)
    centers = list(
        centers_for(request.user).select_related("sozialraum__district").order_by("name")
    )
    districts = list(planner_districts(request.user))
    invitations = list(
        Invitation.objects.open()
        .filter(user=request.user)
        .select_related("center", "invited_by")
        .order_by("created_at")
    )
    planner_invitations = list(
        PlannerInvitation.objects.open()
        .filter(user=request.user)
        .select_related("invited_by")
        .prefetch_related("districts")
        .order_by("created_at")
    )
    waiting = invitations or planner_invitations
    partner = partner_memberships(request.user).exists()
    if len(centers) == 1 and not (office or districts or waiting or partner):
        return redirect("staff:dashboard", center=centers[0].slug)
    if partner and not (centers or office or districts or waiting):
        return redirect("staff:partner_proposals")
    return render(
        request,
        "staff/home.html",
        {
            "centers": centers,
            # The office opens every centre: by district, folded, instead of one long list.
            "centers_by_district": _by_district(centers) if office else [],
            "districts": districts,
            "office": office,
            "partner": partner,
            "invitations": invitations,
            "statistics": viewer.sees_anything,
            "planner_invitations": planner_invitations,
            "waiting": waiting,
            "unverified": unverified_by_center() if office else [],
        },
    )


def _by_district(centers: list) -> list[tuple[str, list]]:
    groups = defaultdict(list)
    for center in centers:
        groups[center.sozialraum.district.name].append(center)
    return sorted(groups.items(), key=lambda group: alphabetical_key(group[0]))


@staff_view()
def dashboard(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """This week (from today) and next at a glance, and the offers that need attention."""
    today = timezone.localdate()
    _monday, sunday = week_bounds(today)
    next_sunday = sunday + datetime.timedelta(days=7)
    by_day = defaultdict(list)
    for occurrence in staff_dates(access.center, today, days=(next_sunday - today).days + 1):
        by_day[occurrence.local_date].append(occurrence)
    weeks = [
        [
            (day, by_day[day])
            for day in (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        ]
        for first, last in ((today, sunday), (sunday + datetime.timedelta(days=1), next_sunday))
    ]
    return staff_render(
        request,
        "staff/dashboard.html",
        access,
        weeks=weeks,
        today=today,
        now=timezone.now(),
        attention=staff_attention(access.center),
        # Subscribed calendars whose last import failed (the centre is told here and by mail).
        failing_calendars=list(access.center.calendar_subscriptions.exclude(last_error="")),
        # Offers whose event left their subscribed calendar: the centre decides.
        missing_offers=missing_offers(access.center),
    )


@staff_view("centers.view_changerecord")
def changes(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """Who changed what and when, newest first."""
    records = ChangeRecord.objects.filter(center=access.center).select_related(
        "user", "proposed_by"
    )
    return staff_render(
        request, "staff/changes.html", access, page_obj=paginate(request, records, 50)
    )
