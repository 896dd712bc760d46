"""The statistics service on a small hand-checked example (tests/statistics_data.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.statistics import Counts, Period, Scope, by_quarter, cooperations_in, figures
from tests.factories import CenterFactory, CooperationFactory, OfferFactory
from tests.statistics_data import BERLIN, END_OF_2025, attended, dated, example

pytestmark = pytest.mark.django_db

Q2 = Period(2025, 2)


@pytest.fixture
def data():
    return example()


def test_a_quarter_runs_from_its_first_to_its_last_day_in_berlin_time():
    assert Period(2025, 2).first_day == datetime.date(2025, 4, 1)
    assert Period(2025, 2).last_day == datetime.date(2025, 6, 30)
    assert Period(2025, 4).last_day == datetime.date(2025, 12, 31)
    assert Period(2025).first_day == datetime.date(2025, 1, 1)
    start, end = Period(2025, 2).bounds()
    assert start == datetime.datetime(2025, 4, 1, tzinfo=BERLIN)
    assert end == datetime.datetime(2025, 7, 1, tzinfo=BERLIN)
    assert Period(2025, 2).slug == "2025-q2"
    assert Period(2025).slug == "2025"


def test_it_counts_a_district_in_a_quarter(data):
    result = figures(Scope(Scope.DISTRICT, data["jena"]), Q2, now=END_OF_2025)

    assert result.total == Counts(
        planned=7, cancelled=2, not_held=1, held=4, recorded=4, adults=6, children=6
    )
    assert result.total.participants == 12
    rows = {row.name: row for row in result.centers}
    assert set(rows) == {"Zentrum A", "Zentrum B"}
    assert rows["Zentrum A"].counts == Counts(
        planned=6, cancelled=2, not_held=1, held=3, recorded=3, adults=5, children=6
    )
    assert rows["Zentrum B"].counts == Counts(
        planned=1, cancelled=0, not_held=0, held=1, recorded=1, adults=1, children=0
    )
    assert (rows["Zentrum A"].cooperations_new, rows["Zentrum A"].cooperations_ended) == (1, 1)
    assert (rows["Zentrum B"].cooperations_new, rows["Zentrum B"].cooperations_ended) == (0, 0)
    assert (result.cooperations_new, result.cooperations_ended) == (1, 1)


def test_it_counts_by_category_and_language(data):
    result = figures(Scope(Scope.DISTRICT, data["jena"]), Q2, now=END_OF_2025)

    categories = {group.label: group.counts for group in result.categories}
    assert categories == {
        "Eltern-Kind-Gruppen": Counts(
            planned=6, cancelled=2, not_held=1, held=3, recorded=3, adults=5, children=6
        ),
        "Beratung": Counts(
            planned=2, cancelled=0, not_held=0, held=2, recorded=2, adults=3, children=1
        ),
    }
    languages = {group.label: group.counts for group in result.languages}
    assert languages == {
        "Arabisch": Counts(
            planned=5, cancelled=2, not_held=1, held=2, recorded=2, adults=3, children=5
        ),
        "keine Sprache angegeben": Counts(
            planned=2, cancelled=0, not_held=0, held=2, recorded=2, adults=3, children=1
        ),
    }


def test_each_scope_counts_its_own_centres(data):
    def planned(scope: Scope) -> int:
        return figures(scope, Q2, now=END_OF_2025).total.planned

    assert planned(Scope(Scope.CENTER, data["a"])) == 6
    assert planned(Scope(Scope.CENTER, data["b"])) == 1
    assert planned(Scope(Scope.SOZIALRAUM, data["lobeda"])) == 6
    assert planned(Scope(Scope.SOZIALRAUM, data["winzerla"])) == 1
    assert planned(Scope(Scope.DISTRICT, data["saalfeld"])) == 1
    land = figures(Scope(Scope.LAND), Q2, now=END_OF_2025)
    assert land.total.planned == 8
    assert (land.total.adults, land.total.children) == (10, 10)
    assert [row.name for row in land.centers_by_activity][:2] == ["Zentrum A", "Zentrum B"]


def test_future_dates_are_planned_but_not_held(data):
    result = figures(
        Scope(Scope.CENTER, data["a"]), Q2, now=datetime.datetime(2025, 5, 1, tzinfo=BERLIN)
    )

    assert result.total.planned == 6
    assert result.total.held == 1  # 8 April; 29 April did not take place, the rest is ahead


def test_a_year_and_its_quarters(data):
    year = figures(Scope(Scope.CENTER, data["a"]), Period(2025), now=END_OF_2025)
    assert year.total.held == 4
    assert (year.total.adults, year.total.children) == (15, 16)
    assert (year.cooperations_new, year.cooperations_ended) == (2, 1)

    quarters = by_quarter(data["a"], 2025, now=END_OF_2025)
    assert [q.counts.held for q in quarters] == [0, 3, 1, 0]
    assert [q.counts.participants for q in quarters] == [0, 11, 20, 0]
    assert quarters[0].label == "1. Quartal"


def test_the_late_evening_of_the_last_day_belongs_to_its_quarter(data):
    q1 = figures(Scope(Scope.CENTER, data["c"]), Period(2025, 1), now=END_OF_2025)
    assert q1.total.planned == 1  # 31 March, 23:30 in Berlin (21:30 UTC)


def test_the_cooperations_of_a_year_are_listed_by_partner(data):
    began, ended = cooperations_in(data["a"], Period(2025))
    assert sorted(c.since for c in began) == [datetime.date(2025, 5, 1), datetime.date(2025, 8, 1)]
    assert [c.ended_on for c in ended] == [datetime.date(2025, 6, 15)]


def test_the_number_of_queries_does_not_grow_with_the_data(data):
    scope = Scope(Scope.LAND)
    with CaptureQueriesContext(connection) as small:
        figures(scope, Q2, now=END_OF_2025)
    for n in range(6):
        center = CenterFactory(sozialraum=data["gorndorf"])
        offer = OfferFactory(center=center)
        for week in range(3):
            attended(dated(offer, datetime.date(2025, 4, 7) + datetime.timedelta(weeks=week)), n)
        CooperationFactory(center=center, since=datetime.date(2025, 4, 2))
    with CaptureQueriesContext(connection) as large:
        result = figures(scope, Q2, now=END_OF_2025)
    assert result.total.planned == 8 + 18
    assert len(large) == len(small) == 7


def test_counts_of_a_date_cancelled_after_they_were_saved_do_not_count(data):
    offer = OfferFactory(center=data["b"])
    attended(dated(offer, datetime.date(2025, 5, 20), cancelled=True), 7, 9)

    counts = figures(Scope(Scope.CENTER, data["b"]), Q2, now=END_OF_2025).total

    assert counts == Counts(
        planned=2, cancelled=1, not_held=0, held=1, recorded=1, adults=1, children=0
    )
