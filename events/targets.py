"""What the registration core shows of an event's places: in mails and on the personal
page, the event (or the event and its forum) with its day, place and calendar file."""

from django.conf import settings
from django.utils import timezone

from common import dates
from events.ical import event_calendar_build
from events.models import Event, Forum
from registrations.models import Capacity
from registrations.targets import Target, target_describer


def _when(event: Event) -> str:
    if event.one_day:
        return f"{dates.day(event.starts)}, {dates.time_span(event.starts, event.ends)}"
    return f"{dates.day(event.starts)} – {dates.day(event.ends)}"


@target_describer
def event_target(capacity: Capacity, content_language: str = "") -> Target | None:
    event = Event.objects.filter(capacity=capacity).select_related("center").first()
    title = event.title if event else ""
    if event is None:
        forum = Forum.objects.filter(capacity=capacity).select_related("event__center").first()
        if forum is None:
            return None
        event = forum.event
        title = f"{event.title} – {forum.title}"
    url = event.get_absolute_url()
    domain = settings.THEKIZ_BASE_URL.split("://", 1)[-1]
    return Target(
        title=title,
        dates=[_when(event)],
        url=url,
        place=event.place_lines or ([event.online_url] if event.online_url else []),
        contact=event.contact_email,
        starts_at=timezone.localtime(event.starts),
        ics=lambda: (
            event_calendar_build(event, settings.THEKIZ_BASE_URL + url, domain),
            f"{event.slug}.ics",
        ),
    )
