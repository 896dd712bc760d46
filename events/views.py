from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.ical import event_calendar_build
from events.models import Event, TargetGroup

# Past events are listed below the upcoming ones, the latest first, this many.
PAST_SHOWN = 12


def _events(request: HttpRequest):
    return Event.objects.visible_to(request.user).select_related("center")


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    groups = Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position"))
    upcoming = list(_events(request).upcoming(now).prefetch_related(groups))
    past = list(_events(request).past(now)[:PAST_SHOWN])
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past})


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        _events(request).prefetch_related("target_groups", "programme", "forums"), slug=slug
    )
    return render(request, "events/event_detail.html", {"event": event})


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
