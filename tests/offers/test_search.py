import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import Center
from network import places
from offers.models import Category, Occurrence, Offer
from offers.selectors import occurrence_search
from offers.services import occurrence_cancel
from tests.factories import (
    CenterFactory,
    SozialraumFactory,
    district,
    language,
    weekly_offer,
)

pytestmark = pytest.mark.django_db
SEARCH = "/angebote/"
TODAY = timezone.localdate()


def next_weekday(weekday: int, after: datetime.date = TODAY) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7 or 7)


def expected_dates_in_four_weeks() -> int:
    """Weekly dates of the four published offers (Tue, Wed, Thu, Sat) from today + 27 days."""
    last = TODAY + datetime.timedelta(days=27)
    total = 0
    for weekday in (1, 2, 3, 5):
        day = next_weekday(weekday)
        while day <= last:
            total, day = total + 1, day + datetime.timedelta(days=7)
    return total


def row_titles(response) -> list[str]:
    """The offer title of each result row, in order."""
    listed = response.context["page_obj"].object_list
    titles = dict(
        Occurrence.objects.filter(pk__in=[row.pk for row in listed]).values_list(
            "pk", "offer__title"
        )
    )
    return [titles[row.pk] for row in listed]


def titles(response) -> list[str]:
    return list(dict.fromkeys(row_titles(response)))


@pytest.fixture
def programme():
    """Five offers in Jena and Erfurt with different facts, weekly from next week."""
    lobeda = SozialraumFactory(district=district("16053"), slug="lobeda")
    jena = CenterFactory(name="Kita Jena", postcode="07749", sozialraum=lobeda)
    kahla = CenterFactory(name="Kita Kahla", postcode="07768", city="Kahla", sozialraum=lobeda)
    erfurt = CenterFactory(
        name="Kita Erfurt",
        postcode="99089",
        city="Erfurt",
        sozialraum=SozialraumFactory(district=district("16051")),
    )
    groups = Category.objects.get(slug="eltern-kind-gruppen")
    counselling = Category.objects.get(slug="beratung")
    crawling = weekly_offer(
        title="Krabbelgruppe",
        center=jena,
        weekdays="TU",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11, 0),
        start=next_weekday(1),
        age_min_months=6,
        age_max_months=24,
        categories=[groups],
        barrier_free=True,
    )
    weekly_offer(
        title="Elternkurs",
        center=kahla,
        weekdays="WE",
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        start=next_weekday(2),
        cost=Offer.Cost.AMOUNT,
        cost_amount="30.00",
        registration=Offer.Registration.COURSE,
    )
    sprachcafe = weekly_offer(
        title="Sprachcafé",
        center=erfurt,
        weekdays="TH",
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        start=next_weekday(3),
        categories=[counselling],
    )
    sprachcafe.languages.set([language("ar")])
    weekly_offer(
        title="Online-Elternabend",
        center=erfurt,
        weekdays="SA",
        start_time=datetime.time(19, 0),
        end_time=datetime.time(20, 0),
        start=next_weekday(5),
        place=Offer.PlaceKind.ONLINE,
        online_url="https://meet.example/thekiz",
    )
    weekly_offer(title="Entwurf", center=jena, status=Offer.Status.DRAFT)
    return {"crawling": crawling}


