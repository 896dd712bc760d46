"""The calendar import: real-world files from common calendar programs become offers with
the same dates; a second import updates; the portal's own export comes back unchanged."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from offers.calendar_import import calendar_plan
from offers.ical import calendar_build
from offers.models import Occurrence, Offer, Schedule
from offers.services import occurrence_cancel, occurrence_move
from offers.services.imports import calendar_import_apply, import_cancel_reason
from tests.factories import CenterFactory, weekly_offer

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "ical_samples"
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _on_the_first_of_september():
    """The samples are a programme from September 2026 on."""
    with time_machine.travel(datetime.datetime(2026, 9, 1, 8, 0, tzinfo=BERLIN), tick=False):
        yield


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def plan_of(name: str, center=None):
    return calendar_plan(sample(name), center=center or CenterFactory(), today=TODAY)


def import_file(name: str, center) -> list[Offer]:
    plan = calendar_plan(sample(name), center=center, today=TODAY)
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    return list(Offer.objects.filter(center=center).order_by("title"))


def at(day: str, time: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BERLIN)


def by_title(plan) -> dict:
    return {offer.title: offer for offer in plan.offers}


# --- Google Calendar ---------------------------------------------------------------------


def test_google_weekly_rule_with_exdate_and_overrides():
    offers = by_title(plan_of("google.ics"))
    group = offers["Krabbelgruppe"]
    [schedule] = group.schedules
    assert (schedule.frequency, schedule.weekdays) == (Schedule.Frequency.WEEKLY, "TU")
    assert (schedule.start_time, schedule.end_time) == (datetime.time(9, 30), datetime.time(11))
    # EXDATE and the override with STATUS:CANCELLED are both cancellations.
    assert group.cancelled == [
        (datetime.date(2026, 10, 6), datetime.time(9, 30)),
        (datetime.date(2026, 10, 27), datetime.time(9, 30)),
    ]
    # The override at another time (RECURRENCE-ID) is a moved date.
    [moved] = group.moved
    assert moved.day == datetime.date(2026, 10, 20)
    assert (moved.start, moved.end) == (at("2026-10-20", "14:00"), at("2026-10-20", "15:30"))
    # The description's HTML line break is a line break; the address is mentioned.
    assert group.description.startswith("Offene Krabbelgruppe für Babys von 6 bis 18 Monaten.\n")
    assert any("Lobdergraben 1" in note for note in group.notes)


def test_the_previews_next_dates_leave_out_the_cancelled_and_moved_ones():
    group = by_title(plan_of("google.ics"))["Krabbelgruppe"]
    days = [day for day, _time in group.upcoming(TODAY, limit=10)]
    assert days[:4] == [datetime.date(2026, 9, d) for d in (8, 15, 22, 29)]
    # 6 and 27 October are cancelled, 20 October moved: each is listed on its own.
    assert datetime.date(2026, 10, 13) in days
    assert not {datetime.date(2026, 10, d) for d in (6, 20, 27)} & set(days)


def test_google_monthly_first_weekday_is_a_monthly_schedule():
    [schedule] = by_title(plan_of("google.ics"))["Elterncafé"].schedules
    assert schedule.frequency == Schedule.Frequency.MONTHLY
    assert (schedule.month_week, schedule.weekdays) == (1, "WE")


def test_google_all_day_event_is_listed_not_dropped():
    plan = plan_of("google.ics")
    assert "Sommerfest" not in by_title(plan)
    [skipped] = plan.skipped
    assert skipped.title == "Sommerfest"
    assert skipped.when == "12.09.2026"


def test_google_import_gives_the_calendars_dates():
    center = CenterFactory()
    offers = {offer.title: offer for offer in import_file("google.ics", center)}
    group = offers["Krabbelgruppe"]
    assert group.status == Offer.Status.DRAFT
    assert group.import_uid == "3k1m5v0q8s2e7hbl9rj6t4c2nd@google.com"
    dates = {d.original_date: d for d in group.occurrences.all()}
    assert dates[datetime.date(2026, 9, 8)].start == at("2026-09-08", "09:30")
    assert dates[datetime.date(2026, 10, 6)].cancelled
    assert dates[datetime.date(2026, 10, 6)].cancel_reason == import_cancel_reason()
    assert dates[datetime.date(2026, 10, 27)].cancelled
    moved = dates[datetime.date(2026, 10, 20)]
    assert moved.moved and moved.start == at("2026-10-20", "14:00")
    # Wall-clock time stays across the change to winter time.
    assert dates[datetime.date(2026, 11, 3)].start == at("2026-11-03", "09:30")


# --- Outlook / Exchange ------------------------------------------------------------------


def test_outlook_windows_time_zone_every_second_week_with_count():
    offers = by_title(plan_of("outlook.ics"))
    [schedule] = offers["Babymassage"].schedules
    assert (schedule.weekdays, schedule.interval, schedule.count) == ("MO", 2, 8)
    assert schedule.start_time == datetime.time(10)
    assert offers["Babymassage"].cancelled == [(datetime.date(2026, 10, 19), datetime.time(10))]
    # Only the plain text: the HTML alternative (X-ALT-DESC) is not the description.
    assert "<" not in offers["Babymassage"].description


def test_outlook_last_weekday_with_bysetpos_is_a_monthly_schedule():
    [schedule] = by_title(plan_of("outlook.ics"))["Stillberatung"].schedules
    assert (schedule.frequency, schedule.month_week, schedule.weekdays) == ("monthly", -1, "TH")
    assert schedule.until == datetime.date(2027, 6, 24)


def test_outlook_private_event_is_not_imported():
    plan = plan_of("outlook.ics")
    assert "Teamsitzung (intern)" not in by_title(plan)
    assert [event.title for event in plan.skipped] == ["Teamsitzung (intern)"]


def test_outlook_import_count_and_until_give_the_same_dates():
    center = CenterFactory()
    offers = {offer.title: offer for offer in import_file("outlook.ics", center)}
    massage = offers["Babymassage"].occurrences.order_by("start")
    assert [d.original_date for d in massage] == [
        datetime.date(2026, 9, 7) + datetime.timedelta(weeks=2 * n) for n in range(8)
    ]
    last = offers["Stillberatung"].occurrences.order_by("start").last()
    assert last.original_date == datetime.date(2027, 6, 24)  # UNTIL is its start: included


# --- Nextcloud ---------------------------------------------------------------------------


def test_nextcloud_rdate_becomes_an_extra_date_and_until_the_last_date():
    offers = by_title(plan_of("nextcloud.ics"))
    rule, extra = offers["Vater-Kind-Turnen"].schedules
    assert rule.until == datetime.date(2027, 6, 26)
    assert (extra.frequency, extra.start_date) == ("once", datetime.date(2026, 9, 17))
    assert (extra.start_time, extra.end_time) == (datetime.time(16), datetime.time(17, 30))


def test_nextcloud_rule_without_a_match_becomes_single_dates_and_says_so():
    advice = by_title(plan_of("nextcloud.ics"))["Sprechstunde Erziehungsberatung"]
    assert [s.frequency for s in advice.schedules] == ["once"] * 6
    assert [s.start_date.day for s in advice.schedules] == [15] * 6
    assert "BYMONTHDAY=15" in advice.notes[0]


# --- Thunderbird -------------------------------------------------------------------------


def test_thunderbird_several_weekdays_and_an_exdate_in_utc():
    spielkreis = by_title(plan_of("thunderbird.ics"))["Spielkreis"]
    [schedule] = spielkreis.schedules
    assert schedule.weekdays == "MO,WE,FR"
    # EXDATE:20261223T080000Z is 9:00 in Berlin (winter time).
    assert spielkreis.cancelled == [(datetime.date(2026, 12, 23), datetime.time(9))]


def test_thunderbird_other_time_zone_and_duration():
    [schedule] = by_title(plan_of("thunderbird.ics"))[
        "Online-Elternabend mit Gast aus New York"
    ].schedules
    # 13:00 in New York (summer time, UTC-4) is 19:00 in Berlin; DURATION:PT1H30M.
    assert (schedule.start_date, schedule.start_time) == (
        datetime.date(2026, 9, 16),
        datetime.time(19),
    )
    assert schedule.end_time == datetime.time(20, 30)


def test_thunderbird_multi_day_event_is_listed_and_yearly_rule_is_a_single_date():
    plan = plan_of("thunderbird.ics")
    assert [event.title for event in plan.skipped] == ["Elternwochenende"]
    [lantern] = by_title(plan)["Laternenumzug"].schedules
    assert (lantern.frequency, lantern.start_date) == ("once", datetime.date(2026, 11, 11))


def test_a_utc_rule_that_shifts_in_berlin_winter_time_becomes_single_dates():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:utc-rule\r\nSUMMARY:Treff\r\nDTSTART:20260902T130000Z\r\n"
        b"DTEND:20260902T140000Z\r\nRRULE:FREQ=WEEKLY;COUNT=12\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [planned] = calendar_plan(data, center=CenterFactory(), today=TODAY).offers
    times = {schedule.start_time for schedule in planned.schedules}
    assert times == {datetime.time(15), datetime.time(14)}  # summer, then winter time
    assert len(planned.schedules) == 12


# --- Broken and foreign files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (sample("broken.ics"), "beschädigt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "keine Kalenderdatei"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:kaputt\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "beschädigt",
        ),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (2 * 1024 * 1024), "größer als 2 MB"),
    ],
)
def test_a_broken_or_foreign_file_is_refused_in_german(data, message):
    with pytest.raises(ValidationError) as refused:
        calendar_plan(data, center=CenterFactory(), today=TODAY)
    assert message in " ".join(refused.value.messages)


# --- Matching by UID ---------------------------------------------------------------------


def test_a_second_import_updates_instead_of_duplicating():
    center = CenterFactory()
    first = import_file("google.ics", center)
    group = next(offer for offer in first if offer.title == "Krabbelgruppe")
    Offer.objects.filter(pk=group.pk).update(status=Offer.Status.PUBLISHED)
    plan = calendar_plan(sample("google.ics"), center=center, today=TODAY)
    assert {p.existing.pk for p in plan.updated} == {o.pk for o in first}
    assert plan.created == []
    second = import_file("google.ics", center)
    assert [offer.pk for offer in second] == [offer.pk for offer in first]
    group.refresh_from_db()
    assert group.status == Offer.Status.PUBLISHED  # staff published it: it stays so
    dates = group.occurrences.filter(original_date=datetime.date(2026, 9, 8))
    assert dates.count() == 1


def test_a_second_import_follows_the_calendars_changes():
    center = CenterFactory()
    import_file("google.ics", center)
    changed = (
        sample("google.ics")
        .replace(
            b"EXDATE;TZID=Europe/Berlin:20261006T093000",
            b"EXDATE;TZID=Europe/Berlin:20261013T093000",
        )
        .replace(b"SUMMARY:Krabbelgruppe", b"SUMMARY:Krabbelgruppe am Dienstag")
    )
    plan = calendar_plan(changed, center=center, today=TODAY)
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    group = Offer.objects.get(center=center, import_uid="3k1m5v0q8s2e7hbl9rj6t4c2nd@google.com")
    assert group.title == "Krabbelgruppe am Dienstag"
    dates = {d.original_date: d for d in group.occurrences.all()}
    assert not dates[datetime.date(2026, 10, 6)].cancelled  # no longer left out
    assert dates[datetime.date(2026, 10, 13)].cancelled


def test_the_same_uid_in_another_centre_is_another_offer():
    first, second = CenterFactory(), CenterFactory()
    import_file("outlook.ics", first)
    plan = calendar_plan(sample("outlook.ics"), center=second, today=TODAY)
    assert plan.updated == [] and len(plan.created) == 2


def test_a_failing_import_changes_nothing():
    center = CenterFactory()
    plan = calendar_plan(sample("google.ics"), center=center, today=TODAY)
    plan.offers[-1].schedules[0].end_time = datetime.time(0, 1)  # ends before it starts
    with pytest.raises(ValidationError):
        calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    assert not Offer.objects.filter(center=center).exists()


def test_planning_takes_the_same_queries_for_a_large_calendar(django_assert_num_queries):
    center = CenterFactory()
    events = b"".join(
        b"BEGIN:VEVENT\r\nUID:e%d\r\nSUMMARY:Treff %d\r\nDTSTART;TZID=Europe/Berlin:20260908T0930"
        b"00\r\nDTEND;TZID=Europe/Berlin:20260908T110000\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"
        % (n, n)
        for n in range(60)
    )
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events + b"END:VCALENDAR\r\n"
    with django_assert_num_queries(1):
        plan = calendar_plan(data, center=center, today=TODAY)
    assert len(plan.offers) == 60


# --- Round trip: the portal's own export -------------------------------------------------


def test_the_portals_export_imports_with_the_same_dates():
    source = weekly_offer(start=datetime.date(2026, 9, 1), today=TODAY)
    dates = list(source.occurrences.order_by("start"))
    occurrence_cancel(occurrence=dates[2], reason="Krankheit")
    occurrence_move(
        occurrence=dates[4],
        day=dates[4].original_date + datetime.timedelta(days=1),
        start_time=datetime.time(15),
        end_time=datetime.time(16, 30),
    )
    source.refresh_from_db()
    exported = calendar_build(
        source.title, [(source, list(source.occurrences.all()), "https://x/")], "portal.test"
    )
    center = CenterFactory()
    [imported] = import_file_data(exported, center)

    def dates_of(offer):
        return [
            (d.start, d.end, d.takes_place)
            for d in Occurrence.objects.filter(offer=offer).order_by("original_date")
        ]

    assert dates_of(imported) == dates_of(source)
    assert imported.title == source.title
    assert imported.occurrences.filter(moved=True).count() == 1


def import_file_data(data: bytes, center) -> list[Offer]:
    plan = calendar_plan(data, center=center, today=TODAY)
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    return list(Offer.objects.filter(center=center))


def test_floating_times_are_the_centres_wall_clock_time():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:floating\r\nSUMMARY:Treff\r\nDTSTART:20260908T093000\r\nDTEND:20260908T110000\r\n"
        b"RRULE:FREQ=WEEKLY;UNTIL=20261027T083000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [planned] = calendar_plan(data, center=CenterFactory(), today=TODAY).offers
    [schedule] = planned.schedules
    assert (schedule.weekdays, schedule.start_time) == ("TU", datetime.time(9, 30))
    assert schedule.until == datetime.date(2026, 10, 27)


def test_changes_to_past_dates_are_history():
    later = datetime.date(2026, 10, 25)
    [group] = [
        offer
        for offer in calendar_plan(sample("google.ics"), center=CenterFactory(), today=later).offers
        if offer.title == "Krabbelgruppe"
    ]
    assert group.moved == []  # the 20 October lies before the import
    assert group.cancelled == [(datetime.date(2026, 10, 27), datetime.time(9, 30))]
