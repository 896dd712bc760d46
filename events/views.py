from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from common.rate_limit import rate_exceeded
from events.certificates import certificate_ready, certificates_pdf
from events.forms import ParticipantForm
from events.ical import event_calendar_build
from events.models import Event, Forum, Participant
from events.services import free_places, participant_sign_up
from events.structured_data import event_data
from offers.structured_data import json_ld_script
from registrations.links import (
    LinkExpired,
    LinkInvalid,
    registration_from_link,
    registration_link_value,
)

# Past events are listed below the upcoming ones, the latest first, this many.
PAST_SHOWN = 12


def _events(request: HttpRequest):
    return Event.objects.visible_to(request.user).select_related("center", "capacity")


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = list(_events(request).upcoming(now))
    past = list(_events(request).past(now)[:PAST_SHOWN])
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past})


def _free(event: Event, forums: list[Forum]) -> dict[int, int]:
    """Free places of the event and its forums (one query), when it takes sign-ups."""
    if not event.takes_sign_ups:
        return {}
    capacities = [event.capacity, *(forum.capacity for forum in forums if forum.capacity)]
    return free_places(capacities)


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forums = Prefetch("forums", queryset=Forum.objects.select_related("capacity"))
    event = get_object_or_404(
        _events(request).prefetch_related("target_groups", "programme", forums), slug=slug
    )
    forums = list(event.forums.all())
    free = _free(event, forums)
    for forum in forums:
        forum.free = free.get(forum.capacity_id)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "forums": forums,
            "event_free": free.get(event.capacity_id),
            "structured_data": json_ld_script(event_data(event, request.build_absolute_uri)),
        },
    )


def _errors_to_form(form: ParticipantForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@require_http_methods(["GET", "HEAD", "POST"])
def event_sign_up(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.published()
        .select_related("capacity")
        .prefetch_related(
            "target_groups", Prefetch("forums", Forum.objects.select_related("capacity"))
        ),
        slug=slug,
    )
    if event.capacity_id is None or event.places is None:
        raise Http404("This event takes no sign-ups on the portal.")
    deadline = event.registration_deadline
    closed = event.is_past or (deadline is not None and timezone.now() > deadline)
    form = ParticipantForm(request.POST if request.method == "POST" else None, event=event)
    limited = request.method == "POST" and rate_exceeded(
        request, "sign-up", settings.THEKIZ_REGISTRATION_RATE
    )
    if request.method == "POST" and not closed and not limited and form.is_valid():
        data = form.cleaned_data
        try:
            participant = participant_sign_up(
                event,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                function=data["function"],
                first_choice=data.get("first_choice"),
                second_choice=data.get("second_choice"),
                note=data["note"],
                dietary_needs=data["dietary_needs"],
                invoice_address=data.get("invoice_address", ""),
                language=get_language() or "de",
                consent=data["consent"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            value = registration_link_value(participant.registration)
            url = reverse("registrations:registration_detail", kwargs={"value": value})
            return redirect(f"{url}?neu=1")
    forums = list(event.forums.all())
    free = _free(event, forums)
    return render(
        request,
        "events/event_sign_up.html",
        {
            "event": event,
            "form": form,
            "closed": closed,
            "limited": limited,
            "event_free": free.get(event.capacity_id),
            "forums": [(forum, free.get(forum.capacity_id)) for forum in forums],
        },
        status=429 if limited else 200,
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(_events(request), slug=slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    response = HttpResponse(
        event_calendar_build(event, url, request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@never_cache
@require_safe
def certificate(request: HttpRequest, value: str) -> HttpResponse:
    """The certificate of attendance, through the personal link of the event's sign-up:
    only for someone marked present at an event that is over; anything else is a 404."""
    try:
        registration = registration_from_link(value)
    except (LinkInvalid, LinkExpired) as error:
        raise Http404("No certificate for this link.") from error
    participant = (
        Participant.objects.select_related(
            "event__center", "registration", "forum_registration__capacity__forum"
        )
        .filter(registration=registration)
        .first()
    )
    if participant is None or not certificate_ready(participant):
        raise Http404("No certificate for this link.")
    response = HttpResponse(certificates_pdf([participant]), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="teilnahmebescheinigung-{participant.event.slug}.pdf"'
    )
    return response
