"""Statistics pages, exports and the annual report: who sees what, the figures, the files."""

import csv
import datetime
import io

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import Membership, PlannerAccess
from tests.conftest import with_totp
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    MembershipFactory,
    OfferFactory,
    UserFactory,
)
from tests.statistics_data import attended, dated, example

pytestmark = pytest.mark.django_db

Q2 = {"jahr": "2025", "quartal": "2"}


@pytest.fixture
def data():
    return example()


def planner(*districts):
    user = UserFactory()
    with_totp(user)
    for district in districts:
        PlannerAccess.objects.create(user=user, district=district)
    return user


def member(center, role=Membership.Role.STAFF):
    user = MembershipFactory(center=center, role=role).user
    with_totp(user)
    return user


def district_url(district, suffix=""):
    return reverse(f"staff:statistics_district{suffix}", kwargs={"district": district.slug})


def sozialraum_url(sozialraum):
    return reverse(
        "staff:statistics_sozialraum",
        kwargs={"district": sozialraum.district.slug, "sozialraum": sozialraum.slug},
    )


def center_url(center):
    return reverse("staff:statistics_center", kwargs={"center": center.slug})


def report_url(center, year=2025):
    return reverse("staff:statistics_report", kwargs={"center": center.slug, "year": year})


def test_a_planner_sees_their_district_and_nothing_of_another(client, data):
    client.force_login(planner(data["jena"]))

    assert client.get(district_url(data["jena"]), Q2).status_code == 200
    assert client.get(sozialraum_url(data["lobeda"]), Q2).status_code == 200
    assert client.get(center_url(data["a"]), Q2).status_code == 200
    assert client.get(report_url(data["a"])).status_code == 200
    for url in [
        district_url(data["saalfeld"]),
        sozialraum_url(data["gorndorf"]),
        center_url(data["c"]),
        report_url(data["c"]),
        reverse(
            "staff:statistics_district_export",
            kwargs={"district": data["saalfeld"].slug, "fmt": "csv"},
        ),
        reverse("staff:statistics_land"),
    ]:
        assert client.get(url, Q2).status_code == 404, url
    overview = client.get(reverse("staff:statistics"))
    assert data["jena"].name in overview.text and data["saalfeld"].name not in overview.text
    assert "Lobeda" in overview.text and "Gorndorf" not in overview.text


def test_centre_staff_see_their_own_centre_only(client, data):
    client.force_login(member(data["a"]))

    assert client.get(center_url(data["a"]), Q2).status_code == 200
    assert client.get(report_url(data["a"])).status_code == 200
    for url in [
        center_url(data["b"]),
        report_url(data["b"]),
        district_url(data["jena"]),
        sozialraum_url(data["lobeda"]),
        reverse("staff:statistics_land"),
    ]:
        assert client.get(url, Q2).status_code == 404, url
    overview = client.get(reverse("staff:statistics"))
    assert "Zentrum A" in overview.text and "Zentrum B" not in overview.text


def test_the_office_sees_everything(client, data, coordination_user):
    client.force_login(coordination_user)
    for url in [
        reverse("staff:statistics_land"),
        district_url(data["saalfeld"]),
        sozialraum_url(data["gorndorf"]),
        center_url(data["c"]),
        report_url(data["c"]),
    ]:
        assert client.get(url, Q2).status_code == 200, url


def test_someone_without_any_role_gets_404_and_strangers_the_sign_in(client, data):
    url = reverse("staff:statistics")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(planner())
    assert client.get(url).status_code == 404


