import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[2] / "hsds_schemas"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource.from_contents(json.loads(path.read_text()), DRAFT202012)
        resources.append((path.name, resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def assert_valid(instance: dict, schema: str) -> None:
    """``instance`` is valid against the HSDS table schema ``schema`` (e.g. "service.json"),
    formats (uuid, uri, email, date-time) included."""
    validator = Draft202012Validator(
        {"$ref": schema}, registry=REGISTRY, format_checker=FormatChecker()
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    settings.THEKIZ_API_RATE = "100000/60"
