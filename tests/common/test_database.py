import pytest
from django.core.management import call_command
from django.db import connection

from common.database import analyze, int_array, int_json
from offers.models import Offer
from tests.factories import OfferFactory

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


def test_ids_in_finds_what_in_finds_and_binds_one_parameter():
    offers = [OfferFactory() for _ in range(3)]
    centres = [offers[2].center_id, offers[0].center_id, offers[2].center_id]
    found = Offer.objects.filter(center_id__ids_in=centres)
    assert set(found) == {offers[0], offers[2]}
    assert set(found) == set(Offer.objects.filter(center_id__in=centres))
    assert not Offer.objects.filter(center_id__ids_in=[max(centres) + 1])
    sql, params = found.values("pk").query.sql_with_params()
    first, second = offers[2].center_id, offers[0].center_id
    if connection.vendor == "postgresql":  # the array as its text
        assert '"center_id" = ANY(%s::bigint[])' in sql
        assert params == (f"{{{first},{second}}}",)
    else:  # one JSON list
        assert '"center_id" IN (SELECT value FROM json_each(%s))' in sql
        assert params == (f"[{first},{second}]",)


def test_only_integers_reach_an_id_array():
    assert int_array([3, "5", 8]) == "{3,5,8}"
    assert int_json([3, 5]) == "[3,5]"
    with pytest.raises(ValueError):
        int_array(["1}, {2"])
    with pytest.raises(ValueError):
        Offer.objects.filter(center_id__ids_in=["1) OR (1=1"]).count()


def test_ids_in_an_empty_list_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Offer.objects.filter(center_id__ids_in=[])) == []