def test_the_search_shows_the_next_four_weeks_by_date(client, programme):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert set(titles(response)) == {
        "Krabbelgruppe",
        "Elternkurs",
        "Sprachcafé",
        "Online-Elternabend",
    }
    starts = [o.start for o in response.context["page_obj"].object_list]
    assert starts == sorted(starts)
    assert all(start.date() <= TODAY + datetime.timedelta(days=28) for start in starts)
    assert response.context["page_obj"].paginator.count == expected_dates_in_four_weeks()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"plz": "07743", "umkreis": "10"}, {"Krabbelgruppe"}),
        ({"plz": "07743", "umkreis": "25"}, {"Krabbelgruppe", "Elternkurs"}),
        ({"kreis": "erfurt"}, {"Sprachcafé", "Online-Elternabend"}),
        ({"kategorie": "eltern-kind-gruppen"}, {"Krabbelgruppe"}),
        ({"kategorie": ["eltern-kind-gruppen", "beratung"]}, {"Krabbelgruppe", "Sprachcafé"}),
        ({"alter": "1"}, {"Krabbelgruppe", "Elternkurs", "Sprachcafé", "Online-Elternabend"}),
        ({"alter": "3"}, {"Elternkurs", "Sprachcafé", "Online-Elternabend"}),
        ({"alter": "3", "einheit": "monate"}, {"Elternkurs", "Sprachcafé", "Online-Elternabend"}),
        (
            {"alter": "8", "einheit": "monate", "kategorie": "eltern-kind-gruppen"},
            {"Krabbelgruppe"},
        ),
        ({"wochentag": "di"}, {"Krabbelgruppe"}),
        ({"wochentag": ["mi", "do"]}, {"Elternkurs", "Sprachcafé"}),
        ({"tageszeit": "vormittags"}, {"Krabbelgruppe"}),
        ({"tageszeit": "nachmittags"}, {"Sprachcafé"}),
        ({"tageszeit": "abends"}, {"Elternkurs", "Online-Elternabend"}),
        ({"kostenfrei": "on"}, {"Krabbelgruppe", "Sprachcafé", "Online-Elternabend"}),
        ({"ohne_anmeldung": "on", "tageszeit": "abends"}, {"Online-Elternabend"}),
        ({"sprache": "ar"}, {"Sprachcafé"}),
        ({"barrierefrei": "on"}, {"Krabbelgruppe"}),
        ({"online": "on"}, {"Online-Elternabend"}),
        (
            {
                "plz": "Jena",
                "umkreis": "50",
                "wochentag": "di",
                "tageszeit": "vormittags",
                "alter": "1",
                "kostenfrei": "on",
            },
            {"Krabbelgruppe"},
        ),
    ],
)
def test_filters_alone_and_combined(client, programme, params, expected):
    assert set(titles(client.get(SEARCH, params))) == expected


def test_near_can_sort_by_distance(client, programme):
    response = client.get(SEARCH, {"plz": "07743", "umkreis": "50", "sortierung": "entfernung"})
    distances = [o.distance for o in response.context["page_obj"].object_list]
    assert distances == sorted(distances)
    assert titles(response)[0] == "Krabbelgruppe"
    by_date = client.get(SEARCH, {"plz": "07743", "umkreis": "50"})
    starts = [o.start for o in by_date.context["page_obj"].object_list]
    assert starts == sorted(starts)


def test_pages_by_distance_are_slices_of_the_whole_order(client, programme, settings):
    """A page by distance is picked by a narrow query first (the dates' ids with each
    offer's distance): every page holds the rows of the whole sorted list at its place,
    with their distances; dates at one centre tie on distance and go by start."""
    jena = Center.objects.get(name="Kita Jena")
    kahla = Center.objects.get(name="Kita Kahla")
    for title, start_time in (("Singen", datetime.time(9, 30)), ("Malen", datetime.time(16))):
        weekly_offer(
            title=title,
            center=jena,
            weekdays="TU",
            start_time=start_time,
            end_time=datetime.time(17),
        )
    # At the centre, with coordinates of its own left over: the place shown is its own.
    weekly_offer(
        title="Turnen",
        center=kahla,
        weekdays="MO",
        place=Offer.PlaceKind.CENTER,
        latitude=jena.latitude + Decimal("0.01"),
        longitude=jena.longitude,
    )
    settings.THEKIZ_PAGE_SIZE = 3
    params = {"plz": "07743", "umkreis": "50", "sortierung": "entfernung"}
    first = client.get(SEARCH, params)
    whole = [(o.pk, o.distance) for o in occurrence_search(first.context["query"])]
    paginator = first.context["page_obj"].paginator
    assert paginator.count == len(whole) > 12
    for number in paginator.page_range:
        page = client.get(SEARCH, {**params, "seite": number}).context["page_obj"]
        rows = [(o.pk, o.distance) for o in page.object_list]
        assert rows == whole[(number - 1) * 3 : number * 3]
    assert [d for _, d in whole] == sorted(d for _, d in whole)


