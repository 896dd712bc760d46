"""Calendar files (RFC 5545): one offer, all offers of a centre as a subscription feed, or
a single date of an offer (``occurrence_calendar_build``).

Each schedule becomes one VEVENT: a rule as RRULE, dates that do not take place (cancelled,
holiday, closure, school holidays, removed from the schedule) as EXDATE, a moved date as
its own VEVENT with the same UID and a RECURRENCE-ID. Times carry TZID=Europe/Berlin and
the file contains the VTIMEZONE. A session that two rules give is in the file once: the
older rule has it, the younger excludes it (a single date is then left out).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from common.translations import Text
from network.models import Language
from offers.models import Closure, Occurrence, Offer, Schedule
from offers.recurrence import local_datetime, schedule_dates, schedule_rrule_value
from offers.services import DayRules, horizon_end

# Rule dates beyond the materialised horizon are checked against holidays this far ahead,
# so that a downloaded file is right for longer than the portal's own calendar.
EXTRA_YEARS_CHECKED = 2


def _uid(schedule: Schedule, domain: str) -> str:
    return f"thekiz-offer-{schedule.offer_id}-schedule-{schedule.pk}@{domain}"


def _with_language(text: Text, value: str | None = None) -> icalendar.vText:
    """A text property value with its LANGUAGE parameter (RFC 5545, 3.2.10). The format
    has no writing direction: calendar programs apply the Unicode bidi algorithm."""
    prop = icalendar.vText(text.value if value is None else value)
    prop.params["LANGUAGE"] = text.lang
    return prop


def _base_event(offer: Offer, url: str, language: Language | None = None) -> icalendar.Event:
    event = icalendar.Event()
    summary = offer.text_in("summary", language)
    event.add("summary", _with_language(offer.text_in("title", language)))
    event.add("description", _with_language(summary, f"{summary}\n\n{url}"))
    event.add("url", url)
    place = ", ".join(offer.place_lines) or offer.online_url
    if place:
        event.add("location", place)
    event.add("dtstamp", timezone.now())
    return event


def _last_checked(today: datetime.date) -> datetime.date:
    return horizon_end(today) + datetime.timedelta(days=365 * EXTRA_YEARS_CHECKED)


def _offer_events(
    offer: Offer,
    occurrences: list[Occurrence],
    url: str,
    domain: str,
    today: datetime.date,
    closures: list[Closure],
    language: Language | None = None,
) -> Iterable[icalendar.Event]:
    by_schedule: dict[int, dict[datetime.date, Occurrence]] = {}
    for occurrence in occurrences:
        if occurrence.schedule_id:
            by_schedule.setdefault(occurrence.schedule_id, {})[occurrence.original_date] = (
                occurrence
            )
    last_checked = _last_checked(today)
    rules = DayRules(offer.runs_on_holidays, offer.skip_school_holidays, closures)
    schedules = list(offer.schedules.all())
    days_of = {
        schedule.pk: schedule_dates(schedule, schedule.start_date, last_checked)
        for schedule in schedules
    }
    # A session two rules give belongs to the older rule, as in the materialised calendar.
    owner: dict[tuple[datetime.date, datetime.time], int] = {}
    for schedule in sorted(schedules, key=lambda schedule: schedule.pk):
        for day in days_of[schedule.pk]:
            owner.setdefault((day, schedule.start_time), schedule.pk)
    for schedule in schedules:
        known = by_schedule.get(schedule.pk, {})
        # The days whose session an older rule has (a single date wholly so).
        others = {
            day for day in days_of[schedule.pk] if owner[(day, schedule.start_time)] != schedule.pk
        }
        if others and schedule.frequency == Schedule.Frequency.ONCE:
            continue
        event = _base_event(offer, url, language)
        event.add("uid", _uid(schedule, domain))
        event.add("dtstart", local_datetime(schedule.start_date, schedule.start_time))
        event.add("dtend", local_datetime(schedule.start_date, schedule.end_time))
        rule = schedule_rrule_value(schedule)
        overrides = []
        if rule is None:
            occurrence = known.get(schedule.start_date)
            if occurrence and not occurrence.takes_place:
                event.add("status", "CANCELLED")
            elif occurrence and occurrence.moved:
                event["dtstart"] = icalendar.vDDDTypes(timezone.localtime(occurrence.start))
                event["dtend"] = icalendar.vDDDTypes(timezone.localtime(occurrence.end))
            yield event
            continue
        event.add("rrule", rule)
        excluded = []
        for day in days_of[schedule.pk]:
            occurrence = known.get(day)
            if day in others:
                excluded.append(day)
            elif occurrence is not None:
                if not occurrence.takes_place:
                    excluded.append(day)
                elif occurrence.moved:
                    overrides.append(occurrence)
            elif day > horizon_end(today) and rules.off(day)[0]:
                excluded.append(day)
        if excluded:
            event.add("exdate", [local_datetime(day, schedule.start_time) for day in excluded])
        yield event
        for occurrence in overrides:
            moved = _base_event(offer, url, language)
            moved.add("uid", _uid(schedule, domain))
            moved.add(
                "recurrence-id", local_datetime(occurrence.original_date, schedule.start_time)
            )
            moved.add("dtstart", timezone.localtime(occurrence.start))
            moved.add("dtend", timezone.localtime(occurrence.end))
            if occurrence.note:
                summary = offer.text_in("summary", language)
                moved["description"] = _with_language(
                    summary, f"{occurrence.note}\n\n{summary}\n\n{url}"
                )
            yield moved


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ThEKiZ-Portal//thekiz-portal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def occurrence_calendar_build(
    offer: Offer,
    occurrence: Occurrence,
    url: str,
    domain: str,
    language: Language | None = None,
) -> bytes:
    """An iCalendar file with one date of ``offer``: its own UID (the same each time, so a
    second download updates the entry), its time as it is now (moved or not), and
    ``STATUS:CANCELLED`` when it does not take place, with the reason. Title and summary
    in ``language`` where translated (German otherwise)."""
    calendar = _calendar(offer.title)
    event = _base_event(offer, url, language)
    event.add("uid", f"thekiz-offer-{offer.pk}-date-{occurrence.pk}@{domain}")
    event.add("dtstart", timezone.localtime(occurrence.start))
    event.add("dtend", timezone.localtime(occurrence.end))
    notes = [occurrence.note] if occurrence.note else []
    if occurrence.takes_place:
        event.add("status", "CONFIRMED")
    else:
        event.add("status", "CANCELLED")
        notes.insert(0, occurrence.why_not)
    if notes := [note for note in notes if note]:
        summary = offer.text_in("summary", language)
        event["description"] = _with_language(summary, "\n\n".join([*notes, summary.value, url]))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_build(
    name: str,
    offers: list[tuple[Offer, list[Occurrence], str]],
    domain: str,
    language: Language | None = None,
) -> bytes:
    """An iCalendar file for ``offers``: (offer, all its occurrences, absolute URL), with
    titles and summaries in ``language`` where translated (German otherwise)."""
    calendar = _calendar(name)
    today = timezone.localdate()
    # The centres' closures in one query, however many offers the file holds.
    closures: dict[int, list[Closure]] = defaultdict(list)
    for closure in Closure.objects.filter(
        center_id__in={offer.center_id for offer, _dates, _url in offers if offer.center_id},
        start_date__lte=_last_checked(today),
        end_date__gte=today,
    ):
        closures[closure.center_id].append(closure)
    for offer, occurrences, url in offers:
        for event in _offer_events(
            offer, occurrences, url, domain, today, closures.get(offer.center_id, []), language
        ):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
