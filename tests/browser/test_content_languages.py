"""Content in another language than the interface's, as a family meets it: chosen with
the "Show content in" form (a plain GET form), marked with lang/dir, and without axe
violations or overflow at phone and desktop width."""

import pytest

from tests.browser.axe import axe_violations

ARABIC_OFFER = (
    "from offers.models import OfferTranslation as T; print(T.objects.filter("
    "language_code='ar').exclude(translated_description='').order_by('pk')[0].master.slug)"
)


@pytest.fixture(scope="module")
def arabic_offer(portal) -> str:
    return f"/angebote/{portal.shell(ARABIC_OFFER).strip()}/"


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


@pytest.mark.parametrize("width", [1280, 320])
def test_arabic_content_in_the_german_interface(new_page, portal_url, arabic_offer, width):
    page = new_page(width)  # the form needs no script, but axe does
    page.goto(portal_url + arabic_offer)
    german_title = page.locator("h1").inner_text()
    page.get_by_label("Inhalte auf").select_option("ar")
    page.get_by_role("button", name="Anzeigen").click()
    assert page.url == portal_url + arabic_offer  # back on the same page
    heading = page.locator("h1")
    assert heading.get_attribute("lang") == "ar" and heading.get_attribute("dir") == "rtl"
    assert heading.inner_text() != german_title
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator(".prose").get_attribute("dir") == "rtl"
    assert_accessible(page)
    # The search, with Arabic titles among German ones.
    page.goto(portal_url + "/angebote/")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_german_content_in_the_english_interface(new_page, portal_url, arabic_offer, width):
    page = new_page(width)
    page.goto(portal_url + "/en" + arabic_offer)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").get_attribute("lang") == "de"
    assert_accessible(page)
    page.goto(portal_url + "/en/angebote/")
    assert page.locator(".occurrence__title span[lang=de]").count() > 0
    assert_accessible(page)
    page.goto(portal_url + "/en/zentren/")
    page.goto(portal_url + page.locator(".result-card a").first.get_attribute("href"))
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_a_browser_preferring_english_lands_on_english_pages(browser, portal_url):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(portal_url + "/angebote/")
    assert page.url == portal_url + "/en/angebote/"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Deutsch").click()  # the switch's choice wins
    assert page.url == portal_url + "/angebote/"
    page.goto(portal_url + "/zentren/")
    assert page.evaluate("document.documentElement.lang") == "de"
    context.close()
