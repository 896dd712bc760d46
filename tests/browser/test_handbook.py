"""Planners and centre staff use the Handbuch 2.0 in a real browser."""

import re
from pathlib import Path

from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.test_staff import PASSWORD, log_in

MEHRWERT = "Kita als Ort der Unterstützung – Mehrwert von ThEKiZ für Kommunen"


def test_a_planner_searches_reads_jumps_through_the_contents_and_downloads(
    page, portal_url, tmp_path
):
    page.goto(portal_url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Handbuch"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ThEKiZ-Handbuch 2.0")

    page.get_by_label("Suchbegriff").fill("Kommune")
    page.get_by_role("button", name="Im Handbuch suchen").click()
    expect(page).to_have_url(re.compile(r"/handbuch/suche/\?q=Kommune"))
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Treffer für „Kommune“"))
    ).to_be_visible()
    first = page.locator(".result-card h3 a").first
    expect(first).to_have_text(MEHRWERT)  # the title match comes first
    expect(page.locator(".result-card mark").first).to_be_visible()

    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEHRWERT)
    contents = page.get_by_role("navigation", name="Inhalt")
    for heading in ("Gemeinsam planen: der kommunale Kreislauf", "Nah dran im ländlichen Raum"):
        contents.get_by_role("link", name=heading).click()
        target = page.get_by_role("heading", level=2, name=heading)
        expect(target).to_be_in_viewport()
        anchor = target.get_attribute("id")
        expect(page).to_have_url(re.compile(f"#{anchor}$"))

    downloads = page.get_by_role("region", name="Downloads")
    expect(downloads).to_contain_text("PDF")
    with page.expect_download() as info:
        downloads.get_by_role("link", name="Mehrwert von ThEKiZ für Kommunen").click()
    download = info.value
    assert download.suggested_filename == "thekiz-handbuch-mehrwert-von-thekiz-fuer-kommunen.pdf"
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


def test_every_faq_question_can_be_linked_directly(page, portal_url):
    page.goto(portal_url + "/handbuch/fragen-und-antworten/haeufige-fragen/")
    question = page.get_by_role("heading", level=2, name="Seit wann gibt es ThEKiZ in Thüringen?")
    anchor = question.get_attribute("id")
    page.goto(portal_url + f"/handbuch/fragen-und-antworten/haeufige-fragen/#{anchor}")
    expect(question).to_be_in_viewport()
    link = page.get_by_role("link", name=re.compile("Link zu dieser Frage: Seit wann"))
    expect(link).to_have_attribute("href", f"#{anchor}")


def test_network_only_documents_show_a_lock_and_open_after_sign_in(page, portal):
    page.goto(portal.url + "/handbuch/entwicklungsfelder-und-methoden/")
    card = page.locator(".result-card", has_text="Fördermittel für Zentrumsarbeit beantragen")
    expect(card).to_contain_text("Nur für angemeldete Netzwerkmitglieder.")
    expect(card.get_by_role("link", name=re.compile("^Fördermittel"))).to_have_count(0)
    card.get_by_role("link", name=re.compile("Anmelden und")).click()
    expect(page).to_have_url(re.compile(r"/konto/login/\?next=/handbuch/"))


def test_the_search_works_without_javascript_and_by_keyboard(new_page, portal_url):
    page = new_page(javascript=False)
    page.goto(portal_url + "/handbuch/suche/")
    page.get_by_label("Suchbegriff").focus()
    page.keyboard.type("Eltern")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Treffer für „Eltern“"))
    ).to_be_visible()
    page.get_by_label("Art des Dokuments").select_option("method")
    page.get_by_role("button", name="Dokumente anzeigen").click()
    kinds = page.locator(".result-card .result-card__meta span:first-child").all_inner_texts()
    assert kinds and set(kinds) == {"Methode"}


def test_a_document_prints_without_its_controls(page, portal_url):
    page.goto(portal_url + "/handbuch/mehrwerte/mehrwert-fuer-kommunen/")
    expect(page.get_by_role("button", name="Adresse kopieren")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Adresse kopieren")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()
    expect(page.locator(".cite-box__citation")).to_be_visible()
    expect(page.get_by_role("heading", name="Ein Standortvorteil für die Gemeinde")).to_be_visible()


CREATE_COORDINATION = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from handbook.models import Document
User = get_user_model()
user = User.objects.create_user(
    username="{email}", email="{email}", password="{password}", is_staff=True
)
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
TOTP.activate(user, "{secret}")
user.groups.add(Group.objects.get(name="coordination"))
print(Document.objects.get(status="draft").pk)
"""


def test_the_coordination_office_previews_a_draft_as_the_public_will_see_it(page, portal):
    secret = generate_totp_secret()
    email = "fachstelle.test@thekiz.example"
    draft = portal.shell(
        CREATE_COORDINATION.format(email=email, password=PASSWORD, secret=secret)
    ).strip()
    log_in(page, portal.url + f"/konto/login/?next=/handbuch/vorschau/{draft}/", email, secret)
    expect(page).to_have_url(re.compile(rf"/handbuch/vorschau/{draft}/$"))
    expect(page.locator(".preview-banner")).to_contain_text("Vorschau: Entwurf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ehrenamtliche gewinnen und halten")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
