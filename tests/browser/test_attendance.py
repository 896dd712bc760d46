"""The page "Teilnahme erfassen" in a real browser: reached from the dashboard, one date
saved with the keyboard, the error state, and without JavaScript; no axe violations at
320 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _new_page
from tests.browser.test_accounts import check_page
from tests.browser.test_staff import create_staff, sign_in


@pytest.fixture(scope="module")
def staff_state(browser, portal):
    email = "fachkraft.teilnahme@thekiz.example"
    secret, slug = create_staff(portal, email, "staff")
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, email, secret)
    state = context.storage_state()
    context.close()
    return state, slug


def _page(browser, state, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="de-DE",
        storage_state=state,
        java_script_enabled=javascript,
    )
    return context, context.new_page()


@pytest.mark.parametrize("width", [1280, 320])
def test_staff_count_a_date_with_the_keyboard_and_see_the_error_state(
    browser, portal, staff_state, width
):
    state, slug = staff_state
    context, page = _page(browser, state, width)
    try:
        page.goto(f"{portal.url}/mein-thekiz/{slug}/")
        page.locator("main").get_by_role("link", name="Teilnahme erfassen").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Teilnahme erfassen")
        check_page(page)

        row = page.locator(".attendance-list > li").first
        expect(row).to_contain_text("Noch nicht erfasst")
        title = row.locator("legend").inner_text()
        # Nobody typed in: the error is shown at the top and at the row, nothing saved.
        row.get_by_label("Erwachsene").fill("0")
        row.get_by_role("button", name="Speichern").click()
        expect(page.locator("#form-errors")).to_be_visible()
        expect(page.locator("#form-errors")).to_contain_text("Fand nicht statt")
        check_page(page)

        row = page.locator(".attendance-list > li", has_text=title).first
        row.get_by_label("Erwachsene").fill("3")
        row.get_by_label("Kinder").focus()
        page.keyboard.type("7")
        page.keyboard.press("Tab")  # "Fand nicht statt"
        page.keyboard.press("Tab")  # the row's button
        page.keyboard.press("Enter")
        expect(page.get_by_text("ist gespeichert")).to_be_visible()
        expect(page.locator(".attendance-list")).to_contain_text("Erfasst: 3 Erwachsene, 7 Kinder")
        check_page(page)
    finally:
        context.close()


def test_a_date_that_did_not_take_place_is_saved_without_javascript(browser, portal, staff_state):
    state, slug = staff_state
    context, page = _page(browser, state, 390, javascript=False)
    try:
        page.goto(f"{portal.url}/mein-thekiz/{slug}/teilnahme/")
        row = page.locator(".attendance-list > li", has_text="Noch nicht erfasst").first
        row.get_by_label("Fand nicht statt").check()
        row.get_by_role("button", name="Speichern").click()
        expect(page).to_have_url(re.compile(r"/teilnahme/"))
        expect(page.get_by_text("Erfasst: fand nicht statt").first).to_be_visible()
    finally:
        context.close()
