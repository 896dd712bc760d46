"""Database housekeeping that knows no app."""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the query planner's statistics after a bulk load.

    PostgreSQL plans with the statistics ``ANALYZE`` gathers; autovacuum only does that a
    while after a load, and until then a freshly filled database is searched several times
    slower. SQLite keeps statistics for its planner the same way (``sqlite_stat1``).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
