"""Partner proposals in a real browser: the partner's pages and the centre's, with their
error states; axe with no violations at 320 and 1280 px; proposing works without
JavaScript, by keyboard."""

import os
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
                             status="published", registration="per_date", capacity=8)
Schedule.objects.create(offer=offer, frequency="weekly", weekdays="MO",
                        start_date=datetime.date.today(), start_time=datetime.time(10),
                        end_time=datetime.time(11))
offer_occurrences_sync(offer)
proposal = Proposal.objects.create(center=center, partner=partner, proposed_by=user, offer=offer,
    is_new=False, title="Babymassage mit Hanna", summary="Jetzt auch für Geschwister.",
    description="Bitte ein Handtuch mitbringen.", frequency="weekly",
    start_date=datetime.date.today() + datetime.timedelta(days=60),
    start_time=datetime.time(16), end_time=datetime.time(17))
# The proposal ends the Monday rule and cancels a date; people signed up for some dates.
from django.utils import timezone
from offers.models import ProposalDateCancel, ProposalScheduleChange
from offers.services import offer_sign_up
from offers.services.proposal_dates import rule_key
rule = offer.schedules.get()
dates = list(offer.occurrences.filter(end__gt=timezone.now()).order_by("start"))
ProposalScheduleChange.objects.create(proposal=proposal, schedule=rule, rule=str(rule),
    rule_key=rule_key(rule), action="replace",
    ends_on=proposal.start_date - datetime.timedelta(days=1))
ProposalDateCancel.objects.create(proposal=proposal, occurrence=dates[1], starts_at=dates[1].start,
                                  reason="Fortbildung der Hebamme")
for n, date in enumerate([dates[1], dates[10], dates[10]]):
    offer_sign_up(offer=offer, occurrence=date, name="Anna", email=f"anna{{n}}@example.org")
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


def _end_without_date(page) -> None:
    page.get_by_label("am Datum unten beenden").check()
    expect(page.get_by_text("Diese Termine absagen")).to_be_visible()
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#form-errors")).to_contain_text("Bitte geben Sie ihren letzten Termin an")


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
    (
        "partner-change-error",
        "partner",
        "/mein-thekiz/partner/{slug}/angebote/{offer}/vorschlag/",
        _end_without_date,
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


@pytest.mark.parametrize("width", [1280, 390, 320])
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
    if name == "staff-review":
        expect(page.get_by_text("Was aus den Terminen wird")).to_be_visible()
        expect(page.get_by_text("Grund: Fortbildung der Hebamme")).to_be_visible()
    violations = axe_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if shots := os.environ.get("THEKIZ_SCREENSHOTS"):  # for a look by eye
        page.screenshot(path=f"{shots}/proposal-{name}-{width}.png", full_page=True)
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
