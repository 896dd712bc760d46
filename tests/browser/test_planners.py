"""A municipal planner in a real browser: signed in with the second factor, "Mein ThEKiZ"
shows the districts (and an invitation to answer), at phone and desktop width, by
keyboard (plain forms, no JavaScript needed); the office's pages for planners in the
admin have no axe violations either."""

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_accounts import check_page
from tests.browser.test_admin import WIDGETS_NAMED, office  # noqa: F401  (a fixture)
from tests.browser.test_staff import PASSWORD, sign_in

CREATE_PLANNER = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from centers.models import PlannerAccess
from centers.planners import planner_invitation_send
from network.models import District
User = get_user_model()
user = User.objects.create_user(username="{email}", email="{email}", password="{password}",
                                first_name="Paula", last_name="Planung")
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
TOTP.activate(user, "{secret}")
for ags in ("16073", "16053"):
    PlannerAccess.objects.create(user=user, district=District.objects.get(ags=ags))
planner_invitation_send(email="{email}", districts=District.objects.filter(ags="16074"),
                        invited_by=None, base_url="http://127.0.0.1/")
"""


def planner_state(browser, portal) -> dict:
    """A signed-in planner of Saalfeld-Rudolstadt and Jena, invited for one more district."""
    secret = generate_totp_secret()
    email = f"planung.{uuid.uuid4().hex[:8]}@thekiz.example"
    portal.shell(CREATE_PLANNER.format(email=email, password=PASSWORD, secret=secret))
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, email, secret)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def planner(browser, portal):
    return planner_state(browser, portal)


@pytest.mark.parametrize("width", [320, 1280])
def test_a_planners_home_shows_the_districts_and_nothing_of_a_centre(
    browser, portal, planner, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=planner
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(portal.url + "/mein-thekiz/")
    assert response.status == 200
    expect(page.get_by_role("heading", name="Ihre Landkreise/Städte")).to_be_visible()
    expect(page.get_by_role("link", name="Saalfeld-Rudolstadt")).to_have_attribute(
        "href", "/region/saalfeld-rudolstadt/"
    )
    expect(page.get_by_role("heading", name="Einladungen für Sie")).to_be_visible()
    assert page.locator(".staff-nav").count() == 0
    check_page(page)
    context.close()
    assert not errors, errors


def test_a_planner_accepts_an_invitation_by_keyboard(browser, portal):
    state = planner_state(browser, portal)
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    page.goto(portal.url + "/mein-thekiz/")
    accept = page.get_by_role("button", name="Annehmen")
    for _ in range(60):  # Tab through the page until the button has the focus
        page.keyboard.press("Tab")
        if accept.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("The accept button cannot be reached with the keyboard.")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mein-thekiz/$"))
    welcome = "Sie sehen jetzt die Zahlen für: Saale-Holzland-Kreis."
    expect(page.get_by_text(welcome)).to_be_visible()
    expect(page.get_by_role("link", name="Saale-Holzland-Kreis")).to_be_visible()
    check_page(page)
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(
    "path", ["/admin/centers/plannerinvitation/add/", "/admin/centers/planneraccess/"]
)
def test_no_axe_violations_on_the_offices_planner_pages(browser, portal, office, path, width):  # noqa: F811
    state, _first = office
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    response = page.goto(portal.url + path)
    assert response.status == 200, path
    page.wait_for_function(WIDGETS_NAMED)
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)
