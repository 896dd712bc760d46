"""Removing a rule whose dates someone changed: the staff area asks first and lists those
dates, without JavaScript too."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_staff import create_staff, sign_in

OFFER_WITH_CHANGED_DATES = """
import datetime
from centers.models import Center
from offers.models import Offer, Schedule
from offers.services import (
    occurrence_cancel, occurrence_move, occurrence_note_set, offer_occurrences_sync,
)
center = Center.objects.get(slug="{slug}")
offer = Offer.objects.create(
    center=center, title="Krabbelgruppe am Dienstag", slug="krabbelgruppe-{name}",
    summary="Spielen und krabbeln.", status="published",
)
tomorrow = datetime.date.today() + datetime.timedelta(days=1)
Schedule.objects.create(
    offer=offer, weekdays="TU", start_date=tomorrow,
    start_time=datetime.time(9, 30), end_time=datetime.time(11, 0),
)
offer_occurrences_sync(offer)
first, second, third = offer.occurrences.order_by("start")[:3]
occurrence_cancel(occurrence=first, reason="Krankheit im Team")
occurrence_move(
    occurrence=second, day=second.original_date + datetime.timedelta(days=2),
    start_time=datetime.time(15, 0), end_time=datetime.time(16, 30),
)
occurrence_note_set(occurrence=third, note="Diesmal im Garten, bitte wetterfeste Kleidung")
print(offer.pk)
"""


@pytest.fixture(scope="module")
def staff_state(browser, portal):
    """A signed-in staff member (storage state), shared: a TOTP code works only once."""
    secret, slug = create_staff(portal, "regeln.test@thekiz.example", "staff")
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, "regeln.test@thekiz.example", secret)
    state = context.storage_state()
    context.close()
    return state, slug


def _schedule_editor(portal, slug: str, name: str) -> str:
    offer = portal.shell(OFFER_WITH_CHANGED_DATES.format(slug=slug, name=name)).strip()
    return f"{portal.url}/mein-thekiz/{slug}/angebote/{offer}/termine/"


def test_removing_a_rule_with_changed_dates_asks_first_without_javascript(
    browser, portal, staff_state
):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": 320, "height": 900},
        locale="de-DE",
        storage_state=state,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(_schedule_editor(portal, slug, "ohne-js"))

    page.get_by_role("button", name=re.compile(r"^Entfernen\s*: jeden Dienstag")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Regel entfernen?")
    warning = page.get_by_role("status").filter(has_text="von Hand geändert")
    expect(warning).to_contain_text("3 kommende Termine dieser Regel wurden von Hand geändert")
    dates = warning.locator(".date-list__item")
    expect(dates).to_have_count(3)
    expect(dates.nth(0)).to_contain_text("Krankheit im Team")
    expect(dates.nth(1)).to_contain_text("verschoben")
    expect(dates.nth(1)).to_contain_text("15:00–16:30")
    expect(dates.nth(2)).to_contain_text("Diesmal im Garten")

    page.get_by_role("button", name="Regel entfernen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Krabbelgruppe am Dienstag")
    expect(page.get_by_role("status").first).to_contain_text("Die Regel wurde entfernt")
    # The changed dates stay, no longer taking place; the others are gone.
    kept = page.locator(".occurrence")
    expect(kept).to_have_count(3)
    expect(kept.nth(0)).to_contain_text("Krankheit im Team")
    expect(kept.nth(1)).to_contain_text("aus dem Terminplan gestrichen")
    expect(kept.nth(2)).to_contain_text("Diesmal im Garten")
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_question_before_removing_a_rule_has_no_axe_violations(
    browser, portal, staff_state, width
):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(_schedule_editor(portal, slug, f"axe-{width}"))
    page.get_by_role("button", name=re.compile(r"^Entfernen\s*: jeden Dienstag")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regel entfernen?")

    violations = axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not violations, "\n".join(violations)
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    assert not errors, errors
