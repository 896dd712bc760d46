"""The admin is the coordination office's daily workplace: its change lists and forms have
no axe violations either, on a phone and at a desk."""

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from tests.browser.axe import axe_violations
from tests.browser.conftest import _new_page
from tests.browser.test_handbook import CREATE_COORDINATION
from tests.browser.test_staff import PASSWORD, log_in

# The first of each kind, to open its change form.
FIRST_OBJECTS = """
from centers.models import Center
from handbook.models import Document
from network.models import Partner
from offers.models import Offer
print(Document.objects.order_by("pk").first().pk, Offer.objects.order_by("pk").first().pk,
      Center.objects.order_by("pk").first().pk, Partner.objects.order_by("pk").first().pk)
"""

# The admin's widgets are drawn by JavaScript, and named by static/js/admin-a11y.js.
WIDGETS_NAMED = """() => document.readyState === "complete"
  && [...document.querySelectorAll(".search-label-icon[aria-label]")]
       .every(icon => icon.getAttribute("role") === "img")
  && [...document.querySelectorAll(".select2-selection[role=combobox]")]
       .every(box => (box.getAttribute("aria-labelledby") || "").includes("_label"))"""

MODELS = {
    "documents": "handbook/document",
    "offers": "offers/offer",
    "centres": "centers/center",
    "partners": "network/partner",
}


@pytest.fixture(scope="module")
def office(browser, portal):
    """The coordination office, signed in with its second factor (storage state), and the
    first object of each kind. Other modules use it too (each runs it once on the
    session's portal): a new address each."""
    secret = generate_totp_secret()
    email = f"fachstelle.{uuid.uuid4().hex[:8]}@thekiz.example"
    first = portal.shell(
        CREATE_COORDINATION.format(email=email, password=PASSWORD, secret=secret) + FIRST_OBJECTS
    ).split()[1:]
    context, page = _new_page(browser, 1280)
    log_in(page, portal.url + "/admin/", email, secret)
    page.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    context.close()
    return state, dict(zip(MODELS, first, strict=True))


PAGES = [(f"{name}-{view}", name, view) for name in MODELS for view in ("list", "add", "change")]


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize(("page_name", "name", "view"), PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations_in_the_admin(browser, portal, office, page_name, name, view, width):
    state, first = office
    path = {
        "list": f"/admin/{MODELS[name]}/",
        "add": f"/admin/{MODELS[name]}/add/",
        "change": f"/admin/{MODELS[name]}/{first[name]}/change/",
    }[view]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(portal.url + path)
    assert response.status == 200, path
    page.wait_for_function(WIDGETS_NAMED)
    page_errors = list(errors)  # axe itself trips the CSP in the admin while it measures
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)
    assert not page_errors, page_errors


# A document changed twice through the service, and the address of its last change.
DOCUMENT_CHANGED = """
from handbook.models import Document
from handbook.services import document_refresh, document_revision
from reversion.models import Version
document = Document.objects.order_by("pk").first()
for body in ("Erste Zeile\\nZweite Zeile", "Erste Zeile\\nNeue zweite Zeile"):
    with document_revision(by=None, comment="Test"):
        document.body = body
        document.save()
        document_refresh(document)
version = Version.objects.get_for_object(document).first()
print(document.pk, version.pk)
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_documents_changes_show_removed_and_added_lines_in_colour(browser, portal, office, width):
    state, _first = office
    document, version = portal.shell(DOCUMENT_CHANGED).split()
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{portal.url}/admin/handbook/document/{document}/history/{version}/diff/")
    assert response.status == 200
    removed = page.locator(".diff-lines li.removed", has_text="Zweite Zeile").first
    added = page.locator(".diff-lines li.added", has_text="Neue zweite Zeile").first
    # The colours come from the admin's style sheet; an inline <style> would be refused.
    background = "el => getComputedStyle(el).backgroundColor"
    assert removed.evaluate(background) == "rgb(253, 226, 225)"
    assert added.evaluate(background) == "rgb(220, 245, 220)"
    page_errors = list(errors)
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)
    assert not page_errors, page_errors
