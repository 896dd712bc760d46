"""The house (DESIGN.md): imports go one way only, each app serves its pages through its
own urls.py, and the root URLconf only includes them.

    thekiz_portal                          the roof: settings, root URLs, composing pages
    staff, demo                            "Mein ThEKiZ"; the demo data
    events                                 events for professionals (on offers, centres)
    offers → centers → network             the domain
    handbook                               stands on common alone
    common                                 helpers that know no app
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each package may import of the project's packages (besides itself).
MAY_IMPORT = {
    "common": set(),
    "network": {"common"},
    "centers": {"network", "common"},
    "registrations": {"common"},
    "offers": {"registrations", "centers", "network", "common"},
    # Events for professionals: hosted by the office or a centre, beside the offers; their
    # sign-up (the event's and each forum's places) stands on the registration core.
    "events": {"offers", "centers", "network", "registrations", "common"},
    "handbook": {"common"},
    "staff": {"events", "offers", "registrations", "centers", "network", "common"},
    # The demo data fills every app, but it sits under the roof, beside the staff area.
    "demo": {"handbook", "events", "offers", "registrations", "centers", "network", "common"},
    "thekiz_portal": {
        "staff",
        "handbook",
        "events",
        "offers",
        "registrations",
        "centers",
        "network",
        "common",
    },
}
PACKAGES = set(MAY_IMPORT)
# Apps that serve pages, each through its own urls.py with an app_name.
PAGE_APPS = [
    "network",
    "centers",
    "offers",
    "events",
    "registrations",
    "handbook",
    "staff",
    "thekiz_portal/pages",
    "thekiz_portal/hsds",
]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str):
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_packages_import_only_the_layers_below(package):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imported_packages(path)
        if name.split(".")[0] in PACKAGES - {package} - MAY_IMPORT[package]
    ]
    assert not wrong, wrong


def test_only_the_certificates_and_the_demo_write_pdfs():
    # fpdf2 writes the events' certificates of attendance and the demo handbook's PDFs;
    # no other package needs it.
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in PACKAGES - {"demo", "events"}
        for path in modules(package)
        for name in imported_packages(path)
        if name.split(".")[0] == "fpdf"
    ]
    assert not wrong, wrong


def _module_assignments(path: Path) -> dict[str, ast.expr]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


@pytest.mark.parametrize("app", PAGE_APPS)
def test_every_app_serving_pages_has_its_urls_with_an_app_name(app):
    assignments = _module_assignments(ROOT / app / "urls.py")
    assert isinstance(assignments.get("app_name"), ast.Constant)
    assert "urlpatterns" in assignments


def test_the_root_urls_only_include_the_apps_and_the_root_endpoints():
    from types import ModuleType

    from django.urls import URLPattern, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    root_endpoints = {"health", "robots_txt", "favicon", "sitemap", "sitemap_section", "media"}
    entries = []
    for entry in get_resolver().url_patterns:
        # i18n_patterns(): one resolver whose list is written in the root.
        entries += entry.url_patterns if isinstance(entry.pattern, LocalePrefixPattern) else [entry]
    wrong = [
        f"{entry.pattern} ({getattr(entry, 'name', '') or entry.urlconf_name})"
        for entry in entries
        if not (
            (isinstance(entry, URLPattern) and entry.name in root_endpoints)
            or isinstance(getattr(entry, "urlconf_name", None), ModuleType)  # include("app.urls")
            or getattr(entry, "app_name", None) == "admin"  # the admin site's own URLs
        )
    ]
    assert not wrong, wrong
    # Every app's module is included (and so every page of the house has a path).
    included = {
        entry.urlconf_name.__name__
        for entry in entries
        if isinstance(getattr(entry, "urlconf_name", None), ModuleType)
    }
    assert {f"{app.replace('/', '.')}.urls" for app in PAGE_APPS} <= included


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:
        raise AssertionError(f"Missing migrations:\n{output.getvalue()}") from exit_
