"""axe-core finds no violations (WCAG 2.0–2.2 A/AA and best practice) on any public page,
in any state, in German and English, at desktop and phone width; nothing overflows 320 px."""

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import forget_status_error

PAGES = {
    "home": "/",
    "home-nearest": "/?plz=07743",
    "home-error": "/?plz=Atlantis",
    "centres": "/zentren/",
    "centres-near": "/zentren/?plz=07743&umkreis=25",
    "centres-empty": "/zentren/?plz=99084&umkreis=5&sprache=ti",
    "centres-error": "/zentren/?plz=99999&kreis=atlantis",
    "centres-outside-thuringia": "/zentren/?plz=04109",
    "centres-automatic-radius": "/zentren/?plz=Jena-Lobeda",
    "home-outside-thuringia": "/?plz=04109",
    "centres-page-2": "/zentren/?seite=2",
    "centre": "FIRST_CENTRE",
    "partners": "/netzwerk/",
    "partners-filtered": "/netzwerk/?art=hebamme&kreis=jena",
    "partners-language": "/netzwerk/?plz=Gera&sprache=ar",
    "partner": "FIRST_PARTNER",
    "regions": "/region/",
    "district": "/region/jena/",
    "sozialraum": "/region/jena/jena-lobeda/",
    "district-profile": "/region/saalfeld-rudolstadt/?sortierung=abdeckung",
    "sozialraum-profile": "/region/saalfeld-rudolstadt/saalfeld/",
    "handbook": "/handbuch/",
    "handbook-section": "/handbuch/entwicklungsfelder-und-methoden/",
    "handbook-article": "/handbuch/mehrwerte/mehrwert-fuer-kommunen/",
    "handbook-method": "/handbuch/entwicklungsfelder-und-methoden/sozialraumspaziergang/",
    "handbook-interview": "/handbuch/interviews/interview-jugendhilfeplanung/",
    "handbook-faq": "/handbuch/fragen-und-antworten/haeufige-fragen/",
    "handbook-search": "/handbuch/suche/?q=Kommune",
    "handbook-search-empty": "/handbuch/suche/?q=Zeppelin",
    "handbook-search-error": "/handbuch/suche/?q=%3F%21&art=roman",
    "handbook-all-documents": "/handbuch/suche/",
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "open-data": "/daten/",
    "not-found": "/gibt-es-nicht/",
}


def resolve(page, portal_url: str, path: str) -> str:
    if path in ("FIRST_CENTRE", "FIRST_PARTNER"):
        list_path = "/zentren/" if path == "FIRST_CENTRE" else "/netzwerk/"
        page.goto(portal_url + list_path)
        return page.locator(".result-card a").first.get_attribute("href")
    return path


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(new_page, portal_url, name, width, language):
    page = new_page(width)
    path = resolve(page, portal_url, PAGES[name])
    if language == "en":
        path = "/en" + path
    response = page.goto(portal_url + path)
    assert response.status == (404 if name == "not-found" else 200)
    if name == "not-found":
        forget_status_error(page, 404)  # the browser logs the 404 status of the page itself
    if name.startswith("centres") and "empty" not in name and "error" not in name:
        page.wait_for_selector(".leaflet-marker-icon")  # the map has drawn its markers
    assert page.evaluate("document.documentElement.lang") == language
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
