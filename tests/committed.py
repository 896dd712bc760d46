"""Helpers for tests on committed data (``transaction=True``), where what the portal
keeps per data version is kept (``common.data_version``) and the migrated districts may
have been flushed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import District


def own_district() -> District:
    """A district of the test's own, present whatever an earlier test flushed."""
    district, _ = District.objects.get_or_create(
        ags="99001", defaults={"name": "Testkreis", "slug": "testkreis", "kind": "city"}
    )
    return district


def fetched(client, page: str) -> tuple[str, list[str]]:
    """The page's text (it must answer 200) and the SQL of its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200, page
    return response.content.decode(), [query["sql"] for query in queries]


def counts(queries: list[str]) -> list[str]:
    """The counts among ``queries`` (as ``fetched`` gives them): a list's count read."""
    return [sql for sql in queries if "COUNT(" in sql]
