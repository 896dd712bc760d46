"""Imports go one way only (DESIGN.md): thekiz_portal → offers → centers → network;
handbook stands alone; thekiz_portal.utils is a leaf any app may use."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["network", "centers", "offers", "thekiz_portal"]  # bottom to top
APPS = {"network", "centers", "offers", "handbook", "thekiz_portal"}


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


def allowed(importer: str, imported: str) -> bool:
    if imported == "thekiz_portal.utils" or imported.startswith("thekiz_portal.utils."):
        return True
    target = imported.split(".")[0]
    if target not in APPS or target == importer:
        return True
    if importer == "handbook" or target == "handbook":
        return importer == "thekiz_portal"  # only the top layer may compose the handbook
    return LAYERS.index(target) < LAYERS.index(importer)


@pytest.mark.parametrize("package", sorted(APPS))
def test_apps_import_only_downwards(package):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        if not (package == "thekiz_portal" and "utils" in path.parts)
        for name in imported_packages(path)
        if not allowed(package, name)
    ]
    assert not wrong, wrong


def test_utils_import_no_app():
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "thekiz_portal" / "utils").rglob("*.py")
        for name in imported_packages(path)
        if name.split(".")[0] in APPS and not name.startswith("thekiz_portal.utils")
    ]
    assert not wrong, wrong


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:
        raise AssertionError(f"Missing migrations:\n{output.getvalue()}") from exit_