def test_a_planner_without_a_second_factor_is_sent_to_set_it_up(client, data):
    person = UserFactory()
    PlannerAccess.objects.create(user=person, district=data["jena"])
    client.force_login(person)
    response = client.get(district_url(data["jena"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_district_page_shows_the_hand_checked_figures_in_german(client, data):
    client.force_login(planner(data["jena"]))
    response = client.get(district_url(data["jena"]), Q2)

    figures = response.context["figures"]
    assert (figures.total.planned, figures.total.held, figures.total.participants) == (7, 4, 12)
    html = response.text
    assert "2. Quartal 2025" in html
    assert "Termine stattgefunden" in html and "Neue Kooperationen" in html
    assert "Stattgefundene Termine nach Kategorie" in html
    assert "Eltern-Kind-Gruppen:" in html  # every bar written out with its label
    assert "Zentrum A" in html and "Zentrum C" not in html
    for fmt in ("csv", "xlsx", "ods"):
        assert f"/export/{fmt}/?jahr=2025&amp;quartal=2" in html


def test_large_numbers_are_written_the_german_way(client, data):
    offer = OfferFactory(center=data["b"])
    for week in range(10):
        attended(dated(offer, datetime.date(2025, 4, 2) + datetime.timedelta(weeks=week)), 150)
    client.force_login(planner(data["jena"]))
    html = client.get(district_url(data["jena"]), Q2).text
    assert "1.506" in html  # 6 + 10 × 150 adults


@pytest.mark.parametrize(
    "query",
    [
        {"jahr": "abc"},
        {"jahr": "1999"},
        {"jahr": "2025", "quartal": "5"},
        {"jahr": "2025", "quartal": "x"},
        {"jahr": ""},
    ],
)
def test_a_malformed_period_is_explained_in_german_not_a_server_error(client, data, query):
    client.force_login(planner(data["jena"]))
    for url in [
        reverse("staff:statistics"),
        district_url(data["jena"]),
        reverse(
            "staff:statistics_district_export",
            kwargs={"district": data["jena"].slug, "fmt": "xlsx"},
        ),
    ]:
        response = client.get(url, query)
        assert response.status_code == 400, url
        assert "gültige" in response.text or "erforderlich" in response.text, url


def test_without_a_period_the_current_year_is_shown(client, data):
    client.force_login(planner(data["jena"]))
    response = client.get(district_url(data["jena"]))
    assert response.status_code == 200
    assert response.context["figures"].period.quarter is None


def test_an_unknown_export_format_is_404(client, data):
    client.force_login(planner(data["jena"]))
    url = reverse(
        "staff:statistics_district_export", kwargs={"district": data["jena"].slug, "fmt": "pdf"}
    )
    assert client.get(url, Q2).status_code == 404


CENTRE_HEADERS = [
    "Zentrum",
    "Sozialraum",
    "Kreis",
    "Zeitraum",
    "Termine geplant",
    "Termine stattgefunden",
    "Termine abgesagt",
    "Termine mit erfasster Teilnahme",
    "Fand nicht statt",
    "Erwachsene",
    "Kinder",
    "Teilnehmende",
    "Neue Kooperationen",
    "Beendete Kooperationen",
]
CENTRE_ROWS = [
    ["Zentrum A", "Lobeda", "Jena", "2. Quartal 2025", 6, 3, 2, 3, 1, 5, 6, 11, 1, 1],
    ["Zentrum B", "Winzerla", "Jena", "2. Quartal 2025", 1, 1, 0, 1, 0, 1, 0, 1, 0, 0],
    ["Summe: Jena", "", "", "2. Quartal 2025", 7, 4, 2, 4, 1, 6, 6, 12, 1, 1],
]


def export(client, data, fmt):
    client.force_login(planner(data["jena"]))
    url = reverse(
        "staff:statistics_district_export", kwargs={"district": data["jena"].slug, "fmt": fmt}
    )
    return client.get(url, Q2)


def test_the_csv_export_reads_back_cell_by_cell(client, data):
    response = export(client, data, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="thekiz-statistik_kreis-jena_2025-q2.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte order mark
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == CENTRE_HEADERS
    assert rows[1:] == [[str(cell) for cell in row] for row in CENTRE_ROWS]
    # The same file through tablib itself.
    sheet = tablib.Dataset().load(text, format="csv", delimiter=";")
    assert sheet.headers == CENTRE_HEADERS and sheet[2][0] == "Summe: Jena"


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_workbook_exports_read_back_cell_by_cell_with_their_columns_sheet(client, data, fmt):
    response = export(client, data, fmt)

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="thekiz-statistik_kreis-jena_2025-q2.{fmt}"'
    )
    book = tablib.Databook().load(response.content, format=fmt)
    sheets = {sheet.title: sheet for sheet in book.sheets()}
    assert [sheet.title for sheet in book.sheets()] == [
        "Zentren",
        "Spalten",
        "Kategorien",
        "Sprachen",
    ]
    centres = sheets["Zentren"]
    assert list(centres.headers) == CENTRE_HEADERS
    assert [[_number(cell) for cell in row] for row in centres] == CENTRE_ROWS

    columns = sheets["Spalten"]
    assert list(columns.headers) == ["Tabellenblatt", "Spalte", "Bedeutung"]
    documented = {(row[0], row[1]) for row in columns}
    assert {("Zentren", header) for header in CENTRE_HEADERS} <= documented
    assert ("Kategorien", "Kategorie") in documented and ("Sprachen", "Sprache") in documented
    assert all(row[2] for row in columns)  # every column has its explanation

    categories = sheets["Kategorien"]
    assert list(categories.headers) == ["Kategorie", *CENTRE_HEADERS[4:12]]
    assert [[_number(cell) for cell in row] for row in categories] == [
        ["Eltern-Kind-Gruppen", 6, 3, 2, 3, 1, 5, 6, 11],
        ["Beratung", 2, 2, 0, 2, 0, 3, 1, 4],
    ]
    languages = sheets["Sprachen"]
    assert [[_number(cell) for cell in row] for row in languages] == [
        ["Arabisch", 5, 2, 2, 2, 1, 3, 5, 8],
        ["keine Sprache angegeben", 2, 2, 0, 2, 0, 3, 1, 4],
    ]


def _number(cell):
    """ODS and XLSX give numbers back as int or float, XLSX an empty cell as None."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def test_exports_hold_no_personal_data(client, data):
    MembershipFactory(center=data["a"], user=UserFactory(email="fachkraft@example.org"))
    body = export(client, data, "csv").content.decode("utf-8-sig")
    assert "@" not in body


def test_the_annual_report_holds_the_year_by_quarter_and_the_partners(client, data):
    client.force_login(member(data["a"], Membership.Role.COORDINATOR))
    response = client.get(report_url(data["a"]))

    assert response.status_code == 200
    html = response.text
    assert "Sachbericht 2025" in html
    quarters = response.context["quarters"]
    assert [q.counts.held for q in quarters] == [0, 3, 1, 0]
    assert "1. Quartal" in html and "4. Quartal" in html
    began, ended = response.context["began"], response.context["ended"]
    assert len(began) == 2 and len(ended) == 1
    assert began[0].partner.name in html and ended[0].partner.name in html
    assert 'class="site-nav"' not in html  # a sheet of paper: no navigation
    assert "print.js" in html


def test_a_report_for_a_year_out_of_range_is_404(client, data):
    client.force_login(member(data["a"]))
    assert client.get(report_url(data["a"], 1990)).status_code == 404


def test_the_staff_home_links_the_statistics_for_planners_and_the_office(
    client, data, coordination_user
):
    client.force_login(planner(data["jena"]))
    assert reverse("staff:statistics") in client.get(reverse("staff:home")).text
    client.force_login(coordination_user)
    assert reverse("staff:statistics") in client.get(reverse("staff:home")).text
    client.force_login(member(data["a"]))
    dashboard = client.get(reverse("staff:dashboard", args=[data["a"].slug])).text
    assert center_url(data["a"]) in dashboard


def test_the_dashboard_lists_centres_by_activity_and_districts(client, data, coordination_user):
    client.force_login(coordination_user)
    response = client.get(reverse("staff:statistics_land"), Q2)
    html = response.text
    assert "Dashboard: ganz Thüringen" in html
    assert "Aktualität der Daten" in html and "Profil zuletzt bestätigt" in html
    names = [row.name for row in response.context["figures"].centers_by_activity]
    assert names == ["Zentrum A", "Zentrum B", "Zentrum C"]
    assert [row[0] for row in response.context["district_rows"]] == [
        "Jena",
        "Saalfeld-Rudolstadt",
    ]


def _grow(data, n: int) -> None:
    for i in range(n):
        center = CenterFactory(sozialraum=data["lobeda"])
        offer = OfferFactory(center=center)
        for week in range(3):
            attended(dated(offer, datetime.date(2025, 4, 7) + datetime.timedelta(weeks=week)), i)
        CooperationFactory(center=center, since=datetime.date(2025, 4, 2))


@pytest.mark.parametrize("page", ["district", "land", "export", "report", "overview"])
def test_the_pages_query_count_does_not_grow_with_the_data(client, data, coordination_user, page):
    client.force_login(coordination_user)
    url = {
        "district": district_url(data["jena"]),
        "land": reverse("staff:statistics_land"),
        "export": reverse(
            "staff:statistics_district_export", kwargs={"district": data["jena"].slug, "fmt": "ods"}
        ),
        "report": report_url(data["a"]),
        "overview": reverse("staff:statistics"),
    }[page]
    client.get(url, Q2)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, Q2).status_code == 200
    _grow(data, 8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, Q2).status_code == 200
    assert len(large) == len(small)


def test_the_statistics_and_their_files_are_never_stored_by_a_cache(client, data):
    client.force_login(planner(data["jena"]))
    for url in [
        reverse("staff:statistics"),
        district_url(data["jena"]),
        reverse(
            "staff:statistics_district_export",
            kwargs={"district": data["jena"].slug, "fmt": "ods"},
        ),
        report_url(data["a"]),
    ]:
        response = client.get(url, Q2 if "sachbericht" not in url else {})
        assert "no-store" in response["Cache-Control"], url


def test_the_office_finds_the_districts_in_german_alphabetical_order(client, coordination_user):
    client.force_login(coordination_user)
    names = [
        district.name
        for district, _ in client.get(reverse("staff:statistics")).context["districts"]
    ]
    assert names.index("Sömmerda") < names.index("Sonneberg") < names.index("Suhl")
