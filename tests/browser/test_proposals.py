"""Partner proposals in a real browser: the partner's pages and the centre's, with their
error states; axe with no violations at 320 and 1280 px; proposing works without
JavaScript, by keyboard."""

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_staff import PASSWORD, create_staff, next_monday, sign_in

CREATE_PARTNER = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from centers.models import Center, Cooperation, Membership
from network.models import Partner
from offers.models import Offer, Proposal, Schedule
from offers.services import offer_occurrences_sync
import datetime
User = get_user_model()
user = User.objects.create_user(username="{email}", email="{email}", password="{password}",
                                first_name="Hanna", last_name="Hebamme")
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
TOTP.activate(user, "{secret}")
center = Center.objects.get(slug="{slug}")
partner = Partner.objects.filter(is_active=True).order_by("pk").first()
Cooperation.objects.get_or_create(center=center, partner=partner,
                                  defaults={{"kind": "regelmaessig"}})
Membership.objects.create(user=user, center=center, role="partner", partner=partner)
offer = Offer.objects.create(center=center, partner=partner, title="Babymassage mit Hanna",
                             slug="babymassage-{token}", summary="Sanft für Babys.",
                             status="published")
Schedule.objects.create(offer=offer, frequency="weekly", weekdays="MO",
                        start_date=datetime.date.today(), start_time=datetime.time(10),
                        end_time=datetime.time(11))
offer_occurrences_sync(offer)
proposal = Proposal.objects.create(center=center, partner=partner, proposed_by=user, offer=offer,
    is_new=False, title="Babymassage mit Hanna", summary="Jetzt auch für Geschwister.",
    description="Bitte ein Handtuch mitbringen.")
print(offer.pk, proposal.pk)
"""


@pytest.fixture(scope="module")
def people(browser, portal):
    """A signed-in staff member and a signed-in partner's person of the same centre."""
    token = uuid.uuid4().hex[:8]
    staff_email = f"fachkraft.{token}@thekiz.example"
    staff_secret, slug = create_staff(portal, staff_email, "staff")
    partner_email = f"hebamme.{token}@partner.example"
    partner_secret = generate_totp_secret()
    offer_pk, proposal_pk = portal.shell(
        CREATE_PARTNER.format(
            email=partner_email,
            password=PASSWORD,
            secret=partner_secret,
            slug=slug,
            token=token,
        )
    ).split()
    states = {}
    for key, email, secret in [
        ("staff", staff_email, staff_secret),
        ("partner", partner_email, partner_secret),
    ]:
        context, page = _new_page(browser, 1280)
        sign_in(page, portal.url, email, secret)
        states[key] = context.storage_state()
        context.close()
    return states, slug, offer_pk, proposal_pk


def _empty_proposal(page) -> None:
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.locator("#form-errors")).to_be_visible()


def _answer_without_message(page) -> None:
    page.get_by_label("Um Änderungen bitten").check()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator("#form-errors")).to_be_visible()


PAGES = [
    ("partner-list", "partner", "/mein-thekiz/partner/vorschlaege/", None),
    ("partner-new", "partner", "/mein-thekiz/partner/{slug}/vorschlag/", None),
    ("partner-new-error", "partner", "/mein-thekiz/partner/{slug}/vorschlag/", _empty_proposal),
    (
        "partner-change",
        "partner",
        "/mein-thekiz/partner/{slug}/angebote/{offer}/vorschlag/",
        None,
    ),
    ("partner-detail", "partner", "/mein-thekiz/partner/vorschlaege/{proposal}/", None),
    ("staff-list", "staff", "/mein-thekiz/{slug}/vorschlaege/", None),
    ("staff-review", "staff", "/mein-thekiz/{slug}/vorschlaege/{proposal}/", None),
    (
        "staff-review-error",
        "staff",
        "/mein-thekiz/{slug}/vorschlaege/{proposal}/",
        _answer_without_message,
    ),
]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(("name", "who", "path", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations_on_the_proposal_pages(
    browser, portal, people, name, who, path, action, width
):
    states, slug, offer_pk, proposal_pk = people
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=states[who]
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = portal.url + path.format(slug=slug, offer=offer_pk, proposal=proposal_pk)
    response = page.goto(url)
    assert response.status == 200
    if action:
        action(page)
    violations = axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not violations, "\n".join(violations)
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    assert not errors, errors


def test_a_partner_proposes_an_offer_without_javascript_by_keyboard(browser, portal, people):
    states, _slug, _offer_pk, _proposal_pk = people
    context = browser.new_context(
        viewport={"width": 390, "height": 900},
        locale="de-DE",
        storage_state=states["partner"],
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{portal.url}/mein-thekiz/")
    expect(page).to_have_url(re.compile(r"/mein-thekiz/partner/vorschlaege/$"))
    page.get_by_role("link", name=re.compile(r"^Bei ")).first.click()
    page.get_by_label("Titel").fill("Stillcafé mit Hanna")
    page.get_by_label("Kurzbeschreibung").fill("Austausch beim Kaffee.")
    page.get_by_label("einmalig").check()
    page.get_by_label("erster Termin").fill(next_monday().isoformat())
    page.get_by_label("Von", exact=True).fill("10:00")
    page.get_by_label("Bis", exact=True).fill("11:30")
    page.get_by_role("button", name="Vorschlag senden").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mein-thekiz/partner/vorschlaege/$"))
    expect(page.get_by_role("link", name="Stillcafé mit Hanna")).to_be_visible()
    context.close()
