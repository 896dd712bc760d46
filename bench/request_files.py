"""Which of the project's files one request passes through: Python modules and templates.

    .venv/bin/python bench/request_files.py
    .venv/bin/python bench/request_files.py "/zentren/?plz=07743"

Builds a throwaway SQLite test database with one offer near Jena, sends the request once to
warm up (imports, caches), then sends it again while ``sys.setprofile`` notes the file of
every Python function called (files of the checkout, not of .venv) and Django's
``template_rendered`` signal notes every template. Prints both lists and their counts.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SELF = str(Path(__file__).resolve())
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "/angebote/?plz=07743&umkreis=10&alter=1"


def main(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thekiz_portal.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.signals import template_rendered
    from django.test.utils import setup_test_environment

    setup_test_environment()  # sends template_rendered
    connection.creation.create_test_db(verbosity=0)

    from tests.factories import weekly_offer

    weekly_offer(title="Krabbelgruppe", age_min_months=6, age_max_months=24)

    client = Client()
    assert client.get(url).status_code == 200  # warm-up: imports and caches

    venv = str(ROOT / ".venv")
    files: set[str] = set()
    templates: set[str] = set()

    def profile(frame, event, arg) -> None:
        if event == "call":
            name = frame.f_code.co_filename
            if name.startswith(str(ROOT)) and not name.startswith(venv) and name != SELF:
                files.add(name)

    def rendered(sender, template, context, **kwargs) -> None:
        origin = getattr(template, "origin", None)
        templates.add(origin.name if origin else template.name)

    template_rendered.connect(rendered)
    sys.setprofile(profile)
    try:
        status = client.get(url).status_code
    finally:
        sys.setprofile(None)
    assert status == 200, status

    python = sorted(str(Path(name).relative_to(ROOT)) for name in files)
    own = sorted(
        str(Path(name).relative_to(ROOT))
        for name in templates
        if name.startswith(str(ROOT)) and not name.startswith(venv)
    )
    print(f"GET {url}")
    print(f"\nPython files of the project: {len(python)}")
    print("\n".join(f"  {name}" for name in python))
    print(f"\nTemplates of the project: {len(own)}")
    print("\n".join(f"  {name}" for name in own))
    print(f"\nTotal: {len(python) + len(own)} files")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_URL)