@pytest.mark.parametrize(
    ("zeitraum", "last_day"),
    [("heute", 0), ("woche", None), ("4wochen", 27), ("alle", 400)],
)
def test_periods(client, programme, zeitraum, last_day):
    response = client.get(SEARCH, {"zeitraum": zeitraum})
    first, last = response.context["period"]
    assert first == TODAY
    if zeitraum == "woche":
        assert last.weekday() == 6 and last - TODAY < datetime.timedelta(days=7)
    elif zeitraum == "alle":
        assert last is None
        assert response.context["page_obj"].paginator.count > 100
    else:
        assert last == TODAY + datetime.timedelta(days=last_day)


def test_this_weekend_means_saturday_and_sunday(client, programme):
    response = client.get(SEARCH, {"zeitraum": "wochenende"})
    first, last = response.context["period"]
    assert last.weekday() == 6 and (first.weekday() == 5 or first == TODAY)
    assert set(titles(response)) <= {"Online-Elternabend"}


def test_a_date_range(client, programme):
    first = next_weekday(1) + datetime.timedelta(days=7)
    response = client.get(SEARCH, {"von": first.isoformat(), "bis": first.isoformat()})
    assert titles(response) == ["Krabbelgruppe"]
    assert response.context["page_obj"].paginator.count == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"von": "2027-01-10", "bis": "2027-01-01"},
            "Das Ende des Zeitraums liegt vor seinem Anfang",
        ),
        ({"kategorie": "zauberei"}, "Die Kategorie „zauberei“ kennen wir nicht"),
        ({"alter": "-3"}, "Bitte geben Sie ein Alter zwischen 0 und 18 Jahren an"),
        ({"alter": "400"}, "Bitte geben Sie ein Alter zwischen 0 und 18 Jahren an"),
        ({"alter": "400", "einheit": "monate"}, "zwischen 0 und 216 Monaten"),
        ({"alter": "zwei"}, "Bitte geben Sie das Alter als Zahl ein"),
        ({"von": "31.02.2027"}, "Bitte geben Sie ein Datum wie 24.12.2026 ein"),
        ({"wochentag": "xx"}, "Den Wochentag „xx“ kennen wir nicht"),
        ({"zeitraum": "morgen"}, "Bitte wählen Sie einen Zeitraum aus der Liste"),
    ],
)
def test_bad_input_gets_a_clear_german_message_and_results(client, programme, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert message in response.text
    assert "Einen Teil Ihrer Suche konnten wir nicht verwenden" in response.text
    assert response.context["page_obj"].paginator.count > 0  # the rest of the search applies


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("00000", "Die Postleitzahl 00000 gibt es nicht. Bitte prüfen Sie die Ziffern."),
        ("0774", "Eine Postleitzahl hat fünf Ziffern, zum Beispiel 07743."),
        ("Atlantis", "Wir konnten keinen Ort „Atlantis“ finden."),
    ],
)
def test_a_place_not_found_gets_its_reason_and_no_list(
    client, programme, place, message, django_assert_max_num_queries
):
    """Never the dates of all of Thuringia under an error, as if they were near."""
    # The place lookups (up to four for a name) and the filters' choices; no dates.
    with django_assert_max_num_queries(9) as queries:
        response = client.get(SEARCH, {"plz": place, "alter": "1"})
    assert not any(
        table in query["sql"]
        for query in queries.captured_queries
        for table in ("offers_offer", "offers_occurrence")
    )
    assert response.status_code == 200
    assert message in response.text
    assert "Einen Teil Ihrer Suche konnten wir nicht verwenden" in response.text
    assert "Welchen Ort meinen Sie?" in response.text
    assert response.context["page_obj"].paginator.count == 0
    assert 'class="occurrence' not in response.text
    assert 'href="?alter=1"' in response.text  # the same search without the place


