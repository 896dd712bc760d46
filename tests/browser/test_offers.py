"""Families find offers: the offer search, an offer's page and calendar, a centre's programme."""

import json
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations

CANCEL_SECOND_DATE = """
from offers.models import Offer
from offers.services import occurrence_cancel
offer = Offer.objects.get(slug="{slug}")
occurrence = offer.occurrences.filter(cancelled=False, off_reason="").order_by("start")[1]
occurrence_cancel(occurrence=occurrence, reason="Krankheit im Team")
print(occurrence.start.isoformat())
"""


def test_a_parent_with_a_one_year_old_finds_a_morning_group_near_07743(page, portal):
    page.goto(portal.url + "/")
    page.get_by_role("link", name="Angebote", exact=True).first.click()
    page.get_by_label("Postleitzahl oder Ort").fill("07743")
    page.get_by_label("Alter Ihres Kindes").fill("1")
    page.get_by_label("Angabe in").select_option("jahre")
    page.get_by_label("Eltern-Kind-Gruppen").check()
    page.get_by_text("Weitere Filter").click()
    for day in ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]:
        page.get_by_role("group", name="Wochentag").get_by_label(day).check()
    page.get_by_label("vormittags (bis 12 Uhr)").check()
    page.get_by_role("button", name="Angebote anzeigen").click()

    expect(page).to_have_url(re.compile(r"plz=07743.*alter=1"))
    results = page.locator(".occurrence")
    expect(results.first).to_be_visible()
    for time in page.locator(".occurrence__time time:first-child").all_inner_texts()[:10]:
        assert int(time.split(":")[0]) < 12, time
    group = page.locator(".occurrence__title a", has_text=re.compile("Krabbel|Spielgruppe")).first
    title = group.inner_text()
    group.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    slug = page.url.rstrip("/").split("/")[-1]

    # The centre cancels the second date (as staff would), the family looks again.
    portal.shell(CANCEL_SECOND_DATE.format(slug=slug))
    page.reload()
    dates = page.locator(".date-list__item")
    assert dates.count() >= 8
    cancelled = page.locator(".date-list__item--off", has_text="Krankheit im Team")
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_contain_text("fällt aus")
    expect(page.get_by_role("link", name=re.compile("Auf der Karte zeigen"))).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Alle Termine in meinen Kalender").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert str(event["SUMMARY"]) == title
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.get("EXDATE") is not None  # the cancelled date


def test_the_centre_programme_prints_on_its_own(page, portal_url):
    page.goto(portal_url + "/zentren/")
    page.locator(".result-card a").first.click()
    page.get_by_role("link", name="Das ganze Programm, Woche für Woche").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programm vom")
    page.get_by_role("link", name="Nächste Woche").click()
    expect(page).to_have_url(re.compile(r"woche=\d{4}-W\d{2}"))
    assert page.locator(".occurrence").count() >= 2  # at least the weekly café and group
    page.get_by_role("link", name="Druckfassung (A4)").click()
    expect(page.locator(".print-sheet__table")).to_be_visible()
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()  # shown by print.js
    page.emulate_media(media="print")
    assert page.locator(".print-sheet__actions").is_hidden()


def test_a_family_puts_one_date_into_its_calendar_and_finds_the_way(page, portal_url):
    page.goto(portal_url + "/angebote/?plz=07743")
    offer = page.locator(".occurrence__title a").first.get_attribute("href")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(portal_url + offer)
    # Search engines read the dates; the browser runs nothing (no CSP error: `page`).
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert 1 <= len(data) <= 10 and all(event["@type"] == "Event" for event in data)
    first = page.locator(".date-list__item").first
    start = first.locator("time").get_attribute("datetime")
    assert data[0]["startDate"] == start

    with page.expect_download() as download:
        first.get_by_role("link", name=re.compile("^In den Kalender")).click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt.isoformat() == start
    assert "RRULE" not in event

    directions = page.get_by_role("link", name="Route planen (OpenStreetMap)")
    assert directions.get_attribute("href").startswith(
        "https://www.openstreetmap.org/directions?to="
    )
    assert all(url.startswith(portal_url) for url in requests), "only the portal is asked"


PAGES = {
    "search": "/angebote/",
    "search-near": "/angebote/?plz=07743&alter=1&kategorie=eltern-kind-gruppen",
    "search-empty": "/angebote/?plz=99084&umkreis=5&kategorie=fachveranstaltungen&zeitraum=heute",
    "search-error": "/angebote/?alter=-3&von=2030-01-10&bis=2030-01-01&kategorie=zauberei",
    "search-place-unknown": "/angebote/?plz=99999",
    "search-outside-thuringia": "/angebote/?plz=04109",
    "search-automatic-radius": "/angebote/?plz=Lobeda",
    "offer": "FIRST_OFFER",
    "programme": "PROGRAMME",
    "print": "PRINT",
    "centre": "CENTRE",
}


def resolve(page, base: str, path: str) -> str:
    if path in ("FIRST_OFFER", "PROGRAMME", "PRINT", "CENTRE"):
        page.goto(base + "/zentren/?plz=07743")
        centre = page.locator(".result-card a").first.get_attribute("href")
        if path == "CENTRE":
            return centre
        if path == "PROGRAMME":
            return centre + "programm/?woche=2027-W10"
        if path == "PRINT":
            return centre + "programm/drucken/?woche=2027-W10"
        page.goto(base + "/angebote/?plz=07743")
        return page.locator(".occurrence__title a").first.get_attribute("href")
    return path


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_on_offer_pages(new_page, portal_url, name, width, language):
    page = new_page(width)
    path = resolve(page, portal_url, PAGES[name])
    if language == "en":
        path = "/en" + path
    assert page.goto(portal_url + path).status == 200
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
