"""The calendar import in a real browser: upload, preview, import; the error states; axe
with no violations at 320 and 1280 px; it works without JavaScript."""

import datetime
import os
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_staff import create_staff, sign_in
from tests.offers.ical_events import calendar, event

SAMPLES = Path(__file__).parents[1] / "offers" / "ical_samples"
# Screenshots of each state, when this folder exists (to look at them).
SHOTS = Path(os.environ.get("THEKIZ_SHOTS", "/nonexistent"))

FAILING_SUBSCRIPTION = """
from django.utils import timezone
from centers.models import Center
from offers.models import CalendarSubscription
CalendarSubscription.objects.get_or_create(
    center=Center.objects.get(slug="{slug}"),
    url="https://kalender.example/ein-sehr-langer-pfad/zum/kalender/des-familienzentrums.ics",
    defaults={{"last_error": "Der Server kalender.example war nicht erreichbar.",
               "last_error_at": timezone.now()}},
)
"""

# An offer imported before with two sign-ups for one date, and an offer of the subscribed
# calendar whose event is gone from it (``{day}``: the date with the sign-ups).
IMPORTED = """
import datetime
from centers.models import Center
from offers.calendar_import import calendar_plan
from offers.models import CalendarSubscription, Offer
from offers.services import offer_sign_up
from offers.services.imports import calendar_import_apply
from tests.offers.ical_events import UID, calendar, event
center = Center.objects.get(slug="{slug}")
plan = calendar_plan(calendar(event()), center=center)
calendar_import_apply(plan=plan, center=center, user=None)
Offer.objects.filter(import_uid=UID).update(status="published", registration="per_date", capacity=1)
offer = Offer.objects.get(center=center, import_uid=UID)
date = offer.occurrences.get(original_date=datetime.date.fromisoformat("{day}"))
for who in ("anna", "ben"):
    offer_sign_up(offer=offer, occurrence=date, name=who, email=who + "@example.org")
subscription = CalendarSubscription.objects.get(center=center)
title = "Elterncafé mit Frühstück für die ganze Familie"
gone = calendar(event(uid="cafe@kalender.example", title=title))
calendar_import_apply(
    plan=calendar_plan(gone, center=center, subscription=subscription), center=center, user=None
)
Offer.objects.filter(import_uid="cafe@kalender.example").update(
    status="published", import_missing_since=datetime.date.today()
)
"""


def _signed_up_day() -> datetime.date:
    """A Tuesday two weeks ahead: the date with sign-ups."""
    today = datetime.datetime.now(ZoneInfo("Europe/Berlin")).date()
    return today + datetime.timedelta(days=14 + (1 - today.weekday()) % 7)


@pytest.fixture(scope="module")
def staff_state(browser, portal):
    """A signed-in staff member of a centre with a failing calendar subscription."""
    email = f"fachkraft.{uuid.uuid4().hex[:8]}@thekiz.example"
    secret, slug = create_staff(portal, email, "staff")
    portal.shell(FAILING_SUBSCRIPTION.format(slug=slug))
    portal.shell(IMPORTED.format(slug=slug, day=_signed_up_day().isoformat()))
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, email, secret)
    state = context.storage_state()
    context.close()
    return state, slug


def _upload(page, name: str) -> None:
    page.get_by_label("Kalenderdatei (.ics)").set_input_files(str(SAMPLES / name))
    page.get_by_role("button", name="Vorschau anzeigen").first.click()


def _subscribe(page, address: str) -> None:
    page.get_by_label("Adresse des Kalenders").fill(address)
    page.get_by_role("button", name="Vorschau anzeigen").last.click()


def _upload_cancelling(page) -> None:
    """A new version of the imported calendar: the date with sign-ups is left out."""
    data = calendar(event(exdates=(f"{_signed_up_day():%Y%m%d}",)))
    page.get_by_label("Kalenderdatei (.ics)").set_input_files(
        {"name": "kalender.ics", "mimeType": "text/calendar", "buffer": data}
    )
    page.get_by_role("button", name="Vorschau anzeigen").first.click()


def _end_asks(page) -> None:
    page.get_by_role("link", name=re.compile("^Angebot beenden")).click()


STATES = [
    ("start", None),
    ("file-error", lambda page: _upload(page, "broken.ics")),
    ("address-error", lambda page: _subscribe(page, "https://127.0.0.1/kalender.ics")),
    ("preview", lambda page: _upload(page, "google.ics")),
    ("preview-sign-ups", _upload_cancelling),
    ("end-asks", _end_asks),
    ("dashboard", lambda page: page.get_by_role("link", name="Übersicht").click()),
]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(("name", "action"), STATES, ids=[name for name, _ in STATES])
def test_no_axe_violations_on_the_import_pages(browser, portal, staff_state, name, action, width):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{portal.url}/mein-thekiz/{slug}/kalender-import/")
    assert response.status == 200
    expect(page.get_by_text("nicht erreichbar")).to_be_visible()
    expect(page.get_by_role("heading", name="Nicht mehr im Kalender")).to_be_visible()
    if action:
        action(page)
    if name == "preview":
        expect(page).to_have_url(re.compile(r"/kalender-import/vorschau/$"))
        expect(page.get_by_role("heading", name="Krabbelgruppe")).to_be_visible()
        expect(page.get_by_text("Sommerfest")).to_be_visible()
    elif name == "preview-sign-ups":
        expect(page.get_by_text("1 Termin mit 2 Anmeldungen")).to_be_visible()
    elif name == "end-asks":
        expect(page.get_by_role("heading", name="Angebot beenden?")).to_be_visible()
    elif name == "dashboard":
        expect(page.get_by_text("nicht mehr in seinem abonnierten Kalender")).to_be_visible()
    elif name.endswith("error"):
        expect(page.locator("#form-errors")).to_be_visible()
    violations = axe_violations(page)
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not violations, "\n".join(violations)
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    assert not errors, errors


def test_a_calendar_is_imported_without_javascript_by_keyboard(browser, portal, staff_state):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": 390, "height": 900},
        locale="de-DE",
        storage_state=state,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{portal.url}/mein-thekiz/{slug}/angebote/")
    page.get_by_role("link", name="Kalender importieren").click()
    # The Google sample's rules have no end: they give dates whatever day the test runs.
    page.get_by_label("Kalenderdatei (.ics)").set_input_files(str(SAMPLES / "google.ics"))
    page.get_by_role("button", name="Vorschau anzeigen").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Elterncafé")).to_be_visible()
    expect(page.get_by_text("Sommerfest")).to_be_visible()  # listed, not imported
    page.get_by_role("button", name="Importieren").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/angebote/\?status=draft$"))
    expect(page.get_by_text("als Entwürfe angelegt")).to_be_visible()
    expect(page.get_by_role("link", name="Elterncafé").first).to_be_visible()
    context.close()
