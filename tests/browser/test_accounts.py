"""Accounts in a real browser: the two-factor set-up with its recovery codes, and the
pages for a missing right and a refused form, at phone and desktop width."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page, forget_status_error
from tests.browser.test_staff import PASSWORD, create_staff, sign_in, totp_code

WIDTHS = [390, 1280]

CREATE_WITHOUT_AUTHENTICATOR = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from centers.models import Center, Membership
User = get_user_model()
user = User.objects.create_user(username="{email}", email="{email}", password="{password}")
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
center = Center.objects.order_by("pk").first()
Membership.objects.create(user=user, center=center, role="staff")
print(center.slug)
"""


def check_page(page) -> None:
    """No axe violation, nothing wider than the screen, no text spilling out of its box."""
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_setting_up_the_authenticator_shows_the_codes_once_and_returns(new_page, portal, width):
    email = f"neu.{width}@thekiz.example"
    slug = portal.shell(CREATE_WITHOUT_AUTHENTICATOR.format(email=email, password=PASSWORD)).strip()
    page = new_page(width)
    target = f"/mein-thekiz/{slug}/schliesszeiten/"
    page.goto(portal.url + target)
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    # Straight to the set-up (no authenticator yet), which keeps where the person was going.
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Authentifizierungs-App einrichten")
    check_page(page)
    secret = page.locator("#authenticator_secret").inner_text().replace(" ", "")
    page.get_by_label("Authentifizierungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Einrichten").click()

    # No second password prompt: the codes, once.
    expect(page).to_have_url(re.compile(r"/konto/2fa/codes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    codes = page.locator("main code")
    assert codes.count() >= 10
    assert all(re.fullmatch(r"[0-9a-z]{6,}", text) for text in codes.all_inner_texts())
    check_page(page)
    page.get_by_role("link", name="Ich habe die Codes gesichert – weiter").click()
    expect(page).to_have_url(portal.url + target)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schließzeiten")


@pytest.fixture(scope="module")
def staff_state(browser, portal):
    """A signed-in staff member (role "staff"): the team page is not theirs to open."""
    secret, slug = create_staff(portal, "fachkraft.rechte@thekiz.example", "staff")
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, "fachkraft.rechte@thekiz.example", secret)
    state = context.storage_state()
    context.close()
    return state, slug


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_missing_right_shows_the_portals_page(browser, portal, staff_state, width, language):
    state, slug = staff_state
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    prefix = "/en" if language == "en" else ""
    dashboard = f"{portal.url}{prefix}/mein-thekiz/{slug}/"
    response = page.goto(f"{dashboard}team/", referer=dashboard)
    assert response.status == 403
    heading = (
        "You may not open this page" if language == "en" else "Diese Seite dürfen Sie nicht öffnen"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.evaluate("document.documentElement.lang") == language
    check_page(page)
    back = "Back to the previous page" if language == "en" else "Zurück zur vorigen Seite"
    page.get_by_role("link", name=back).click()
    expect(page).to_have_url(dashboard)
    context.close()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_refused_form_shows_the_portals_page(new_page, portal_url, width, language):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    page.goto(f"{portal_url}{prefix}/konto/login/")
    page.context.clear_cookies()  # the form's security token no longer matches
    page.locator("input[name=login]").fill("jemand@thekiz.example")
    page.locator("input[name=password]").fill("irgendwas")
    with page.expect_response(re.compile(r"/konto/login/$")) as answer:
        page.locator("main form button[type=submit]").first.click()
    assert answer.value.status == 403
    page.wait_for_load_state("load")
    heading = (
        "The form could not be sent"
        if language == "en"
        else "Das Formular konnte nicht gesendet werden"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page)
    back = "Back to the form" if language == "en" else "Zurück zum Formular"
    page.get_by_role("link", name=back).click()
    expect(page).to_have_url(f"{portal_url}{prefix}/konto/login/")
    # The browser logs the 403 status of the refused page, sometimes only once it is shown.
    forget_status_error(page, 403)
