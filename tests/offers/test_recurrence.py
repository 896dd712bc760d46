import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from icalendar import vRecur

from offers.models import Schedule
from offers.recurrence import (
    local_datetime,
    schedule_dates,
    schedule_describe,
    schedule_rrule_value,
    schedule_rule,
)

BERLIN = ZoneInfo("Europe/Berlin")


def schedule(**fields) -> Schedule:
    defaults = {
        "frequency": "weekly",
        "weekdays": "TU",
        "start_date": datetime.date(2027, 1, 5),
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(11, 0),
        "interval": 1,
    }
    return Schedule(**(defaults | fields))


def dates(s: Schedule, first="2027-01-01", last="2027-12-31") -> list[str]:
    return [
        d.isoformat()
        for d in schedule_dates(
            s, datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        )
    ]


def test_weekly_every_second_week():
    s = schedule(interval=2)
    assert dates(s, last="2027-02-28") == [
        "2027-01-05",
        "2027-01-19",
        "2027-02-02",
        "2027-02-16",
    ]


def test_weekly_on_two_weekdays():
    s = schedule(weekdays="TU,TH")
    assert dates(s, last="2027-01-14") == ["2027-01-05", "2027-01-07", "2027-01-12", "2027-01-14"]


def test_monthly_on_the_second_wednesday():
    s = schedule(frequency="monthly", weekdays="WE", month_week=2)
    assert dates(s, last="2027-04-30") == ["2027-01-13", "2027-02-10", "2027-03-10", "2027-04-14"]


def test_monthly_on_the_last_friday():
    s = schedule(frequency="monthly", weekdays="FR", month_week=-1)
    assert dates(s, last="2027-05-31") == [
        "2027-01-29",
        "2027-02-26",
        "2027-03-26",
        "2027-04-30",
        "2027-05-28",
    ]


def test_count_limits_the_number_of_dates():
    s = schedule(count=6)
    assert len(dates(s)) == 6
    assert dates(s)[-1] == "2027-02-09"


def test_until_is_the_last_date_included():
    s = schedule(until=datetime.date(2027, 1, 26))
    assert dates(s) == ["2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26"]


def test_a_single_date():
    s = schedule(frequency="once", weekdays="", start_date=datetime.date(2027, 6, 19))
    assert dates(s) == ["2027-06-19"]
    assert dates(s, first="2027-07-01") == []


@given(
    frequency=st.sampled_from(["weekly", "monthly"]),
    weekdays=st.lists(st.sampled_from(["MO", "TU", "WE", "SA", "SU"]), min_size=1, unique=True),
    month_week=st.sampled_from([1, 2, 4, -1]),
    interval=st.integers(min_value=1, max_value=5),
    start=st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
    first=st.dates(datetime.date(2025, 1, 1), datetime.date(2029, 12, 31)),
    length=st.integers(min_value=0, max_value=400),
    until=st.none() | st.dates(datetime.date(2025, 6, 1), datetime.date(2030, 12, 31)),
)
def test_a_window_far_from_the_first_date_gives_the_dates_the_whole_rule_gives(
    frequency, weekdays, month_week, interval, start, first, length, until
):
    rule = schedule(
        frequency=frequency,
        weekdays=",".join(weekdays),
        month_week=month_week if frequency == "monthly" else None,
        interval=interval,
        start_date=start,
        until=until if until and until >= start else None,
    )
    last = first + datetime.timedelta(days=length)
    whole = schedule_rule(rule).between(
        datetime.datetime.combine(first, datetime.time.min),
        datetime.datetime.combine(last, datetime.time.max),
        inc=True,
    )
    assert schedule_dates(rule, first, last) == [moment.date() for moment in whole]


def test_the_window_cuts_dates_before_and_after():
    s = schedule(start_date=datetime.date(2026, 1, 6))
    assert dates(s, first="2027-01-01", last="2027-01-13") == ["2027-01-05", "2027-01-12"]


@pytest.mark.parametrize(
    ("day", "utc_offset"),
    [
        ("2027-03-21", 1),  # before the change to summer time (28 March)
        ("2027-03-28", 2),  # the Sunday of the change
        ("2027-10-24", 2),
        ("2027-10-31", 1),  # the Sunday of the change back
    ],
)
def test_times_stay_local_across_daylight_saving_changes(day, utc_offset):
    s = schedule(weekdays="SU", start_date=datetime.date(2027, 3, 7))
    assert day in dates(s)
    start = local_datetime(datetime.date.fromisoformat(day), s.start_time)
    assert start.astimezone(BERLIN).time() == datetime.time(9, 30)
    assert start.utcoffset() == datetime.timedelta(hours=utc_offset)


def test_the_rule_is_exported_as_rfc_5545_with_until_in_utc():
    s = schedule(interval=2, until=datetime.date(2027, 6, 29))
    value = schedule_rrule_value(s)
    text = vRecur(value).to_ical().decode()
    assert "FREQ=WEEKLY" in text and "INTERVAL=2" in text and "BYDAY=TU" in text
    # 29 June 2027, 9:30 in Berlin (summer time) is 07:30 UTC.
    assert "UNTIL=20270629T073000Z" in text


def test_the_exported_rule_gives_the_same_dates_as_the_schedule():
    for s in [
        schedule(interval=2, count=8),
        schedule(
            frequency="monthly", weekdays="FR", month_week=-1, until=datetime.date(2027, 9, 1)
        ),
        schedule(weekdays="MO,TH", until=datetime.date(2027, 3, 1)),
    ]:
        text = vRecur(schedule_rrule_value(s)).to_ical().decode()
        dtstart = local_datetime(s.start_date, s.start_time)
        exported = rrulestr(f"RRULE:{text}", dtstart=dtstart)
        assert [moment.date().isoformat() for moment in exported] == dates(s, last="2028-12-31")


def test_monthly_rules_carry_the_position_in_byday():
    value = schedule_rrule_value(schedule(frequency="monthly", weekdays="FR", month_week=-1))
    assert value["BYDAY"] == ["-1FR"]
    assert schedule_rrule_value(schedule(frequency="once", weekdays="")) is None


def test_the_schedule_reads_like_a_sentence():
    s = schedule(interval=2, start_date=datetime.date(2030, 1, 8), until=datetime.date(2030, 6, 25))
    with translation.override("de"):
        assert schedule_describe(s) == (
            "jeden Dienstag, 9:30–11:00 Uhr, alle 2 Wochen, ab 8. Januar 2030 bis 25. Juni 2030"
        )
    with translation.override("en"):
        assert schedule_describe(s).startswith("every Tuesday, 9:30–11:00, every 2 weeks, from")


def test_monthly_and_single_dates_read_like_sentences():
    monthly = schedule(
        frequency="monthly", weekdays="FR", month_week=-1, start_date=datetime.date(2020, 1, 1)
    )
    once = schedule(
        frequency="once",
        weekdays="",
        start_date=datetime.date(2027, 6, 19),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(17, 0),
    )
    with translation.override("de"):
        assert schedule_describe(monthly) == "jeden letzten Freitag im Monat, 9:30–11:00 Uhr"
        assert schedule_describe(once) == "am Samstag, 19. Juni 2027, 14:00–17:00 Uhr"
