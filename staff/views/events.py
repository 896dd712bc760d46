"""The centre's own events for professionals (regional network meetings it hosts) and who
signed up: read-only lists; the sign-up and cancelling go through the public form and the
personal link. Another centre's event is a 404."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from centers.access import CenterAccess
from events.models import Event, Participant
from registrations.models import Registration
from staff.base import staff_render, staff_view

PERMISSION = "registrations.view_registration"


@staff_view(PERMISSION)
@require_safe
def events_overview(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    events = Event.objects.filter(center=access.center).annotate(
        confirmed=Count(
            "participants",
            filter=Q(participants__registration__status=Registration.Status.CONFIRMED),
        ),
        waiting=Count(
            "participants",
            filter=Q(participants__registration__status=Registration.Status.WAITLISTED),
        ),
    )
    return staff_render(
        request, "staff/events.html", access, events=events.order_by("-starts", "pk")
    )


@staff_view(PERMISSION)
@require_safe
def event_participants(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk, center=access.center)
    participants = (
        Participant.objects.filter(event=event)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .select_related(
            "registration", "function", "forum_registration__capacity__forum", "first_choice"
        )
        .order_by("registration__status", "registration__name")
    )
    return staff_render(
        request, "staff/event_participants.html", access, event=event, participants=participants
    )