def test_without_a_chosen_radius_the_smallest_with_results_is_taken(client, programme):
    """Kita Jena lies about 3 km from the middle of 07743, Kita Kahla about 15 km and
    Kita Erfurt about 45 km."""
    response = client.get(SEARCH, {"plz": "07743"})
    assert titles(response) == ["Krabbelgruppe"]
    assert "innerhalb von 5 km um 07743 Jena" in response.text
    assert "Wir haben für Sie 5 km gewählt" in response.text
    assert "plz=07743&amp;umkreis=10" in response.text  # one click to widen
    # Only the Elternkurs in Kahla is on Wednesday evenings: 25 km.
    response = client.get(SEARCH, {"plz": "07743", "wochentag": "mi"})
    assert titles(response) == ["Elternkurs"]
    assert "innerhalb von 25 km um 07743 Jena" in response.text
    # The Sprachcafé in Erfurt is further than 25 km: nothing, and 50 km is offered.
    response = client.get(SEARCH, {"plz": "07743", "sprache": "ar"})
    assert response.context["page_obj"].paginator.count == 0
    assert "innerhalb von 25 km um 07743 Jena" in response.text
    assert "umkreis=50" in response.text
    # A radius the family chose is kept.
    response = client.get(SEARCH, {"plz": "07743", "umkreis": "25"})
    assert set(titles(response)) == {"Krabbelgruppe", "Elternkurs"}
    assert "Wir haben für Sie" not in response.text


def test_from_outside_thuringia_the_nearest_dates_with_their_distance(client, programme):
    # 04109 is Leipzig: Jena about 70 km away, Kahla about 77 km, Erfurt about 104 km.
    response = client.get(SEARCH, {"plz": "04109", "sortierung": "entfernung"})
    assert "04109 Leipzig liegt nicht in Thüringen" in response.text
    assert "Näher als 69 km gibt es nichts" in response.text
    assert titles(response) == ["Krabbelgruppe", "Elternkurs"]
    assert "70 km entfernt" in response.text
    assert "Einen Teil Ihrer Suche" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "seite=999",
        "seite=x",
        "alter=1e400",
        "von=9999-99-99",
        "sortierung=zufall",
        "kategorie=%00",
        "plz=" + "7" * 3000,
        "einheit=wochen&alter=2",
        # Far beyond the calendar's horizon, mornings and evenings: once tens of thousands
        # of time ranges, an SQL expression too large for SQLite.
        "bis=2200-01-01&tageszeit=vormittags&tageszeit=abends",
        "von=2100-01-01&bis=2200-01-01&wochentag=mo",
    ],
)
def test_malformed_queries_never_cause_an_error(client, programme, query):
    assert client.get(f"{SEARCH}?{query}").status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client, programme, settings):
    settings.THEKIZ_PAGE_SIZE = 5
    response = client.get(SEARCH, {"seite": "99"})
    pages = -(-expected_dates_in_four_weeks() // 5)
    assert (
        response.context["page_obj"].number
        == pages
        == response.context["page_obj"].paginator.num_pages
    )


def test_a_cancelled_date_is_listed_and_clearly_marked(client, programme):
    first = programme["crawling"].occurrences.order_by("start").first()
    occurrence_cancel(occurrence=first, reason="Krankheit im Team")
    response = client.get(SEARCH, {"kategorie": "eltern-kind-gruppen"})
    assert first.pk in [row.pk for row in response.context["page_obj"].object_list]
    assert "fällt aus" in response.text and "Krankheit im Team" in response.text
    assert "occurrence--off" in response.text


def test_results_are_grouped_by_day_with_the_row_facts(client, programme):
    response = client.get(SEARCH, {"plz": "07743", "umkreis": "25"})
    text = response.text
    day = next_weekday(1)
    assert f'id="day-{day.isoformat()}"' in text
    assert "09:30" in text and "Kita Jena" in text
    assert "km entfernt" in text and "kostenfrei" in text and "einfach vorbeikommen" in text
    assert "30,00 €" in text and "Anmeldung für den ganzen Kurs" in text


def test_an_empty_result_suggests_widening_the_search(client, programme):
    response = client.get(
        SEARCH, {"plz": "99084", "umkreis": "5", "kategorie": "eltern-kind-gruppen"}
    )
    assert response.context["page_obj"].paginator.count == 0
    assert "Kein Termin passt zu dieser Suche" in response.text
    assert "umkreis=50" in response.text and "zeitraum=alle" in response.text


def test_the_filter_state_lives_in_the_url(client, programme, settings):
    settings.THEKIZ_PAGE_SIZE = 2
    response = client.get(SEARCH, {"plz": "Jena", "umkreis": "50", "tageszeit": "abends"})
    assert "plz=Jena&amp;umkreis=50&amp;tageszeit=abends&amp;seite=2" in response.text
    assert 'value="Jena"' in response.text


def test_the_search_is_available_in_english(client, programme):
    response = client.get("/en" + SEARCH)
    assert '<html lang="en">' in response.text
    assert "Offers for families" in response.text


def test_the_search_needs_the_same_queries_for_ten_times_the_offers(client):
    params = {
        "plz": "07743",
        "umkreis": "50",
        "alter": "1",
        "kategorie": "eltern-kind-gruppen",
        "sprache": "de",
        "tageszeit": "vormittags",
    }
    groups = Category.objects.get(slug="eltern-kind-gruppen")

    def build(n, offset=0):
        for index in range(offset, offset + n):
            offer = weekly_offer(
                title=f"Gruppe {index}",
                categories=[groups],
                weekdays="TU,TH",
                start=next_weekday(1),
            )
            offer.languages.set([language("de")])

    def count():
        places._postcode_location.cache_clear()  # count the postcode's lookup each time
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH, params).status_code == 200
        return len(queries)

    def count_automatic():
        places._postcode_location.cache_clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH, {**params, "umkreis": ""}).status_code == 200
        return len(queries)

    build(3)
    few, few_automatic = count(), count_automatic()
    build(27, offset=3)
    assert (count(), count_automatic()) == (few, few_automatic)
    # Among them: the page's dates (narrow), then in full with their offers' languages,
    # as nothing is kept inside a test's transaction (test_search_kept.py: 2 fewer).
    assert few <= 11
    # Without a chosen radius: two queries more, for the distance of the nearest offer
    # (one per box: at an address, at a centre).
    assert few_automatic == few + 2


