"""The offer search's input and query without a request: form → OccurrenceQuery → ranges."""

import dataclasses
import datetime

import pytest
from django.http import QueryDict

from offers.search import OccurrenceQuery, OfferSearchForm, Sort, TimeOfDay, When
from offers.selectors import start_windows

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 12, 2)


def query_for(query_string: str, today: datetime.date = WEDNESDAY) -> OccurrenceQuery:
    return OfferSearchForm(QueryDict(query_string)).query(today=today)


@pytest.mark.parametrize(
    ("when", "today", "first", "last"),
    [
        (When.TODAY, WEDNESDAY, WEDNESDAY, WEDNESDAY),
        (When.THIS_WEEK, WEDNESDAY, WEDNESDAY, datetime.date(2026, 12, 6)),
        (When.THIS_WEEKEND, WEDNESDAY, datetime.date(2026, 12, 5), datetime.date(2026, 12, 6)),
        # On Sunday, "this weekend" is today.
        (When.THIS_WEEKEND, datetime.date(2026, 12, 6), *[datetime.date(2026, 12, 6)] * 2),
        (When.NEXT_FOUR_WEEKS, WEDNESDAY, WEDNESDAY, datetime.date(2026, 12, 29)),
        (When.ALL, WEDNESDAY, WEDNESDAY, None),
    ],
)
def test_each_period_names_its_days(when, today, first, last):
    assert when.days(today) == (first, last)


def test_the_defaults_are_the_next_four_weeks_by_date():
    query = query_for("")
    assert (query.first, query.last) == (WEDNESDAY, datetime.date(2026, 12, 29))
    assert query.sort == Sort.DATE and not query.by_distance


def test_the_url_words_become_the_calendars_terms():
    query = query_for("alter=8&einheit=monate&wochentag=di&wochentag=so&tageszeit=abends")
    assert query.age_months == 8
    assert query.weekdays == frozenset({1, 6})
    assert query.times_of_day == (TimeOfDay.EVENING,)


def test_an_invalid_field_is_left_out_of_the_query():
    form = OfferSearchForm(QueryDict("alter=400&wochentag=xx&zeitraum=heute"))
    query = form.query(today=WEDNESDAY)
    assert query.age_months is None and query.weekdays == frozenset()
    assert (query.first, query.last) == (WEDNESDAY, WEDNESDAY)
    assert set(form.errors) == {"alter", "wochentag"}
    assert len(form.error_list) == 2


def test_a_query_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        query_for("").age_months = 3


def test_the_time_ranges_end_at_the_calendars_horizon(settings):
    settings.THEKIZ_CALENDAR_HORIZON_DAYS = 10
    query = OccurrenceQuery(first=WEDNESDAY, last=datetime.date(2200, 1, 1))
    windows = start_windows(query, today=WEDNESDAY)
    assert len(windows) == 1  # neighbouring days merge into one range
    assert windows[0][1].date() == WEDNESDAY + datetime.timedelta(days=11)
