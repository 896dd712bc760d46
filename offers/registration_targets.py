"""What the places of a date or a course are for, told to the registration core (its
mails, the personal page): the offer's title, the date or dates, the place, the contact,
and the calendar file built by ``offers.ical``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from common import dates
from network.models import Language
from offers.ical import calendar_build, occurrence_calendar_build
from offers.models import Occurrence, Offer
from registrations.models import Capacity
from registrations.targets import Target


def _when(occurrence: Occurrence) -> str:
    span = dates.time_span(occurrence.start, occurrence.end)
    return f"{dates.day(occurrence.start, 'long')}, {span}"


def _contact(offer: Offer) -> str:
    contact = offer.contact
    return " · ".join(
        part for part in (contact["name"], contact["phone"], contact["email"]) if part
    )


def _title(offer: Offer, language) -> dict:
    text = offer.text_in("title", language)
    return {"title": text.value, "title_lang": text.lang, "title_direction": text.direction}


def offer_target(capacity: Capacity, content_language: str = "") -> Target | None:
    """The date or course that ``capacity`` belongs to, or None (not an offer's); its
    title and calendar file in ``content_language`` where the offer is translated."""
    language = (
        Language.objects.for_content().filter(code=content_language).first()
        if content_language
        else None
    )
    base = settings.THEKIZ_BASE_URL
    domain = urlsplit(base).hostname or "thekiz.example"
    occurrence = (
        Occurrence.objects.filter(capacity=capacity)
        .select_related("offer__center", "closure")
        .first()
    )
    if occurrence is not None:
        offer = occurrence.offer
        url = base + offer.get_absolute_url()
        day = timezone.localtime(occurrence.start).date()
        return Target(
            **_title(offer, language),
            dates=[_when(occurrence)],
            url=offer.get_absolute_url(),
            place=offer.place_lines,
            contact=_contact(offer),
            starts_at=occurrence.start,
            ics=lambda: (
                occurrence_calendar_build(offer, occurrence, url, domain, language),
                f"{offer.slug}-{day:%Y-%m-%d}.ics",
            ),
        )
    offer = Offer.objects.filter(course_capacity=capacity).select_related("center").first()
    if offer is None:
        return None
    course_dates = [o for o in offer.occurrences.all() if o.takes_place]
    url = base + offer.get_absolute_url()
    return Target(
        **_title(offer, language),
        dates=[_when(o) for o in course_dates],
        url=offer.get_absolute_url(),
        place=offer.place_lines,
        contact=_contact(offer),
        starts_at=course_dates[0].start if course_dates else None,
        ics=lambda: (
            calendar_build(
                offer.text_in("title", language).value,
                [(offer, list(offer.occurrences.all()), url)],
                domain,
                language,
            ),
            f"{offer.slug}.ics",
        ),
    )
