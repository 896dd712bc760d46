"""Centre staff keep their calendar right, in a real browser with two-factor sign-in."""

import datetime
import re
import time
import uuid

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page

CREATE_STAFF = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from centers.models import Center, Membership
User = get_user_model()
user = User.objects.create_user(username="{email}", email="{email}", password="{password}",
                                first_name="Maria", last_name="Beispiel")
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
TOTP.activate(user, "{secret}")
center = Center.objects.filter(city="Jena").order_by("pk").first()
Membership.objects.create(user=user, center=center, role="{role}")
print(center.slug)
"""
PASSWORD = "Sicheres-Passwort-2026"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def create_staff(portal, email: str, role: str) -> tuple[str, str]:
    secret = generate_totp_secret()
    slug = portal.shell(
        CREATE_STAFF.format(email=email, password=PASSWORD, secret=secret, role=role)
    ).strip()
    return secret, slug


def log_in(page, url: str, email: str, secret: str) -> None:
    """Open ``url``, which asks for sign-in, and sign in with password and TOTP code."""
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()


def sign_in(page, base: str, email: str, secret: str) -> None:
    log_in(page, base + "/mein-thekiz/", email, secret)
    expect(page).to_have_url(re.compile(r"/mein-thekiz/"))


def next_monday() -> datetime.date:
    today = datetime.date.today()
    return today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)


def test_a_staff_member_creates_a_weekly_offer_and_cancels_a_date(page, portal):
    secret, slug = create_staff(portal, "fachkraft.test@thekiz.example", "staff")
    sign_in(page, portal.url, "fachkraft.test@thekiz.example", secret)
    expect(page).to_have_url(re.compile(rf"/mein-thekiz/{slug}/$"))

    page.get_by_role("link", name="Neues Angebot").first.click()
    page.get_by_label("Titel").fill("Babymassage am Montag")
    page.get_by_label("Kurzbeschreibung").fill("Sanfte Berührung für Babys bis sechs Monate.")
    page.get_by_role("group", name="Kategorien").get_by_label("Eltern-Kind-Gruppen").check()
    page.get_by_role("button", name="Angebot anlegen und Termine hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Babymassage am Montag")

    # The editor reads like a sentence; the preview updates while typing.
    page.get_by_label("wöchentlich").check()
    page.get_by_role("group", name="an").get_by_label("Mo", exact=True).check()
    page.get_by_label("von", exact=True).fill("09:30")
    page.get_by_label("bis", exact=True).fill("11:00")
    page.get_by_label("erster Termin").fill(next_monday().isoformat())
    preview = page.locator("#schedule-preview")
    expect(preview).to_contain_text("jeden Montag, 9:30–11:00 Uhr")
    # Weltkindertag (20 September, Thuringia only) is a Monday in 2027: no date that day.
    skipped = preview.locator(".schedule-preview__skipped")
    expect(skipped).to_contain_text("Weltkindertag")
    expect(skipped).to_contain_text("20. September 2027")
    page.get_by_role("button", name="Termine speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Termine wurden gespeichert")

    page.get_by_role("link", name="Babymassage am Montag").first.click()  # breadcrumb
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator(".offer-status")).to_contain_text("veröffentlicht")

    # From the dashboard: cancel the first Monday.
    page.get_by_role("link", name="Übersicht").click()
    row = page.locator(".occurrence", has_text="Babymassage am Montag").first
    row.get_by_role("link", name=re.compile("^Absagen")).click()
    page.get_by_label("Grund").fill("Krankheit im Team")
    page.get_by_role("button", name="Termin absagen").click()
    expect(page).to_have_url(re.compile(rf"/mein-thekiz/{slug}/$"))
    cancelled = page.locator(".occurrence--off", has_text="Babymassage am Montag").first
    expect(cancelled).to_contain_text("Krankheit im Team")

    # Families see it, searching for that day (a longer list may not reach it on page 1).
    day = next_monday().isoformat()
    page.goto(f"{portal.url}/angebote/?plz=07743&von={day}&bis={day}")
    page.get_by_role("link", name="Babymassage am Montag").first.click()
    first_date = page.locator(".date-list__item").first
    expect(first_date).to_contain_text("fällt aus")
    expect(first_date).to_contain_text("Krankheit im Team")


@pytest.fixture(scope="module")
def coordinator_state(browser, portal):
    """A signed-in coordinator (storage state), shared: a TOTP code works only once. Other
    modules use it too (each runs it once on the session's portal): a new address each."""
    email = f"koordinatorin.{uuid.uuid4().hex[:8]}@thekiz.example"
    secret, slug = create_staff(portal, email, "coordinator")
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, email, secret)
    offer_url = page.locator(".occurrence__title a").first.get_attribute("href")
    state = context.storage_state()
    context.close()
    return state, slug, offer_url