def test_the_search_from_outside_thuringia_needs_two_queries_more(
    client, programme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10 + 2):
        client.get(SEARCH, {"plz": "04109", "alter": "1"})


def test_a_very_long_result_is_counted_only_up_to_the_cap(client, programme, settings):
    settings.THEKIZ_SEARCH_COUNT_CAP = 5
    settings.THEKIZ_PAGE_SIZE = 2
    response = client.get(SEARCH, {"seite": "99"})
    paginator = response.context["page_obj"].paginator
    assert paginator.capped and paginator.num_pages == 3
    assert response.context["page_obj"].number == 3
    assert "Mehr als 5 Termine" in response.text
    settings.THEKIZ_SEARCH_COUNT_CAP = 1000
    response = client.get(SEARCH)
    assert not response.context["page_obj"].paginator.capped


@pytest.mark.parametrize("kind", ["ended", "weekday"])
def test_a_period_without_days_near_a_place_is_an_empty_list_not_an_error(client, kind):
    weekday = ["mo", "di", "mi", "do", "fr", "sa", "so"][(timezone.localdate().weekday() + 1) % 7]
    params = {
        "ended": {"plz": "07743", "bis": "2020-01-01"},
        "weekday": {"plz": "07743", "zeitraum": "heute", "wochentag": weekday, "umkreis": "25"},
    }[kind]
    weekly_offer(title="Krabbelgruppe", center=CenterFactory(postcode="07743"))
    for sort in ("datum", "entfernung"):
        response = client.get(SEARCH, {**params, "sortierung": sort})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 0
        assert "Krabbelgruppe" not in response.text
