"""schema.org ``Event`` data (JSON-LD) of an offer page, so search engines show its dates.

Google's event guidelines ask for one ``Event`` per date of a series (each with its own
``startDate``), with ``name``, ``startDate`` and ``location`` required, and
``description``, ``endDate``, ``eventStatus``, ``eventAttendanceMode``, ``image``,
``offers``, ``organizer`` and ``performer`` recommended. A cancelled date keeps its date
and says ``EventCancelled``; a moved date has its new ``startDate``, ``EventRescheduled``
and the ``previousStartDate``.
"""

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from offers.models import Occurrence, Offer
from offers.recurrence import local_datetime

SCHEMA = "https://schema.org"
# The next dates that get an Event: enough for the coming weeks, not a year of them.
MAX_EVENTS = 10
# BCP 47 tags for the portal's language codes that are not ISO 639-1 (German Sign
# Language is "gsg" in ISO 639-3).
LANGUAGE_TAGS = {"dgs": "gsg"}
# "<", ">" and "&" escaped, so no text can close the script element (as json_script does);
# three str.replace calls, a hundred times faster than str.translate on non-ASCII text.
_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def _address(street: str, postcode: str, city: str) -> dict[str, str]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postcode,
        "addressLocality": city,
        "addressRegion": "Thüringen",
        "addressCountry": "DE",
    }
    return {key: value for key, value in address.items() if value}


def _location(offer: Offer) -> dict[str, Any]:
    if offer.place == Offer.PlaceKind.ONLINE:
        return {"@type": "VirtualLocation", "url": offer.online_url}
    if offer.place == Offer.PlaceKind.CENTER and offer.center:
        center = offer.center
        place = {
            "@type": "Place",
            "name": center.name,
            "address": _address(center.street, center.postcode, center.city),
        }
    else:
        place = {
            "@type": "Place",
            "name": offer.place_name or offer.street or offer.city,
            "address": _address(offer.street, offer.postcode, offer.city),
        }
    point = offer.place_point
    if point:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": point.latitude,
            "longitude": point.longitude,
        }
    return place


def _organizer(offer: Offer, absolute: Callable[[str], str]) -> dict[str, str]:
    if offer.center:
        return {
            "@type": "Organization",
            "name": offer.center.name,
            "url": absolute(offer.center.get_absolute_url()),
        }
    return {
        "@type": "Organization",
        "name": settings.THEKIZ_OPERATOR["name"],
        "url": absolute("/"),
    }


def _price(offer: Offer) -> str:
    """The fee as schema.org wants it ("4.50"); free and for a donation are "0"."""
    if offer.cost == Offer.Cost.AMOUNT and offer.cost_amount is not None:
        return str(offer.cost_amount.quantize(Decimal("0.01")))
    return "0"


def offer_events(
    offer: Offer, dates: Iterable[Occurrence], absolute: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One schema.org ``Event`` per upcoming date (the next ``MAX_EVENTS``).

    ``absolute`` turns a path into a full URL (``request.build_absolute_uri``). The
    offer's categories, languages and partner must be fetched already (``offer_for_page``).
    """
    url = absolute(offer.get_absolute_url())
    online = offer.place == Offer.PlaceKind.ONLINE
    codes = [LANGUAGE_TAGS.get(language.code, language.code) for language in offer.languages.all()]
    common: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": offer.title,
        "description": offer.summary,
        "url": url,
        "eventAttendanceMode": f"{SCHEMA}/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": _location(offer),
        "organizer": _organizer(offer, absolute),
        "inLanguage": codes[0] if len(codes) == 1 else (codes or "de"),
        "isAccessibleForFree": offer.cost != Offer.Cost.AMOUNT,
        "offers": {
            "@type": "Offer",
            "price": _price(offer),
            "priceCurrency": "EUR",
            "availability": f"{SCHEMA}/InStock",
            "url": url,
            "validFrom": timezone.localtime(offer.created_at).replace(microsecond=0).isoformat(),
        },
    }
    if offer.image:
        common["image"] = [absolute(offer.image.url)]
    if offer.partner:
        common["performer"] = {
            "@type": "Organization",
            "name": offer.partner.name,
            "url": absolute(offer.partner.get_absolute_url()),
        }
    events = []
    for occurrence in list(dates)[:MAX_EVENTS]:
        event = {
            **common,
            "startDate": timezone.localtime(occurrence.start).isoformat(),
            "endDate": timezone.localtime(occurrence.end).isoformat(),
        }
        if not occurrence.takes_place:
            event["eventStatus"] = f"{SCHEMA}/EventCancelled"
        elif occurrence.moved:
            event["eventStatus"] = f"{SCHEMA}/EventRescheduled"
            event["previousStartDate"] = local_datetime(
                occurrence.original_date, occurrence.original_time
            ).isoformat()
        else:
            event["eventStatus"] = f"{SCHEMA}/EventScheduled"
        events.append(event)
    return events


def json_ld_script(data: Any) -> SafeString:
    """``<script type="application/ld+json">`` with ``data``: a data block, which the
    browser never runs, so the Content-Security-Policy (no inline script) does not apply;
    escaped like ``json_script``, so no text in it can end the element. (Django's
    ``json_script`` always writes ``type="application/json"``, which search engines do not
    read as structured data, so it cannot be called here.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
