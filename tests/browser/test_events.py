"""The section for professionals in a real browser: axe finds nothing on its pages and
states (German and English, 1280 and 320 px), and a professional signs up for the Fachtag
with a first and a second forum choice."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.test_admin import office  # noqa: F401  (the signed-in office, a fixture)
from tests.browser.test_staff import coordinator_state  # noqa: F401  (a signed-in coordinator)

FACHTAG = "/fachkraefte/veranstaltungen/alle-an-bord-auf-kurs-fuer-familien/"
PAGES = {
    "list": "/fachkraefte/",
    "fachtag": FACHTAG,
    "past-training": "/fachkraefte/veranstaltungen/fortbildung-sozialraumspaziergaenge/",
    "sign-up": FACHTAG + "anmeldung/",
}


def _check(page) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(new_page, portal_url, name, width, language):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    response = page.goto(portal_url + prefix + PAGES[name])
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == language
    _check(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_sign_up_form_with_errors_has_no_axe_violations(new_page, portal_url, width):
    page = new_page(width)
    page.goto(portal_url + PAGES["sign-up"])
    page.get_by_role("button", name="Jetzt anmelden").click()
    expect(page.get_by_text("Bitte prüfen Sie Ihre Eingaben")).to_be_visible()
    _check(page)


def test_a_professional_signs_up_for_the_fachtag_with_two_forum_choices(
    new_page, portal, portal_url
):
    page = new_page(320)
    page.goto(portal_url + "/")
    page.get_by_role("link", name="Für Fachkräfte").first.click()
    page.get_by_role("link", name="Alle an Bord – Auf Kurs für Familien").click()
    expect(page.get_by_role("heading", name="Leitfragen")).to_be_visible()
    page.get_by_role("link", name="Anmelden", exact=True).click()

    page.get_by_label("Ihr Name").fill("Erika Muster")
    page.get_by_label("E-Mail").fill("erika.muster@example.org")
    page.get_by_label("Organisation").fill("Jugendamt Jena")
    page.get_by_label("Ihre Funktion").select_option(index=2)
    page.get_by_label("Forum 2: Mittel wirksam einsetzen").check()
    page.get_by_label("Forum: zweite Wahl").select_option(label="Forum 3: Steuerung und Zugänge")
    page.get_by_label("Bedarfe zur Barrierefreiheit").fill("Stufenloser Zugang")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Jetzt anmelden").click()

    expect(page).to_have_url(re.compile(r"/anmeldung/[^/]+/\?neu=1$"))
    expect(page.locator(".kern-alert--success")).to_be_visible()  # the place is confirmed
    _check(page)
    forum = portal.shell(
        "from events.models import Participant; "
        "print(Participant.objects.get(registration__email='erika.muster@example.org').forum)"
    )
    assert forum.strip() == "Forum 2: Mittel wirksam einsetzen"


SIGNED_UP = """
from events.models import Event
from events.services import participant_sign_up
event = Event.objects.get(slug="alle-an-bord-auf-kurs-fuer-familien")
forum = event.forums.order_by("position").first()
participant_sign_up(event, name="Erika Admin", email="erika.admin@example.org",
    organisation="Landratsamt", first_choice=forum, consent=True)
print(event.pk)
"""
ADMIN_PAGES = {
    "events": "/admin/events/event/",
    "event-add": "/admin/events/event/add/",
    "event-change": "/admin/events/event/{event}/change/",
    "participants": "/admin/events/participant/",
}


@pytest.fixture(scope="module")
def fachtag_pk(portal) -> str:
    return portal.shell(SIGNED_UP).split()[-1]


def _admin_page(browser, state, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    return context, context.new_page()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", list(ADMIN_PAGES))
def test_no_axe_violations_in_the_events_admin(browser, portal, office, fachtag_pk, name, width):  # noqa: F811
    from tests.browser.test_admin import WIDGETS_NAMED

    context, page = _admin_page(browser, office[0], width)
    response = page.goto(portal.url + ADMIN_PAGES[name].format(event=fachtag_pk))
    assert response.status == 200
    page.wait_for_function(WIDGETS_NAMED)
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_name_badges_page_has_no_axe_violations(browser, portal, office, fachtag_pk, width):  # noqa: F811
    context, page = _admin_page(browser, office[0], width)
    page.goto(portal.url + ADMIN_PAGES["participants"])
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("print_badges")
    page.locator("button[name=index]").click()
    expect(page.locator(".badge__name", has_text="Erika Admin")).to_be_visible()
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)


MEETING_SIGNED_UP = """
from events.models import Event
from events.services import participant_sign_up
from events.services import event_places_sync
event = Event.objects.get(slug="netzwerktreffen-ostthueringen")
event.places = 20
event.save()
event_places_sync(event)
event.refresh_from_db()
participant_sign_up(event, name="Kim Berg", email="kim.berg@example.org",
    organisation="Kita Regenbogen", note="Stufenloser Zugang", consent=True)
print(event.pk)
"""


@pytest.fixture(scope="module")
def meeting_pk(portal) -> str:
    return portal.shell(MEETING_SIGNED_UP).split()[-1]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_centre_sees_its_meetings_participants_without_axe_violations(
    browser,
    portal,
    coordinator_state,  # noqa: F811
    meeting_pk,
    width,
):
    state, slug, _offer = coordinator_state
    context, page = _admin_page(browser, state, width)
    page.goto(f"{portal.url}/mein-thekiz/{slug}/veranstaltungen/")
    _check(page)
    page.get_by_role("link", name=re.compile("Netzwerktreffen Ostthüringen")).click()
    expect(page.get_by_role("cell", name=re.compile("Kim Berg"))).to_be_visible()
    _check(page)
    assert page.url.endswith(f"/veranstaltungen/{meeting_pk}/")
    context.close()