STAFF_PAGES = [
    ("dashboard", "/mein-thekiz/{slug}/", None),
    ("offers", "/mein-thekiz/{slug}/angebote/", None),
    ("offer-new", "/mein-thekiz/{slug}/angebote/neu/", None),
    ("offer-new-errors", "/mein-thekiz/{slug}/angebote/neu/", "submit"),
    ("schedule", "{offer}", None),
    ("schedule-errors", "{offer}", "schedule"),
    ("closures", "/mein-thekiz/{slug}/schliesszeiten/", None),
    ("closures-errors", "/mein-thekiz/{slug}/schliesszeiten/", "closure"),
    ("profile", "/mein-thekiz/{slug}/profil/", None),
    ("hours", "/mein-thekiz/{slug}/oeffnungszeiten/", None),
    ("photos", "/mein-thekiz/{slug}/fotos/", None),
    ("photos-errors", "/mein-thekiz/{slug}/fotos/", "photo"),
    ("partners", "/mein-thekiz/{slug}/kooperationen/", None),
    ("team", "/mein-thekiz/{slug}/team/", None),
    ("team-errors", "/mein-thekiz/{slug}/team/", "invite"),
    ("changes", "/mein-thekiz/{slug}/aenderungen/", None),
    ("password", "/konto/password/change/", None),
    ("two-factor", "/konto/2fa/", None),
]


def provoke_errors(page, action: str) -> None:
    """Submit a form with mistakes so that its error state can be checked."""
    if action == "submit":
        page.get_by_role("button", name="Angebot anlegen und Termine hinzufügen").click()
    elif action == "schedule":
        page.get_by_label("wöchentlich").check()
        page.get_by_label("von", exact=True).fill("11:00")
        page.get_by_label("bis", exact=True).fill("09:00")
        page.get_by_role("button", name="Termine speichern").click()
    elif action == "closure":
        page.get_by_label("Grund").fill("Fortbildung")
        page.get_by_label("erster Tag").fill("2030-05-10")
        page.get_by_label("letzter Tag").fill("2030-05-01")
        page.get_by_role("button", name="Schließzeit speichern").click()
    elif action == "photo":
        page.get_by_label("Foto", exact=True).set_input_files(
            files=[{"name": "bild.jpg", "mimeType": "image/jpeg", "buffer": b"kein Bild"}]
        )
        page.get_by_label("Was zeigt das Foto?").fill("Test")
        page.get_by_role("button", name="Foto hochladen").click()
    elif action == "invite":
        page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
        page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator("#form-errors, .kern-error").first).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(("name", "path", "action"), STAFF_PAGES)
def test_no_axe_violations_on_staff_pages(
    browser, portal, coordinator_state, name, path, action, width
):
    state, slug, offer_url = coordinator_state
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = path.format(slug=slug, offer=offer_url or "")
    response = page.goto(portal.url + url)
    assert response.status == 200, url
    if action:
        provoke_errors(page, action)
    violations = axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not violations, "\n".join(violations)
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    assert not errors, errors
