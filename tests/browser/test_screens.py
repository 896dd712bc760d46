"""What a person sees on each screen of "Mein ThEKiZ", at phone and desktop width: no text
spills out of its box or is squeezed into a sliver, and every date row shows its date.

Screenshots go to var/screens/ (not committed) for a look by eye.
"""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import ROOT, _new_page
from tests.browser.test_staff import create_staff, sign_in

SCREENSHOTS = ROOT / "var" / "screens"

# Changes of several kinds, so that the change list and the date rows have something to show.
MAKE_CHANGES = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from centers.models import Center
from centers.services import opening_hours_set
from offers.models import Occurrence, Offer
from offers.services import occurrence_cancel, occurrence_move, occurrence_note_set, offer_save
from offers.services import offer_status_set
user = get_user_model().objects.get(email="{email}")
center = Center.objects.get(slug="{slug}")
offer = Offer.objects.filter(center=center, status="published").order_by("pk").first()
offer.cost = "donation"
offer_save(offer=offer, m2m={{}}, user=user)
offer_status_set(offer=offer, status="draft", user=user)
offer_status_set(offer=offer, status="published", user=user)
dates = list(Occurrence.objects.filter(offer__center=center, start__gt=timezone.now(),
             cancelled=False, moved=False, off_reason="").order_by("start")[:6])
occurrence_cancel(occurrence=dates[1], reason="Krankheit im Team", user=user)
day = timezone.localdate() + datetime.timedelta(days=3)
occurrence_move(occurrence=dates[2], day=day, start_time=datetime.time(15),
                end_time=datetime.time(16, 30), user=user)
occurrence_note_set(occurrence=dates[3], note="Diesmal im Garten, bitte Gummistiefel mitbringen",
                    user=user)
