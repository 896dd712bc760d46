import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from offers.ical import calendar_build
from offers.services import (
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    offer_date_add,
)
from tests.factories import ClosureFactory, OfferFactory, ScheduleFactory, weekly_offer

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
SEPT_1 = datetime.date(2027, 9, 1)
NOW = timezone.make_aware(datetime.datetime(2027, 9, 1, 8, 0))


def parse(offer, today=SEPT_1) -> icalendar.Calendar:
    occurrences = list(offer.occurrences.all())
    content = calendar_build(
        offer.title, [(offer, occurrences, "https://portal.example/x/")], "portal.example"
    )
    return icalendar.Calendar.from_ical(content)


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def occurrence_on(offer, day):
    return offer.occurrences.get(original_date=datetime.date.fromisoformat(day))


def test_a_weekly_offer_is_one_event_with_a_rule_in_berlin_time():
    offer = weekly_offer(
        weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1, title="Krabbelgruppe"
    )
    calendar = parse(offer)
    assert calendar["VERSION"] == "2.0"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    (event,) = events(calendar)
    assert str(event["SUMMARY"]) == "Krabbelgruppe"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == datetime.datetime(2027, 9, 6, 9, 30, tzinfo=BERLIN)
    assert event["DTEND"].dt == datetime.datetime(2027, 9, 6, 11, 0, tzinfo=BERLIN)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO"] and rule["INTERVAL"] == [1]
    assert str(event["UID"]).endswith("@portal.example")


def exdates(event) -> list[datetime.datetime]:
    value = event.get("EXDATE")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return sorted(moment.dt for entry in values for moment in entry.dts)


def test_cancelled_dates_and_holidays_are_exdates():
    offer = weekly_offer(weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1)
    occurrence_cancel(occurrence=occurrence_on(offer, "2027-09-13"), reason="Krankheit", now=NOW)
    (event,) = events(parse(offer))
    excluded = exdates(event)
    assert datetime.datetime(2027, 9, 13, 9, 30, tzinfo=BERLIN) in excluded
    assert datetime.datetime(2027, 9, 20, 9, 30, tzinfo=BERLIN) in excluded  # Weltkindertag
    assert datetime.datetime(2027, 9, 27, 9, 30, tzinfo=BERLIN) not in excluded
    assert all(moment.tzinfo is not None for moment in excluded)


def test_holidays_beyond_the_materialised_year_are_excluded_too():
    offer = weekly_offer(weekdays="MO", start=datetime.date(2027, 9, 6), today=SEPT_1)
    (event,) = events(parse(offer))
    # Easter Monday 2029 lies beyond the twelve months of materialised dates.
    assert datetime.datetime(2029, 4, 2, 9, 30, tzinfo=BERLIN) in exdates(event)


def test_a_moved_date_overrides_its_instance_with_recurrence_id():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    occurrence_move(
        occurrence=occurrence_on(offer, "2027-09-14"),
        day=datetime.date(2027, 9, 16),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
        now=NOW,
    )
    main, moved = events(parse(offer))
    assert str(moved["UID"]) == str(main["UID"])
    assert moved["RECURRENCE-ID"].dt == datetime.datetime(2027, 9, 14, 9, 30, tzinfo=BERLIN)
    assert moved["DTSTART"].dt == datetime.datetime(2027, 9, 16, 15, 0, tzinfo=BERLIN)
    assert datetime.datetime(2027, 9, 14, 9, 30, tzinfo=BERLIN) not in exdates(main)


def test_single_dates_are_plain_events_and_a_cancelled_one_says_so():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    extra = offer_date_add(
        offer=offer,
        day=datetime.date(2027, 9, 18),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        today=SEPT_1,
    )
    calendar_events = events(parse(offer))
    single = next(e for e in calendar_events if "RRULE" not in e)
    assert single["DTSTART"].dt == datetime.datetime(2027, 9, 18, 10, 0, tzinfo=BERLIN)
    assert "STATUS" not in single
    occurrence_cancel(occurrence=extra, reason="Regen", now=NOW)
    single = next(e for e in events(parse(offer)) if "RRULE" not in e)
    assert str(single["STATUS"]) == "CANCELLED"


def test_a_rule_with_an_end_carries_until_in_utc_and_a_count_stays_a_count():
    offer = OfferFactory()
    ScheduleFactory(
        offer=offer, start_date=datetime.date(2027, 9, 7), until=datetime.date(2027, 12, 21)
    )
    other = OfferFactory()
    ScheduleFactory(offer=other, start_date=datetime.date(2027, 9, 7), count=6)
    (event,) = events(parse(offer))
    assert event["RRULE"]["UNTIL"] == [datetime.datetime(2027, 12, 21, 8, 30, tzinfo=datetime.UTC)]
    (event,) = events(parse(other))
    assert event["RRULE"]["COUNT"] == [6]


def test_the_offer_calendar_file_is_served_for_download(client):
    offer = weekly_offer()
    response = client.get(f"/angebote/{offer.slug}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{offer.slug}.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = events(calendar)
    assert str(event["URL"]) == f"http://testserver/angebote/{offer.slug}/"


def test_the_centre_feed_holds_its_published_offers_only(client):
    offer = weekly_offer(title="Eltern-Café")
    weekly_offer(title="Entwurf", center=offer.center, status="draft")
    weekly_offer(title="Anderes Zentrum")
    response = client.get(f"/zentren/{offer.center.slug}/kalender.ics")
    assert response.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in events(icalendar.Calendar.from_ical(response.content))]
    assert summaries == ["Eltern-Café"]


