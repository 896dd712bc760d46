"""schema.org ``Event`` data for an event page, for search engines (as the offer pages
have it, ``offers.structured_data``): name, dates, place or online, organiser, fee."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from events.models import Event
from offers.structured_data import SCHEMA


def _location(event: Event) -> dict[str, Any]:
    if not event.city:
        return {"@type": "VirtualLocation", "url": event.online_url or event.get_absolute_url()}
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.street,
        "postalCode": event.postcode,
        "addressLocality": event.city,
        "addressCountry": "DE",
    }
    return {
        "@type": "Place",
        "name": event.venue_name or event.city,
        "address": {key: value for key, value in address.items() if value},
    }


def event_data(event: Event, absolute: Callable[[str], str]) -> dict[str, Any]:
    """``absolute`` turns a path into a full URL (``request.build_absolute_uri``)."""
    url = absolute(event.get_absolute_url())
    if event.center:
        organizer = {"name": event.center.name, "url": absolute(event.center.get_absolute_url())}
    else:
        organizer = {"name": settings.THEKIZ_OPERATOR["name"], "url": absolute("/")}
    online_only = event.online and not event.city
    mode = "OnlineEventAttendanceMode" if online_only else "OfflineEventAttendanceMode"
    return {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": timezone.localtime(event.starts).isoformat(),
        "endDate": timezone.localtime(event.ends).isoformat(),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/{mode}",
        "location": _location(event),
        "organizer": {"@type": "Organization", **organizer},
        "isAccessibleForFree": event.fee is None,
        "offers": {
            "@type": "Offer",
            "price": str((event.fee or Decimal(0)).quantize(Decimal("0.01"))),
            "priceCurrency": "EUR",
            "url": url,
        },
    }
