"""Statistics in a real browser: the overview, a district with its charts, the office's
dashboard and a centre's annual report. No axe violations at 320, 390 and 1280 px, nothing
wider than the screen, the dashboard's table of centres scrolls in its own box on a phone,
the period chooser works without JavaScript."""

import re

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.test_freshness import signed_in
from tests.browser.test_handbook import CREATE_COORDINATION
from tests.browser.test_staff import PASSWORD, create_staff

# Past dates with attendance for the coordinator's centre (2025, one per week from
# April) and a cooperation begun that year; prints the district's and the centre's slug.
ADD_ATTENDANCE = """
import datetime
from zoneinfo import ZoneInfo
from centers.models import Center, Cooperation
from network.models import Partner
from offers.models import Attendance, Occurrence
center = Center.objects.get(slug="{slug}")
zone = ZoneInfo("Europe/Berlin")
for number, offer in enumerate(center.offers.order_by("pk")[:3]):
    for week in range(12):
        day = datetime.date(2025, 4, 1) + datetime.timedelta(weeks=week, days=number)
        start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=zone)
        occurrence = Occurrence.objects.create(
            offer=offer, original_date=day, original_time=datetime.time(9, 30), start=start,
            end=start + datetime.timedelta(hours=1), cancelled=week == 5,
        )
        if week != 5:
            Attendance.objects.create(
                occurrence=occurrence, took_place=week != 7,
                adults=0 if week == 7 else 4 + week, children=0 if week == 7 else 6 + number,
            )
partner = Partner.objects.exclude(cooperations__center=center).order_by("pk").first()
Cooperation.objects.create(center=center, partner=partner, kind="regular",
                           since=datetime.date(2025, 5, 1))
print(center.sozialraum.district.slug, center.slug)
"""


@pytest.fixture(scope="module")
def world(browser, portal):
    secret, slug = create_staff(portal, "koordination.statistik@thekiz.example", "coordinator")
    district, slug = portal.shell(ADD_ATTENDANCE.format(slug=slug)).split()
    coordinator = signed_in(browser, portal, "koordination.statistik@thekiz.example", secret)
    office_secret = generate_totp_secret()
    email = "fachstelle.statistik@thekiz.example"
    portal.shell(CREATE_COORDINATION.format(email=email, password=PASSWORD, secret=office_secret))
    office = signed_in(browser, portal, email, office_secret)
    return {
        "overview": (office, "/mein-thekiz/statistik/?jahr=2025&quartal=2", "Statistik"),
        "district": (
            office,
            f"/mein-thekiz/statistik/kreis/{district}/?jahr=2025&quartal=2",
            "Stattgefundene Termine nach Kategorie",
        ),
        "dashboard": (
            office,
            "/mein-thekiz/statistik/thueringen/?jahr=2025",
            "Dashboard: ganz Thüringen",
        ),
        "centre": (
            coordinator,
            f"/mein-thekiz/statistik/zentrum/{slug}/?jahr=2025",
            "Sachbericht 2025",
        ),
        "report": (
            coordinator,
            f"/mein-thekiz/statistik/zentrum/{slug}/sachbericht/2025/",
            "Sachbericht 2025",
        ),
    }


def assert_the_centre_table_scrolls_sideways(page) -> None:
    """The dashboard's table of the 76 demo centres, ten figures wide, scrolls in its own box
    at 390 px, and its names keep a column wide enough for two or three lines: squeezed to
    the width of "Familienzentrum", they took up to five lines a row and the page was about
    14,000 px tall."""
    table = page.get_by_role("region", name="Zentren nach stattgefundenen Terminen")
    expect(table).to_have_attribute("tabindex", "0")
    scroll_width, client_width = table.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert scroll_width > client_width
    assert table.locator("tbody th").first.bounding_box()["width"] >= 200
    # The caption wraps within the box instead of running out of sight with the table.
    box, caption = table.bounding_box(), table.locator("caption").bounding_box()
    assert caption["x"] + caption["width"] <= box["x"] + box["width"]
    assert page.evaluate("document.documentElement.scrollHeight") < 12_000


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("name", ["overview", "district", "dashboard", "centre", "report"])
def test_the_statistics_pages_have_no_axe_violations(browser, portal, world, name, width):
    state, path, shows = world[name]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        expect(page.get_by_text(shows).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        if name == "dashboard" and width == 390:
            assert_the_centre_table_scrolls_sideways(page)
        if width != 320:
            page.screenshot(path=f"/work/shots/statistics/{name}-{width}.png", full_page=True)
    finally:
        context.close()


def test_the_charts_are_written_out_and_their_tables_open_by_keyboard(browser, portal, world):
    state, path, _shows = world["district"]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        chart = page.get_by_role("figure", name="Teilnehmende nach Kategorie")
        expect(chart.locator(".profile-chart__value").first).to_have_text(re.compile(r"\d"))
        summary = chart.locator("summary")
        summary.focus()
        page.keyboard.press("Enter")
        expect(chart.get_by_role("table", name="Teilnehmende nach Kategorie")).to_be_visible()
    finally:
        context.close()


def test_the_period_is_chosen_without_javascript(browser, portal, world):
    state, path, _shows = world["district"]
    context = browser.new_context(
        viewport={"width": 390, "height": 900},
        locale="de-DE",
        storage_state=state,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        page.get_by_label("Jahr").select_option("2025")
        page.get_by_label("Quartal").select_option("3")
        page.get_by_role("button", name="Anzeigen").click()
        expect(page).to_have_url(re.compile(r"jahr=2025&quartal=3"))
        expect(page.get_by_text("Zeitraum: 3. Quartal 2025").first).to_be_visible()
    finally:
        context.close()


def test_the_annual_report_prints_on_a4_without_navigation(browser, portal, world):
    state, path, _shows = world["report"]
    # An A4 page is 210 mm wide: 794 CSS pixels.
    context = browser.new_context(
        viewport={"width": 794, "height": 1123}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        page.emulate_media(media="print")
        page.screenshot(path="/work/shots/statistics/report-print-a4.png", full_page=True)
        expect(page.locator(".print-sheet__actions")).to_be_hidden()
        assert page.locator("nav").count() == 0
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()
