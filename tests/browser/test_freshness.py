"""Freshness in a real browser: the "still correct" page behind the reminder mail's link,
the "no longer confirmed" notice families see, and the office's list. No axe violations,
on a small phone, a phone and at a desk."""

import re

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_handbook import CREATE_COORDINATION
from tests.browser.test_staff import PASSWORD, create_staff, log_in

# One centre's offers unconfirmed for ten months, its profile for 16: it prints the
# centre, one offer with upcoming dates and the centre's Sozialraum.
MAKE_OLD = """
import datetime
from django.utils import timezone
from centers.models import Center
from offers.models import Offer
center = Center.objects.get(slug="{slug}")
today = timezone.localdate()
offers = Offer.objects.published().filter(center=center)
offers.update(last_reviewed=today - datetime.timedelta(days=300))
Center.objects.filter(pk=center.pk).update(last_reviewed=today - datetime.timedelta(days=480))
offer = offers.filter(occurrences__start__gt=timezone.now()).order_by("pk").first()
print(offer.pk, offer.slug, center.sozialraum_id)
"""


def signed_in(browser, portal, email: str, secret: str) -> dict:
    """The storage state of a person signed in to Mein ThEKiZ with their second factor."""
    context, page = _new_page(browser, 1280)
    log_in(page, portal.url + "/mein-thekiz/", email, secret)
    page.wait_for_url(re.compile(r"/mein-thekiz/"))
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def world(browser, portal):
    """A coordinator of the old centre and the coordination office, both signed in
    (storage states), and the paths of the pages to look at."""
    secret, slug = create_staff(portal, "koordination.alt@thekiz.example", "coordinator")
    offer_pk, offer_slug, sozialraum = portal.shell(MAKE_OLD.format(slug=slug)).split()
    coordinator = signed_in(browser, portal, "koordination.alt@thekiz.example", secret)
    office_secret = generate_totp_secret()
    email = "fachstelle.frisch@thekiz.example"
    portal.shell(CREATE_COORDINATION.format(email=email, password=PASSWORD, secret=office_secret))
    office = signed_in(browser, portal, email, office_secret)
    return {
        "offer-confirm": (coordinator, f"/mein-thekiz/{slug}/angebote/{offer_pk}/geprueft/"),
        "profile-confirm": (coordinator, f"/mein-thekiz/{slug}/profil/geprueft/"),
        "offer-page": (None, f"/angebote/{offer_slug}/"),
        "search-rows": (None, f"/angebote/?sozialraum={sozialraum}"),
        "office-home": (office, "/mein-thekiz/"),
    }


SHOWS = {
    "offer-confirm": "Ist dieses Angebot noch richtig?",
    "profile-confirm": "Ist das Profil des Zentrums noch richtig?",
    "offer-page": "Nicht mehr bestätigt",
    "search-rows": "nicht mehr bestätigt",
    "office-home": "Nicht mehr bestätigt",
}


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("name", list(SHOWS))
def test_the_freshness_pages_have_no_axe_violations(browser, portal, world, name, width):
    state, path = world[name]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        expect(page.get_by_text(SHOWS[name]).first).to_be_visible()
        if name == "office-home":
            expect(
                page.get_by_role("table", name="Nicht mehr bestätigt, je Zentrum")
            ).to_be_visible()
        if name == "office-home":
            # Every centre, folded by district: one opens by keyboard, its links inside.
            district = page.locator("details.home-district summary").first
            district.focus()
            page.keyboard.press("Enter")
            expect(
                page.locator("details.home-district").first.get_by_role("link").first
            ).to_be_visible()
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        if width != 320:
            page.screenshot(path=f"/tmp/shots-fresh/{name}-{width}.png", full_page=True)
    finally:
        context.close()


def test_the_still_correct_button_confirms_by_keyboard(browser, portal, world):
    state, path = world["offer-confirm"]
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    try:
        page.goto(portal.url + path)
        button = page.get_by_role("button", name="Ja, stimmt noch")
        button.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("als heute geprüft markiert")).to_be_visible()
    finally:
        context.close()
