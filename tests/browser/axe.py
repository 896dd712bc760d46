from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_axe = Axe()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the current page, one readable line per affected node."""
    # After a click that navigates, the new document may still be loading its stylesheet:
    # axe would judge the unstyled page (every link too small a target).
    page.wait_for_load_state("load")
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} – {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
