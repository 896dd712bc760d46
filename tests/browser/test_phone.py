"""Results first on a phone (390 × 844): after a search, the first result starts on the
first screen; the filters are one line that opens by mouse and by keyboard; axe finds
nothing in any state of the folded filters."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page

PHONE = {"width": 390, "height": 844}
WITH_RESULTS = "/angebote/?plz=07743&alter=2&wochentag=di&tageszeit=vormittags&kostenfrei=on"
NO_RESULTS = "/angebote/?plz=99084&umkreis=5&kategorie=fachveranstaltungen&zeitraum=heute"


@pytest.fixture
def phone(browser):
    """A 390 × 844 page (a common phone) that fails the test on any console error."""
    context, page = _new_page(browser, PHONE["width"])
    page.set_viewport_size(PHONE)
    yield page
    errors = list(page.console_errors)
    context.close()
    assert not errors, f"Console errors: {errors}"


def top_and_bottom(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["y"], box["y"] + box["height"]


def test_after_five_filters_the_first_result_starts_on_the_first_screen(phone, portal_url):
    page = phone
    page.goto(portal_url + "/angebote/")
    page.get_by_label("Postleitzahl oder Ort").fill("07743")
    page.get_by_label("Alter Ihres Kindes").fill("2")
    page.get_by_text("Weitere Filter").click()
    page.get_by_role("group", name="Wochentag").get_by_label("Dienstag").check()
    page.get_by_label("vormittags (bis 12 Uhr)").check()
    page.get_by_label("Kostenfrei").check()
    page.get_by_label("Ohne Anmeldung").check()
    page.get_by_role("button", name="Angebote anzeigen").click()

    expect(page).to_have_url(re.compile(r"plz=07743.*alter=2.*wochentag=di"))
    applied = page.locator(".filter-panel__applied")
    expect(applied).to_have_text(
        "07743 Jena · 2 Jahre · Dienstag · vormittags (bis 12 Uhr) · Kostenfrei · Ohne Anmeldung"
    )
    expect(page.get_by_label("Postleitzahl oder Ort")).to_be_hidden()  # folded away
    first = page.locator(".occurrence").first
    expect(first).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    top, _ = top_and_bottom(first)
    _, title_bottom = top_and_bottom(first.locator(".occurrence__title"))
    assert top <= PHONE["height"], f"the first result starts at {top:.0f} px"
    assert title_bottom <= PHONE["height"], "the first result's title is cut off"

    # "Filter ändern" opens the form with the search as it was.
    page.get_by_text("Filter ändern").click()
    expect(page.get_by_label("Postleitzahl oder Ort")).to_have_value("07743")
    expect(page.get_by_label("Kostenfrei")).to_be_checked()


def test_after_a_postcode_the_home_page_shows_the_first_centre_on_the_first_screen(
    phone, portal_url
):
    page = phone
    page.goto(portal_url + "/")
    page.get_by_label("Wo wohnen Sie?").fill("07743")
    page.get_by_role("button", name="Zentren finden").click()
    expect(page).to_have_url(re.compile(r"plz=07743"))
    first = page.locator(".nearest .result-card").first
    expect(first).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    top, _ = top_and_bottom(first)
    _, title_bottom = top_and_bottom(first.locator(".result-card__title"))
    assert top <= PHONE["height"], f"the first centre starts at {top:.0f} px"
    assert title_bottom <= PHONE["height"], "the first centre's name is cut off"


@pytest.mark.parametrize("path", ["/zentren/?plz=07743", "/netzwerk/?plz=07743&umkreis=50"])
def test_the_centre_and_partner_lists_show_their_first_result_on_the_first_screen(
    phone, portal_url, path
):
    page = phone
    page.goto(portal_url + path)
    if path.startswith("/zentren/"):
        page.wait_for_selector(".leaflet-marker-icon")  # the map stands above the list
    expect(page.locator(".filter-panel__applied")).to_contain_text("07743 Jena")
    top, _ = top_and_bottom(page.locator(".result-card").first)
    assert top <= PHONE["height"] - 48, f"the first result starts at {top:.0f} px"


def test_the_folded_filters_open_by_keyboard(phone, portal_url):
    page = phone
    page.goto(portal_url + WITH_RESULTS)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('filter-panel__toggle')"):
            break
    else:
        raise AssertionError("“Filter ändern” cannot be reached with Tab")
    expect(page.locator(":focus")).to_contain_text("Filter ändern")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "plz"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # closes again
    expect(page.get_by_label("Postleitzahl oder Ort")).to_be_hidden()


def test_on_a_wide_screen_the_form_stands_beside_the_results(page, portal_url):
    page.goto(portal_url + WITH_RESULTS)
    expect(page.locator(".filter-panel__toggle")).to_be_hidden()
    form, results = page.locator(".filter-form"), page.locator(".occurrence").first
    expect(form).to_be_visible()
    expect(page.get_by_label("Postleitzahl oder Ort")).to_have_value("07743")
    assert form.bounding_box()["x"] < results.bounding_box()["x"]  # side by side
    assert results.bounding_box()["y"] < 844


STATES = {"results": WITH_RESULTS, "no-results": NO_RESULTS, "summary-open": WITH_RESULTS}


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("state", list(STATES))
def test_no_axe_violations_with_the_folded_filters(browser, portal_url, state, width):
    context, page = _new_page(browser, width)
    try:
        page.goto(portal_url + STATES[state])
        panel = page.locator(".filter-panel")
        if state == "summary-open":
            if width < 992:
                page.get_by_text("Filter ändern").click()
            else:  # the line is not shown on wide screens: open the <details> itself
                panel.evaluate("details => { details.open = true; }")
            expect(page.get_by_label("Postleitzahl oder Ort")).to_be_visible()
        assert panel.evaluate("details => details.open") == (state == "summary-open")
        violations = axe_violations(page)
        assert not violations, "\n".join(violations)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow} px wider than the screen"
        assert not page.console_errors
    finally:
        context.close()
