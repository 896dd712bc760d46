"""Results first on a phone: the filters in use as one line ("Filter ändern" opens the
form), the facts a parent decides on in every row, and the home page's compact hero.
The layout itself is measured in tests/browser/test_phone.py."""

import datetime
import re

import pytest
from django.http import QueryDict

from offers.search import OfferSearchForm
from offers.services import occurrence_cancel, occurrence_move
from tests.factories import CenterFactory, SozialraumFactory, district, language, weekly_offer
from tests.offers import test_search
from tests.offers.test_search import SEARCH, next_weekday

pytestmark = pytest.mark.django_db
programme = test_search.programme  # five offers in Jena, Kahla and Erfurt
FIVE_FILTERS = {
    "plz": "07743",
    "umkreis": "25",
    "alter": "2",
    "einheit": "jahre",
    "zeitraum": "4wochen",
    "wochentag": "di",
    "tageszeit": "vormittags",
    "kostenfrei": "on",
    "ohne_anmeldung": "on",
}


def filter_panel(text: str) -> str:
    """The opening tag of the folded filters."""
    return re.search(r'<details class="kern-accordion filter-panel"[^>]*>', text).group(0)


def summary(query: str) -> str:
    return OfferSearchForm(QueryDict(query)).filter_summary


def test_the_summary_names_the_chosen_filters_in_words():
    query = "&".join(f"{name}={value}" for name, value in FIVE_FILTERS.items())
    assert summary(query) == (
        "07743 Jena · 25 km · 2 Jahre · Dienstag · vormittags (bis 12 Uhr) · Kostenfrei · "
        "Ohne Anmeldung"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("umkreis=25&zeitraum=4wochen&einheit=jahre&sortierung=datum", ""),  # no place: no km
        ("alter=zwei&kreis=atlantis&wochentag=xx", ""),  # invalid: reported, not summed up
        ("alter=8&einheit=monate", "8 Monate"),
        ("alter=1.5", "18 Monate"),
        ("umkreis=10&zeitraum=woche", "diese Woche"),  # a distance without a place
        ("plz=07743&umkreis=10&zeitraum=woche", "07743 Jena · 10 km · diese Woche"),
        ("kategorie=beratung&kategorie=eltern-kind-gruppen", "Beratung, Eltern-Kind-Gruppen"),
        ("sprache=ar&kreis=jena", "Jena · Arabisch"),
        ("von=2026-12-20", "Von (Datum): 20. Dezember 2026"),
    ],
)
def test_the_summary_leaves_out_defaults_and_invalid_fields(query, expected):
    assert summary(query) == expected


def test_with_filters_and_results_the_form_is_folded_into_one_line(client, programme):
    response = client.get(SEARCH, {"plz": "07743", "umkreis": "25", "kostenfrei": "on"})
    text = response.text
    assert response.context["page_obj"].object_list
    assert " open" not in filter_panel(text)
    assert '<span class="filter-panel__applied">07743 Jena · 25 km · Kostenfrei</span>' in text
    assert "Filter ändern" in text
    assert "page-intro--searched" in text
    # The filter state stays in the URL: the form inside still holds every field.
    assert 'name="plz" value="07743"' in text


@pytest.mark.parametrize(
    "params",
    [
        {},  # nothing chosen yet: the form is what the visitor needs
        {"umkreis": "25", "zeitraum": "4wochen"},  # only the defaults
        {"alter": "-3", "kostenfrei": "on"},  # an error to correct
    ],
)
def test_the_form_stays_open_without_filters_or_with_errors(client, programme, params):
    text = client.get(SEARCH, params).text
    assert filter_panel(text).endswith(" open>")
    assert "page-intro--searched" not in text


def test_without_results_the_suggestions_come_first(client, programme):
    text = client.get(SEARCH, {"plz": "99084", "umkreis": "5", "zeitraum": "heute"}).text
    assert " open" not in filter_panel(text)
    assert "99084 Erfurt · 5 km · heute" in text
    assert "Im Umkreis von 50 km suchen" in text


def test_the_centre_list_folds_its_filters_too(client, programme):
    text = client.get("/zentren/?plz=07743").text
    assert " open" not in filter_panel(text)
    assert '<span class="filter-panel__applied">07743 Jena' in text


def test_a_row_shows_what_a_parent_decides_on(client, programme):
    text = client.get(SEARCH, {"plz": "07743", "umkreis": "50", "zeitraum": "alle"}).text
    assert "6 Monate bis 2 Jahre" in text  # the Krabbelgruppe's age range
    assert "jedes Alter" in text  # offers without an age range
    assert "auf Arabisch" in text  # the Sprachcafé; German alone goes without saying
    assert "auf Deutsch" not in text
    assert "kostenfrei" in text and "30,00 €" in text
    assert "einfach vorbeikommen" in text and "Anmeldung für den ganzen Kurs" in text
    assert "km entfernt" in text


def test_a_row_says_clearly_that_a_date_is_cancelled_or_moved(client, programme):
    first, second = programme["crawling"].occurrences.order_by("start")[:2]
    occurrence_cancel(occurrence=first, reason="Krankheit im Team")
    occurrence_move(
        occurrence=second,
        day=second.original_date + datetime.timedelta(days=1),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    text = client.get(SEARCH, {"kategorie": "eltern-kind-gruppen", "zeitraum": "alle"}).text
    assert re.search(r"kern-badge--danger.*fällt aus.*</span> Krankheit im Team", text, re.S)
    assert re.search(r"kern-badge--warning.*verschoben.*statt", text, re.S)


def test_the_rows_need_the_same_queries_however_many_languages(
    client, django_assert_max_num_queries
):
    lobeda = SozialraumFactory(district=district("16053"))
    center = CenterFactory(postcode="07749", sozialraum=lobeda)
    languages = [language(code) for code in ("de", "ar", "uk", "ru")]
    for index in range(12):
        offer = weekly_offer(title=f"Gruppe {index}", center=center, start=next_weekday(1))
        offer.languages.set(languages[: 1 + index % 4])
    with django_assert_max_num_queries(10):
        response = client.get(SEARCH, FIVE_FILTERS)
    assert response.context["page_obj"].paginator.count > 0
    assert "auf Deutsch, Arabisch, Ukrainisch und Russisch" in response.text


def test_after_a_postcode_search_the_home_page_shrinks_its_hero(client, programme):
    lead = "Ein ThEKiZ (Thüringer Eltern-Kind-Zentrum) ist eine Kita"
    first = client.get("/").text
    assert lead in first and "hero--compact" not in first
    assert 'class="kern-heading-display" id="hero-heading"' in first
    searched = client.get("/", {"plz": "07743"}).text
    assert "hero--compact" in searched and lead not in searched
    assert 'class="kern-heading-large" id="hero-heading"' in searched
    assert searched.index('id="nearest-heading"') < searched.index('id="directory-heading"')
