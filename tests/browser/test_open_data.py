"""The "Daten" page: axe finds nothing at phone and desktop width, in German and English,
before and after the nightly export; its links download the files."""

import pytest

from tests.browser.axe import axe_violations


@pytest.fixture(scope="module")
def exported(portal):
    portal.manage("open_data_export")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
def test_no_axe_violations_on_the_data_page(new_page, portal_url, exported, width, language):
    page = new_page(width)
    prefix = "/en" if language == "en" else ""
    assert page.goto(f"{portal_url}{prefix}/daten/").status == 200
    assert page.locator("a[download]").count() == 6
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


def test_the_links_download_the_files_by_keyboard(new_page, portal_url, exported):
    page = new_page(1280, javascript=False)
    page.goto(f"{portal_url}/daten/")
    link = page.locator("a[download]", has_text="CSV").first
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    response = page.request.get(portal_url + page.locator("a[download]").last.get_attribute("href"))
    assert response.status == 200
    assert response.json()
