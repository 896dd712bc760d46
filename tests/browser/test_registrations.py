"""Sign-ups in a real browser: a parent signs up on a phone and cancels through the
personal link; every page and state of sign-ups has no axe violations at 320 and 1280 px,
in German and English; the centre's lists too."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page, forget_status_error
from tests.browser.test_staff import create_staff, sign_in

DEMO_PLACES = """
from offers.models import Offer
from registrations.links import registration_link_value
from registrations.models import Registration
offer = Offer.objects.filter(registration="per_date", center__city="Jena").order_by("pk").first()
dates = list(offer.occurrences.filter(capacity__isnull=False).order_by("start"))
course = Offer.objects.filter(registration="course", center__city="Jena").order_by("pk").first()
waiting = Registration.objects.filter(status="waitlisted", capacity=dates[0].capacity).first()
# The full date moved: one person still may confirm, one let the deadline pass (the
# demo's sign-ups were taken by phone; people with an e-mail are asked).
import datetime
from django.utils import timezone
now = timezone.now()
asked = list(Registration.objects.filter(status="confirmed", capacity=dates[0].capacity)[:3])
for registration, hours in zip(asked, [40, -1, 40]):
    registration.email = f"familie{registration.pk}@example.org"
    registration.move_confirm_by = now + datetime.timedelta(hours=hours)
    registration.save(update_fields=["email", "move_confirm_by"])
print(offer.slug, dates[0].pk, dates[1].pk, course.slug, registration_link_value(waiting),
      registration_link_value(asked[0]), registration_link_value(asked[1]),
      registration_link_value(asked[2]))
"""


@pytest.fixture(scope="module")
def places(portal) -> dict[str, str]:
    slug, full, free, course, link, moved, late, keep = portal.shell(DEMO_PLACES).split()
    return {
        "offer": slug,
        "full": full,
        "free": free,
        "course": course,
        "link": link,
        "moved": moved,
        "moved_late": late,
        "moved_keep": keep,
    }


def _check(page) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


def test_a_parent_signs_up_on_a_phone_and_cancels_through_the_link(new_page, portal, places):
    page = new_page(390)
    page.goto(f"{portal.url}/angebote/{places['offer']}/")
    page.locator(f"a[href$='/termine/{places['free']}/anmelden/']").click()
    page.get_by_label("Name", exact=True).fill("Mia")
    page.get_by_label("Erwachsene", exact=True).fill("1")
    page.get_by_label("Kinder", exact=True).fill("1")
    page.get_by_label("E-Mail-Adresse", exact=True).fill("mia.browser@example.org")
    if page.get_by_label("Alter der Kinder").count():  # the offer has an age range
        page.get_by_label("Alter der Kinder").fill("1 Jahr")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Danke für Ihre Anmeldung")).to_be_visible()
    expect(page.get_by_text("Ihr Platz ist bestätigt.")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Meine Anmeldung stornieren").click()
    expect(page.get_by_text("Diese Anmeldung ist storniert.")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Meine Daten jetzt löschen").click()
    expect(page.get_by_text("Ihr Name und Ihre Kontaktdaten sind gelöscht").first).to_be_visible()
    _check(page)


def test_a_parent_keeps_the_new_time_of_a_moved_date_by_keyboard(new_page, portal, places):
    page = new_page(390)
    page.goto(f"{portal.url}/anmeldung/{places['moved_keep']}/")
    expect(page.get_by_role("heading", name="Der Termin wurde verschoben")).to_be_visible()
    keep = page.get_by_role("button", name="Neuen Termin behalten")
    keep.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Danke: Ihr Platz zur neuen Zeit ist bestätigt.")).to_be_visible()
    expect(page.get_by_role("button", name="Neuen Termin behalten")).to_have_count(0)
    _check(page)


STATES = [
    ("offer", "/angebote/{offer}/", None, 200),
    ("form", "/angebote/{offer}/termine/{free}/anmelden/", None, 200),
    ("form-errors", "/angebote/{offer}/termine/{free}/anmelden/", "submit", 200),
    ("form-waitlist", "/angebote/{offer}/termine/{full}/anmelden/", None, 200),
    ("course-form", "/angebote/{course}/anmelden/", None, 200),
    ("personal-waiting", "/anmeldung/{link}/", None, 200),
    ("personal-moved", "/anmeldung/{moved}/", None, 200),
    ("personal-moved-too-late", "/anmeldung/{moved_late}/", None, 200),
    ("personal-broken", "/anmeldung/kaputt/", None, 404),
    ("privacy", "/datenschutz/", None, 200),
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(("name", "path", "action", "status"), STATES)
def test_no_axe_violations_on_sign_up_pages(
    new_page, portal, places, name, path, action, status, width, language
):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    response = page.goto(portal.url + prefix + path.format(**places))
    assert response.status == status
    if status != 200:
        forget_status_error(page, status)
    if action == "submit":
        page.locator("form.staff-form button[type=submit]").click()
        expect(page.locator("#form-errors")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == language
    _check(page)


@pytest.fixture(scope="module")
def staff_state(browser, portal):
    secret, slug = create_staff(portal, "fachkraft.anmeldung@thekiz.example", "staff")
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, "fachkraft.anmeldung@thekiz.example", secret)
    state = context.storage_state()
    context.close()
    return state, slug


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", ["overview", "date", "date-print", "course"])
def test_no_axe_violations_on_the_centres_sign_up_lists(
    browser, portal, places, staff_state, name, width
):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    base = f"{portal.url}/mein-thekiz/{slug}/anmeldungen/"
    page.goto(base)
    if name != "overview":
        link = page.locator(
            "a[href*='/anmeldungen/kurs/']"
            if name == "course"
            else f"a[href$='/anmeldungen/termin/{places['full']}/']"
        ).first
        link.click()
        expect(page).to_have_url(re.compile(r"/anmeldungen/(termin|kurs)/\d+/$"))
        if name == "date":  # the demo's full date moved: some have not confirmed yet
            expect(page.get_by_text("Bestätigung ausstehend").first).to_be_visible()
        if name == "date-print":
            page.get_by_role("link", name="Liste drucken").click()
    try:
        _check(page)
    finally:
        context.close()