def test_a_draft_offer_has_no_calendar_file(client):
    draft = weekly_offer(status="draft")
    assert client.get(f"/angebote/{draft.slug}/kalender.ics").status_code == 404


def test_the_centre_feed_needs_the_same_queries_however_many_offers(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = weekly_offer(title="Erstes")
    ClosureFactory(center=first.center)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/zentren/{first.center.slug}/kalender.ics")
    for number in range(4):
        weekly_offer(title=f"Weiteres {number}", center=first.center)
    with CaptureQueriesContext(connection) as five:
        response = client.get(f"/zentren/{first.center.slug}/kalender.ics")
    assert len(events(icalendar.Calendar.from_ical(response.content))) >= 5
    assert len(five) == len(one)


def test_a_session_two_rules_give_is_in_the_calendar_file_once():
    offer = weekly_offer(weekdays="TU", start=datetime.date(2027, 9, 7), today=SEPT_1)
    # A second rule for Tuesdays and Thursdays at the same time, and a single date that
    # repeats one of these sessions (the older rule has each of them).
    ScheduleFactory(offer=offer, weekdays="TU,TH", start_date=datetime.date(2027, 9, 7))
    ScheduleFactory(offer=offer, frequency="once", start_date=datetime.date(2027, 9, 21))
    calendar_events = events(parse(offer))
    assert len(calendar_events) == 2  # the single date adds nothing
    first, second = calendar_events
    assert first["RRULE"]["BYDAY"] == ["TU"] and second["RRULE"]["BYDAY"] == ["TU", "TH"]
    tuesday = datetime.datetime(2027, 9, 14, 9, 30, tzinfo=BERLIN)
    thursday = datetime.datetime(2027, 9, 16, 9, 30, tzinfo=BERLIN)
    assert tuesday not in exdates(first)
    assert tuesday in exdates(second) and thursday not in exdates(second)
    # Beyond the materialised year, too.
    assert datetime.datetime(2029, 9, 11, 9, 30, tzinfo=BERLIN) in exdates(second)


def single(client, offer, occurrence) -> tuple:
    response = client.get(f"/angebote/{offer.slug}/termine/{occurrence.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = events(icalendar.Calendar.from_ical(response.content))
    return response, event


def test_a_single_date_is_a_file_of_its_own(client):
    offer = weekly_offer(weekdays="TU", title="Krabbelgruppe", summary="Spielen.")
    first, second = offer.occurrences.order_by("start")[:2]

    response, event = single(client, offer, second)

    day = timezone.localtime(second.start).date()
    assert f'filename="{offer.slug}-{day:%Y-%m-%d}.ics"' in response["Content-Disposition"]
    assert str(event["SUMMARY"]) == "Krabbelgruppe"
    assert event["DTSTART"].dt == timezone.localtime(second.start)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt == timezone.localtime(second.end)
    assert "RRULE" not in event and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == f"http://testserver/angebote/{offer.slug}/"
    # Its own UID, the same at every download: a second import updates the entry.
    _, again = single(client, offer, second)
    _, other = single(client, offer, first)
    assert event["UID"] == again["UID"] != other["UID"]


def test_a_cancelled_single_date_says_cancelled_and_why(client):
    offer = weekly_offer(weekdays="TU")
    occurrence = offer.occurrences.order_by("start")[1]
    occurrence_cancel(occurrence=occurrence, reason="Fortbildung des Teams")

    _, event = single(client, offer, occurrence)

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["DESCRIPTION"]).startswith("Fortbildung des Teams")


def test_a_moved_single_date_has_its_new_time_and_note(client):
    offer = weekly_offer(weekdays="TU")
    occurrence = offer.occurrences.order_by("start")[1]
    day = timezone.localtime(occurrence.start).date() + datetime.timedelta(days=1)
    occurrence_move(
        occurrence=occurrence,
        day=day,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
    )
    occurrence_note_set(
        occurrence=offer.occurrences.get(pk=occurrence.pk), note="Diesmal im Garten"
    )

    _, event = single(client, offer, occurrence)

    assert event["DTSTART"].dt == datetime.datetime.combine(
        day, datetime.time(15, 0), tzinfo=BERLIN
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Diesmal im Garten" in str(event["DESCRIPTION"])


def test_a_date_of_another_offer_or_of_an_unpublished_one_is_404(client):
    offer = weekly_offer(weekdays="TU")
    other = weekly_offer(weekdays="WE")
    draft = weekly_offer(weekdays="TH", status="draft")
    foreign = other.occurrences.first()
    assert client.get(f"/angebote/{offer.slug}/termine/{foreign.pk}/kalender.ics").status_code == (
        404
    )
    hidden = draft.occurrences.first()
    assert client.get(f"/angebote/{draft.slug}/termine/{hidden.pk}/kalender.ics").status_code == (
        404
    )
    assert client.get(f"/angebote/{offer.slug}/termine/0/kalender.ics").status_code == 404