opening_hours_set(center=center, hours=[(0, datetime.time(7), datetime.time(17))], user=user)
print(offer.pk, dates[0].pk)
"""

# Boxes whose text spills out (of them or of any box around them) or is squeezed into a
# sliver. Boxes meant to scroll (overflow auto/scroll) and visually hidden text are fine.
FIND_OVERFLOW = """() => {
  const problems = new Map();
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
         ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      + ' "' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  const hidden = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const rect = node.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (rect.width <= 1 || rect.height <= 1) return true;
    }
    return false;
  };
  const scrolls = value => value === 'auto' || value === 'scroll';
  const isInline = el => getComputedStyle(el).display === 'inline';
  const skip = new Set(['SCRIPT', 'STYLE', 'INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'NOSCRIPT']);
  const measure = document.createElement('canvas').getContext('2d');
  for (const el of document.body.querySelectorAll('*')) {
    if (skip.has(el.tagName)) continue;
    const text = [...el.childNodes].filter(node => node.nodeType === Node.TEXT_NODE)
      .map(node => node.textContent).join('').trim();
    if (!text || hidden(el)) continue;
    let box = el;
    while (box !== document.body && isInline(box)) box = box.parentElement;
    const style = getComputedStyle(box);
    const width = box.getBoundingClientRect().width;
    if (text.split(/\\s+/).length >= 3 && width < 6 * parseFloat(style.fontSize)) {
      problems.set(box, `${describe(box)}: squeezed into ${Math.round(width)} px`);
    }
    // A box narrower than a word of its own text breaks the word ("Mar-ia Beis-piel").
    const ownStyle = getComputedStyle(el);
    measure.font = `${ownStyle.fontWeight} ${ownStyle.fontSize} ${ownStyle.fontFamily}`;
    const longest = Math.max(...text.split(/\\s+/).map(word => measure.measureText(word).width));
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // Long words (addresses, links) and symbols may break; names, dates and roles must not.
    const plain = /^[\\p{L}\\d.,:;–-]+$/u.test(text.replace(/\\s+/g, ''));
    if (plain && longest <= 8 * parseFloat(style.fontSize) && longest > room + 1) {
      const sizes = `${Math.round(room)} px for ${Math.round(longest)} px`;
      problems.set(box, `${describe(box)}: a word is broken, ${sizes}`);
    }
    // Where its own text is drawn.
    const drawn = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNode(node);
      for (const part of range.getClientRects()) {
        if (part.width < 1) continue;
        drawn.left = Math.min(drawn.left, part.left);
        drawn.top = Math.min(drawn.top, part.top);
        drawn.right = Math.max(drawn.right, part.right);
        drawn.bottom = Math.max(drawn.bottom, part.bottom);
      }
    }
    if (drawn.left === Infinity) continue;
    // The text's box and every box around it, up to one that scrolls, must hold it.
    for (let outer = box; outer && outer !== document.body; outer = outer.parentElement) {
      if (problems.has(outer)) break;
      const outerStyle = getComputedStyle(outer);
      if (scrolls(outerStyle.overflowX) || scrolls(outerStyle.overflowY)) break;
      const rect = outer.getBoundingClientRect();
      const spill = Math.max(rect.left - drawn.left, drawn.right - rect.right,
                             rect.top - drawn.top, drawn.bottom - rect.bottom);
      const wide = outer.scrollWidth - outer.clientWidth;
      const tall = outer.scrollHeight - outer.clientHeight;
      if (spill > 1) {
        problems.set(outer, `${describe(outer)}: the text spills ${Math.round(spill)} px out`);
      } else if (wide > 1) {
        problems.set(outer, `${describe(outer)}: content ${wide} px too wide`);
      } else if (tall > 1 && outerStyle.overflowY !== 'visible') {
        problems.set(outer, `${describe(outer)}: content ${tall} px cut off`);
      }
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) {
    const extra = page.scrollWidth - page.clientWidth;
    problems.set(page, `the page is ${extra} px wider than the screen`);
  }
  return [...problems.values()];
}"""

# The text of each date row that a sighted person sees (not screen-reader-only text).
DATE_ROWS_VISIBLE_TEXT = """() => [
    ...document.querySelectorAll('.occurrence, .date-list__item')
  ].map(row => {
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    let hidden = false;
    for (let node = walker.currentNode.parentElement; node && node !== row.parentElement;
         node = node.parentElement) {
      const rect = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden'
          || rect.width <= 1 || rect.height <= 1) { hidden = true; break; }
    }
    if (!hidden) parts.push(walker.currentNode.textContent);
  }
  return parts.join('').replace(/\\s+/g, ' ').trim();
})"""

# A row begins with its day: "Di, 1. Dez. 2026", "Dienstag, 1. Dezember".
STARTS_WITH_A_DAY = re.compile(
    r"^(?:[A-Z][a-z]+, )?\d{1,2}\. (?:Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sep|Okt|Nov|Dez)"
)


@pytest.fixture(scope="module")
def screens(browser, portal):
    """A signed-in coordinator with some history, and the addresses of every staff screen."""
    email = "bildschirme.test@thekiz.example"
    secret, slug = create_staff(portal, email, "coordinator")
    offer, occurrence = portal.shell(MAKE_CHANGES.format(email=email, slug=slug)).split()
    context, page = _new_page(browser, 1280)
    sign_in(page, portal.url, email, secret)
    state = context.storage_state()
    context.close()
    base = f"/mein-thekiz/{slug}"
    date = f"{base}/termine/{occurrence}"
    return state, {
        "dashboard": f"{base}/",
        "offer-list": f"{base}/angebote/",
        "offer-new": f"{base}/angebote/neu/",
        "offer-form": f"{base}/angebote/{offer}/",
        "schedule": f"{base}/angebote/{offer}/termine/",
        "extra-date": f"{base}/angebote/{offer}/zusatztermin/",
        "date-cancel": f"{date}/absagen/",
        "date-move": f"{date}/verschieben/",
        "date-note": f"{date}/hinweis/",
        "closures": f"{base}/schliesszeiten/",
        "attendance": f"{base}/teilnahme/",
        "profile": f"{base}/profil/",
        "opening-hours": f"{base}/oeffnungszeiten/",
        "photos": f"{base}/fotos/",
        "cooperations": f"{base}/kooperationen/",
        "team": f"{base}/team/",
        "changes": f"{base}/aenderungen/",
    }


# Screens that list dates (so the check of their rows is not empty).
WITH_DATES = {"dashboard", "schedule"}

SCREENS = [
    "dashboard",
    "offer-list",
    "offer-new",
    "offer-form",
    "schedule",
    "extra-date",
    "date-cancel",
    "date-move",
    "date-note",
    "closures",
    "attendance",
    "profile",
    "opening-hours",
    "photos",
    "cooperations",
    "team",
    "changes",
]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", SCREENS)
def test_each_staff_screen_shows_its_text_whole_and_every_date(
    browser, portal, screens, name, width
):
    state, urls = screens
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    response = page.goto(portal.url + urls[name])
    assert response.status == 200, urls[name]
    page.evaluate("document.fonts.ready")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    problems = page.evaluate(FIND_OVERFLOW)
    rows = page.evaluate(DATE_ROWS_VISIBLE_TEXT)
    context.close()
    assert not problems, "\n".join(problems)
    assert rows or name not in WITH_DATES, "no date rows"
    undated = [row for row in rows if not STARTS_WITH_A_DAY.match(row)]
    assert not undated, f"date rows without a visible date: {undated}"


def test_a_chosen_image_survives_a_form_with_mistakes(browser, portal, screens, tmp_path):
    state, urls = screens
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, locale="de-DE", storage_state=state
    )
    page = context.new_page()
    picture = tmp_path / "sommerfest.png"
    Image.new("RGB", (640, 400), "grey").save(picture)
    page.goto(portal.url + urls["offer-new"])
    page.get_by_label("Bild", exact=True).set_input_files(str(picture))
    page.get_by_label("Alternativtext").fill("Ein graues Quadrat")
    page.get_by_role("button", name="Angebot anlegen und Termine hinzufügen").click()
    expect(page.locator("#form-errors")).to_contain_text("Titel")
    kept = page.locator("#held-image")
    expect(kept).to_contain_text("Ihr Bild „sommerfest.png“ bleibt erhalten")
    violations = axe_violations(page)
    problems = page.evaluate(FIND_OVERFLOW)

    page.get_by_label("Titel").fill("Sommerfest mit Bild")
    page.get_by_label("Kurzbeschreibung").fill("Ein Fest für alle.")
    page.get_by_role("button", name="Angebot anlegen und Termine hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sommerfest mit Bild")
    page.get_by_role("link", name="Sommerfest mit Bild").first.click()  # breadcrumb
    expect(page.get_by_alt_text("Ein graues Quadrat")).to_be_visible()
    context.close()
    assert not violations, "\n".join(violations)
    assert not problems, "\n".join(problems)
