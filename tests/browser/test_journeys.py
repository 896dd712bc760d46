"""What visitors do, in a real browser against the portal under gunicorn."""

import re

from playwright.sync_api import expect


def test_a_newcomer_finds_the_nearest_centre_and_switches_to_english(page, portal_url):
    page.goto(portal_url + "/")
    page.get_by_role("link", name="Zentren", exact=True).click()
    page.get_by_label("Postleitzahl oder Ort").fill("07743")
    page.get_by_role("button", name="Zentren anzeigen").click()

    expect(page).to_have_url(re.compile(r"/zentren/\?plz=07743"))
    # No distance chosen: the smallest of 5, 10 and 25 km with results, and said so.
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"innerhalb von 5 km um 07743 Jena"))
    ).to_be_visible()
    expect(page.get_by_text("Wir haben für Sie 5 km gewählt")).to_be_visible()
    distances = page.locator(".result-card__distance").all_inner_texts()
    assert distances, "no results near 07743"
    kilometres = [
        0.0 if "unter 1" in text else float(text.split()[0].replace(",", ".")) for text in distances
    ]
    assert kilometres == sorted(kilometres), "nearest first"
    assert kilometres[0] < 5

    nearest = page.locator(".result-card h3 a").first
    name = nearest.inner_text()
    nearest.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Adresse und Kontakt")).to_be_visible()
    expect(page.get_by_role("link", name="Auf der Karte zeigen (OpenStreetMap)")).to_be_visible()
    expect(page.get_by_role("link", name="Route planen (OpenStreetMap)")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/zentren/[\w-]+/$"))
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Address and contact")).to_be_visible()


def test_the_home_search_shows_the_nearest_centres(page, portal_url):
    page.goto(portal_url + "/")
    page.get_by_label("Wo wohnen Sie?").fill("Jena")
    page.get_by_role("button", name="Zentren finden").click()
    expect(page.get_by_role("heading", name="Zentren in der Nähe von Jena")).to_be_visible()
    assert page.locator(".nearest .result-card").count() == 5


def test_the_search_works_by_keyboard_alone(page, portal_url):
    page.goto(portal_url + "/zentren/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Zum Inhalt springen")
    page.keyboard.press("Enter")
    # Tab through to the postcode field, type, submit with Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "plz":
            break
    else:
        raise AssertionError("the postcode field cannot be reached with Tab")
    page.keyboard.type("Erfurt")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"plz=Erfurt"))
    expect(page.locator(".result-card").first).to_be_visible()


def test_everything_works_without_javascript(new_page, portal_url):
    page = new_page(320, javascript=False)
    page.goto(portal_url + "/zentren/")
    assert page.locator(".center-map").is_hidden()  # the map is an enhancement only
    page.get_by_text("Weitere Filter").click()
    page.get_by_label("Landkreis oder Stadt").select_option(label="Gotha")
    page.get_by_role("button", name="Zentren anzeigen").click()
    expect(page).to_have_url(re.compile(r"kreis=gotha"))
    cards = page.locator(".result-card")
    assert cards.count() >= 3
    cards.first.locator("a").click()
    expect(page.get_by_role("heading", name="Öffnungszeiten")).to_be_visible()


def test_a_wrong_postcode_is_explained_and_no_list_pretends_to_be_near(page, portal_url):
    page.goto(portal_url + "/zentren/?plz=99999")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Einen Teil Ihrer Suche konnten wir nicht verwenden")
    expect(alert).to_contain_text("Die Postleitzahl 99999 gibt es nicht")
    alert.get_by_role("link", name="Postleitzahl oder Ort").click()
    assert page.evaluate("document.activeElement.name") == "plz"
    expect(page.get_by_role("heading", name="Welchen Ort meinen Sie?")).to_be_visible()
    assert page.locator(".result-card").count() == 0
    # Corrected, the list comes, with the radius the search chose.
    page.get_by_label("Postleitzahl oder Ort").fill("Lobeda")
    page.get_by_role("button", name="Zentren anzeigen").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"km um Jena-Lobeda$"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"Wir haben für Sie \d+ km gewählt"))).to_be_visible()
    assert page.locator(".result-card").count() >= 1


def test_from_leipzig_the_nearest_thuringian_offers_are_shown(page, portal_url):
    page.goto(portal_url + "/angebote/?plz=04109")
    expect(page.get_by_role("status")).to_contain_text("04109 Leipzig liegt nicht in Thüringen")
    expect(page.locator(".occurrence__distance").first).to_contain_text("km entfernt")
    assert page.get_by_role("alert").count() == 0


def test_the_map_shows_the_centres_of_the_search(page, portal_url):
    page.goto(portal_url + "/zentren/?kreis=jena")
    page.wait_for_selector(".leaflet-marker-icon")
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == page.locator(".result-card").count()
    # Icons come from the portal itself (hashed names work too).
    assert "/static/vendor/leaflet/images/marker-icon" in markers.first.get_attribute("src")
