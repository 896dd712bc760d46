import pytest
from django.core.management import call_command
from django.db import connection

from common.database import analyze

pytestmark = pytest.mark.django_db


def planner_statistics(table: str) -> int:
    """How many columns (PostgreSQL) or indexes (SQLite) of ``table`` have statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def test_analyze_gathers_the_planners_statistics():
    analyze()
    assert planner_statistics("network_place") > 0


def test_the_demo_data_leaves_statistics_for_the_search(monkeypatch):
    calls = []
    monkeypatch.setattr("demo.management.commands.demo_data.analyze", lambda: calls.append(1))
    monkeypatch.setattr(
        "demo.management.commands.demo_data.demo_data_create", lambda seed: _summary()
    )
    call_command("demo_data", verbosity=0)
    assert calls == [1]


def _summary():
    from demo.build import DemoSummary

    return DemoSummary()
