"""Bytes on the wire for a first and a repeat visit of the public pages.

Starts the portal like production does (collectstatic with compression and hashed names,
gunicorn, whitenoise), loads each page in a fresh Chromium profile and again in the same
profile, and sums Chromium's encodedDataLength (headers + compressed bodies) per visit.

    .venv/bin/python bench/page_weight.py [--map]

--map also configures a tile server (a path on the portal that answers 404, so tile bytes,
which depend on the operator's tile server, are not counted) so that the centres pages
load Leaflet. No request interception is used: it would switch off Chromium's cache.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import portal_serve  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUDGET_FIRST = 150 * 1024
BUDGET_REPEAT = 25 * 1024
PAGES = [
    "/",
    "/zentren/",
    "/zentren/?plz=07743",
    "FIRST_CENTRE",
    "/angebote/",
    "/angebote/?plz=07743&umkreis=25&alter=2",
    "FIRST_OFFER",
    "/netzwerk/",
    "/region/jena/",
    "/handbuch/",
    "/handbuch/mehrwerte/mehrwert-fuer-kommunen/",
    "/handbuch/suche/?q=Kommune",
]


def first_link(base: str, which: str) -> str:
    """The address of the first centre of the list, or the first offer of the search."""
    from bench.common import first_link_on

    if which == "FIRST_CENTRE":
        return first_link_on(base, "/zentren/", r"/zentren/[\w-]+/")
    return first_link_on(base, "/angebote/", r"/angebote/[\w-]+/")


def visit(page, cdp, url: str) -> tuple[int, list[tuple[str, int]]]:
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}

    def on_response(event):
        urls[event["requestId"]] = event["response"]["url"]

    def on_finished(event):
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    cdp.remove_listener("Network.responseReceived", on_response)
    cdp.remove_listener("Network.loadingFinished", on_finished)
    items = [
        (urls.get(rid, "?"), size)
        for rid, size in sizes.items()
        if "/tiles/" not in urls.get(rid, "")  # the tile server's bytes are not ours
    ]
    return sum(size for _, size in items), items


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--map", action="store_true", help="configure map tiles (loads Leaflet)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every resource")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server, base = portal_serve(Path(tmp), with_map=options.map)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                print(f"{'page':<28}{'first visit':>14}{'repeat visit':>14}")
                worst_first = worst_repeat = 0
                for path in PAGES:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    if path in ("FIRST_CENTRE", "FIRST_OFFER"):
                        path = first_link(base, path)
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    first, items = visit(page, cdp, base + path)
                    # Leave the page first: navigating to the same URL would count as a reload.
                    page.goto("about:blank")
                    repeat, repeat_items = visit(page, cdp, base + path)
                    worst_first, worst_repeat = max(worst_first, first), max(worst_repeat, repeat)
                    label = path if len(path) <= 27 else path[:24] + "…"
                    print(f"{label:<28}{first / 1024:>11.1f} KB{repeat / 1024:>11.1f} KB")
                    if options.verbose:
                        for visit_name, resources in (("first", items), ("repeat", repeat_items)):
                            for resource, size in sorted(resources, key=lambda item: -item[1]):
                                short = resource.removeprefix(base)[:62]
                                print(f"    {visit_name:<7}{size:>8} B  {short}")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"\nbudget: first visit ≤ {BUDGET_FIRST // 1024} KB, repeat visit ≤ "
        f"{BUDGET_REPEAT // 1024} KB; worst: {worst_first / 1024:.1f} KB / "
        f"{worst_repeat / 1024:.1f} KB"
    )
    within = worst_first <= BUDGET_FIRST and worst_repeat <= BUDGET_REPEAT
    print("within budget" if within else "OVER BUDGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
