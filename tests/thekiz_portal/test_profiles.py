"""The district and Sozialraum profiles: figures, coverage, gaps, comparison, queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from network.geo import Point
from network.models import Sozialraum
from network.population import PointIndex, PopulatedPlace, covered_share, populated_places
from offers.models import Audience, Category
from tests.factories import (
    CenterFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    language,
    weekly_offer,
)
from thekiz_portal.pages.profiles import comparison, coverage
from thekiz_portal.pages.profiles.figures import _age_bands

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")

# 0.063° of latitude is 7.0 km, 0.18° is 20.0 km.
HOME = Point(50.9, 11.6)
NEAR = Point(50.963, 11.6)
FAR = Point(51.08, 11.6)
PLACES = [
    PopulatedPlace("Mitte", HOME, 1000, "16053"),
    PopulatedPlace("Nachbardorf", NEAR, 3000, "16053"),
    PopulatedPlace("Fernau", FAR, 6000, "16053"),
]


def test_coverage_counts_the_population_within_reach():
    centres = PointIndex([HOME])
    assert covered_share(PLACES, centres, 5) == pytest.approx(0.1)  # Mitte only
    assert covered_share(PLACES, centres, 10) == pytest.approx(0.4)  # and Nachbardorf
    assert covered_share(PLACES, PointIndex([]), 10) == 0
    assert covered_share([], centres, 10) is None


def test_the_point_index_finds_the_nearest_point_within_the_distance():
    index = PointIndex([NEAR, FAR])
    assert index.nearest_km(HOME, 10) == pytest.approx(7.0, abs=0.1)
    assert index.nearest_km(HOME, 5) is None


def test_the_places_file_covers_every_district_of_thuringia():
    places = populated_places()
    assert {place.district for place in places} == {
        *(f"160{n}" for n in range(51, 56)),
        *(f"160{n}" for n in range(61, 78)),
    }
    erfurt = next(place for place in places if place.name == "Erfurt")
    assert erfurt.district == "16051" and erfurt.population > 100000


def test_district_coverage_on_a_small_example(monkeypatch):
    monkeypatch.setattr(coverage, "district_places", lambda ags: PLACES)
    area = SozialraumFactory(district=district("16053"))
    centre = CenterFactory(sozialraum=area, latitude=HOME.latitude, longitude=HOME.longitude)
    meeting = Category.objects.get(slug="begegnung")
    counselling = Category.objects.get(slug="beratung")
    weekly_offer(center=centre, categories=[meeting])
    # An offer elsewhere, at Fernau: counts for the people there.
    weekly_offer(
        center=centre, categories=[counselling], latitude=FAR.latitude, longitude=FAR.longitude
    )
    result = coverage.district_coverage(
        area.district, {meeting.pk: "Begegnung", counselling.pk: "Beratung"}
    )
    shares = {row["label"]: row["shares"] for row in result["rows"]}
    assert shares["ein Zentrum"] == [pytest.approx(0.1), pytest.approx(0.4)]
    assert shares["ein Angebot: Begegnung"] == [pytest.approx(0.1), pytest.approx(0.4)]
    assert shares["ein Angebot: Beratung"] == [pytest.approx(0.6), pytest.approx(0.6)]
    assert result["population"] == 10000
    # Farthest first: Fernau (20 km) beyond reach, then Nachbardorf (7 km), then Mitte.
    names = [place["name"] for place in result["least_covered"]]
    assert names == ["Fernau", "Nachbardorf", "Mitte"]
    assert result["least_covered"][1]["km"] == pytest.approx(7.0, abs=0.1)


@pytest.mark.parametrize(
    ("low", "high", "audiences", "bands"),
    [
        (0, 12, set(), ["0-1", "1-3"]),  # 12 months is the first day of the second year
        (0, 11, set(), ["0-1"]),
        (36, None, set(), ["3-6", "6+"]),
        (None, None, set(), ["0-1", "1-3", "3-6", "6+"]),
        (None, None, {"eltern"}, ["parents"]),
        (None, None, {"schwangere", "kinder"}, ["0-1", "1-3", "3-6", "6+", "parents"]),
        (None, None, {"fachkraefte"}, []),
    ],
)
def test_an_offer_counts_in_every_age_band_its_range_overlaps(low, high, audiences, bands):
    offer = {"age_min_months": low, "age_max_months": high}
    assert _age_bands(offer, audiences) == bands


def gap_setup():
    area = SozialraumFactory(district=district("16053"), name="Lobeda", slug="lobeda")
    centre = CenterFactory(sozialraum=area)
    centre.languages.set([language("ar"), language("de")])
    offer = weekly_offer(
        center=centre,
        categories=[Category.objects.get(slug="begegnung")],
        age_min_months=0,
        age_max_months=11,
    )
    offer.audiences.set([Audience.objects.get(code="kinder")])
    PartnerFactory(kind="hebamme").sozialraeume.set([area])
    return area


def test_the_gaps_of_a_sozialraum_are_stated(client):
    gap_setup()
    profile = client.get("/region/jena/lobeda/").context["profile"]
    assert "Begegnung & Eltern-Café" not in profile["missing_categories"]
    assert "Beratung" in profile["missing_categories"]
    assert profile["empty_bands"] == [
        "1 bis 3 Jahre",
        "3 bis 6 Jahre",
        "ab 6 Jahren",
        "Eltern und werdende Eltern",
    ]
    assert profile["missing_languages"] == ["Arabisch"]  # German is never a gap
    assert "Hebamme" not in profile["missing_partner_kinds"]
    assert "Jugendamt" in profile["missing_partner_kinds"]
    assert profile["evening_or_weekend"] == 0


def test_the_district_page_names_the_gaps_of_each_sozialraum(client):
    gap_setup()
    SozialraumFactory(district=district("16053"), name="Winzerla", slug="winzerla")
    response = client.get("/region/jena/")
    gaps = {area["name"]: area["missing"] for area in response.context["profile"]["area_gaps"]}
    assert "Begegnung & Eltern-Café" not in gaps["Lobeda"]
    assert "Begegnung & Eltern-Café" in gaps["Winzerla"]
    assert "Im Sozialraum Winzerla gibt es kein Angebot in diesen Kategorien:" in response.text
    counts = {area.name: area.offer_count for area in response.context["sozialraeume"]}
    assert counts == {"Lobeda": 1, "Winzerla": 0}


def test_charts_are_written_out_with_their_figures_and_tables(client):
    gap_setup()
    text = client.get("/region/jena/lobeda/").text
    assert "Angebote nach Kategorie" in text
    assert "Begegnung &amp; Eltern-Café:" in text
    assert "1 Angebot, " in text and "Termine" in text
    assert 'aria-hidden="true"' in text and "<rect" in text  # the bars themselves
    assert '<th class="kern-table__header" scope="row">Begegnung &amp; Eltern-Café</th>' in text
    assert "<caption>Angebote nach Kategorie (nächste drei Monate)</caption>" in text
    english = client.get("/en/region/jena/lobeda/").text
    assert "Offers by category" in english and "1 offer, " in english


def test_the_profile_links_the_offer_search_and_the_handbook(client):
    from tests.factories import DocumentFactory, section

    DocumentFactory(
        section=section("mehrwerte"),
        slug="mehrwert-fuer-kommunen",
        title="Mehrwert für Kommunen",
    )
    gap_setup()
    text = client.get("/region/jena/lobeda/").text
    assert 'href="/angebote/?kreis=jena"' in text
    assert 'href="/handbuch/mehrwerte/mehrwert-fuer-kommunen/"' in text


def test_the_comparison_sorts_by_the_column_asked_for(client):
    for _ in range(2):
        CenterFactory(sozialraum=SozialraumFactory(district=district("16052")))
    CenterFactory(sozialraum=SozialraumFactory(district=district("16053")))
    by_centres = client.get("/region/jena/?sortierung=zentren").context["comparison"]
    assert [row["name"] for row in by_centres["rows"][:2]] == ["Gera", "Jena"]
    assert by_centres["average"]["centers"] == pytest.approx(3 / 22)
    by_name = client.get("/region/jena/?sortierung=name").context["comparison"]
    assert by_name["rows"][0]["name"] == "Altenburger Land"
    response = client.get("/region/jena/?sortierung=quatsch")
    assert response.status_code == 200
    assert response.context["comparison"]["sort"] == "name"
    assert 'aria-sort="ascending"' in response.text
    assert 'href="?sortierung=zentren#vergleich"' in response.text


def test_the_figures_follow_changed_offers(client, django_capture_on_commit_callbacks):
    """The figures are cached under the data version, which a new offer's dates move on
    (once committed: the callbacks run as at a commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        area = gap_setup()
    assert client.get("/region/jena/lobeda/").context["profile"]["offer_count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        weekly_offer(
            center=area.centers.get(),
            start_time=datetime.time(18, 0),
            end_time=datetime.time(19, 30),
        )
    profile = client.get("/region/jena/lobeda/").context["profile"]
    assert profile["offer_count"] == 2
    assert profile["evening_or_weekend"] == 1


def build(count: int) -> None:
    area = Sozialraum.objects.filter(slug="lobeda").first() or SozialraumFactory(
        district=district("16053"), slug="lobeda"
    )
    for n in range(count):
        centre = CenterFactory(sozialraum=area)
        centre.languages.set([language("ar")])
        offer = weekly_offer(
            center=centre,
            categories=[Category.objects.get(slug="beratung")],
            age_min_months=n,
            weekdays="SA" if n % 2 else "TU",
        )
        offer.languages.set([language("ar")])
        offer.audiences.set([Audience.objects.get(code="eltern")])
        PartnerFactory(kind="schule").sozialraeume.set([area])
    other = SozialraumFactory(district=district("16052"), slug=f"gera-{count}")
    CenterFactory(sozialraum=other)


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in ("/region/jena/", "/region/jena/lobeda/", "/region/jena/?sortierung=termine"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_the_profiles_need_the_same_number_of_queries_for_more_data(client):
    build(1)
    small = query_counts(client)
    build(6)
    assert query_counts(client) == small


def test_a_cached_profile_needs_fewer_queries(client):
    build(2)
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        client.get("/region/jena/lobeda/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/region/jena/lobeda/")
    assert len(cached) < len(computed)


def test_the_figures_on_a_hand_checked_example(client):
    """Counted by hand: on Monday 4 January 2027, 8:00, the next three months (91 days)
    end on 5 April, 8:00. Tuesdays from 5 January to 30 March: 13 dates (one cancelled:
    12); Saturdays from 9 January to 3 April: 13. The comparison counts the same offers and
    dates as the district's own figures; drafts and inactive centres count nowhere."""
    meeting = Category.objects.get(slug="begegnung")
    counselling = Category.objects.get(slug="beratung")
    with time_machine.travel(datetime.datetime(2027, 1, 4, 8, 0, tzinfo=BERLIN), tick=False):
        lobeda = SozialraumFactory(district=district("16053"), name="Lobeda", slug="lobeda")
        centre = CenterFactory(sozialraum=lobeda)
        tuesdays = weekly_offer(center=centre, categories=[meeting])
        tuesdays.occurrences.filter(start__date=datetime.date(2027, 2, 2)).update(cancelled=True)
        weekly_offer(
            center=centre,
            categories=[counselling],
            weekdays="SA",
            start_time=datetime.time(18, 0),
            end_time=datetime.time(19, 30),
        )
        weekly_offer(center=centre, categories=[meeting], status="draft")
        weekly_offer(center=CenterFactory(sozialraum=lobeda, is_active=False))
        gera = SozialraumFactory(district=district("16052"))
        weekly_offer(center=CenterFactory(sozialraum=gera), categories=[counselling])
        cache.clear()
        response = client.get("/region/jena/?sortierung=termine")
    profile = response.context["profile"]
    assert (profile["offer_count"], profile["date_count"]) == (2, 25)
    assert profile["evening_or_weekend"] == 1
    assert profile["offers_by_area"] == {lobeda.pk: 2}
    charts = {chart.slug: chart for chart in profile["charts"]}
    bars = {bar.label: (bar.offers, bar.dates) for bar in charts["categories"].bars}
    assert bars["Begegnung & Eltern-Café"] == (1, 12)
    assert bars["Beratung"] == (1, 13)
    weekdays = {bar.label: (bar.offers, bar.dates) for bar in charts["weekdays"].bars}
    assert weekdays["Dienstag"] == (1, 12) and weekdays["Samstag"] == (1, 13)
    assert weekdays["Montag"] == (0, 0)
    times = {bar.label: (bar.offers, bar.dates) for bar in charts["times"].bars}
    assert sorted(times.values(), reverse=True)[:2] == [(1, 13), (1, 12)]
    table = response.context["comparison"]
    rows = {row["name"]: (row["offers"], row["dates"]) for row in table["rows"]}
    assert rows["Jena"] == (2, 25)
    assert rows["Gera"] == (1, 13)
    assert rows["Erfurt"] == (0, 0)
    assert [row["name"] for row in table["rows"][:2]] == ["Jena", "Gera"]
    assert table["average"]["dates"] == pytest.approx(38 / 22)


def queued_comparisons() -> int:
    return DBTaskResult.objects.filter(task_path__endswith=".comparison_warm").count()


def test_a_change_queues_the_comparison_once_and_the_worker_computes_it(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """After a change the worker computes the comparison for the new data version, so the
    page need not; a second change before it runs queues nothing more."""
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        area = gap_setup()
    assert queued_comparisons() == 1
    with django_capture_on_commit_callbacks(execute=True):
        weekly_offer(center=area.centers.get())
    assert queued_comparisons() == 1
    comparison.comparison_warm.call()

    def not_again() -> dict:
        raise AssertionError("the page computed the comparison again")

    computed = comparison._comparison_rows
    monkeypatch.setattr(comparison, "_comparison_rows", not_again)
    rows = client.get("/region/jena/").context["comparison"]["rows"]
    assert {row["name"]: row["offers"] for row in rows}["Jena"] == 2
    # In English too: the comparison is the same in every language.
    assert client.get("/en/region/jena/").status_code == 200
    # The next change queues the next computation, and makes the old figures stale.
    monkeypatch.setattr(comparison, "_comparison_rows", computed)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_offer(center=area.centers.get())
    assert queued_comparisons() == 2
    rows = client.get("/region/jena/").context["comparison"]["rows"]
    assert {row["name"]: row["offers"] for row in rows}["Jena"] == 3
