"""An event as a calendar file (RFC 5545): one VEVENT in Berlin time with its VTIMEZONE."""

import icalendar
from django.conf import settings
from django.utils import timezone

from events.models import Event


def event_calendar_build(event: Event, url: str, domain: str) -> bytes:
    """The event with a stable UID (a second download updates the entry), its place or
    online link, and the page's address."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ThEKiZ-Portal//thekiz-portal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    entry = icalendar.Event()
    entry.add("uid", f"thekiz-event-{event.pk}@{domain}")
    entry.add("summary", event.title)
    entry.add("description", f"{event.summary}\n\n{url}")
    entry.add("url", url)
    place = ", ".join(event.place_lines) or event.online_url
    if place:
        entry.add("location", place)
    entry.add("dtstart", timezone.localtime(event.starts))
    entry.add("dtend", timezone.localtime(event.ends))
    entry.add("dtstamp", timezone.now())
    entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
