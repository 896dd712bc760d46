"""Database housekeeping that knows no app."""

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.lookups import In


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the query planner's statistics after a bulk load.

    PostgreSQL plans with the statistics ``ANALYZE`` gathers; autovacuum only does that a
    while after a load, and until then a freshly filled database is searched several times
    slower. SQLite keeps statistics for its planner the same way (``sqlite_stat1``).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def int_array(values: list[int]) -> str:
    """A PostgreSQL array of integers as its text, ``'{3,5,8}'``, for ``%s::bigint[]``.

    The driver would adapt a list of a thousand integers one by one (a few milliseconds
    of Python per query); the text is one string parameter. Only integers: ``int()``
    refuses anything else before a character reaches the SQL."""
    return "{" + _ints(values) + "}"


def int_json(values: list[int]) -> str:
    """A list of integers as JSON, ``'[3,5,8]'``, for SQLite's ``json_each(%s)``."""
    return "[" + _ints(values) + "]"


def _ints(values: list[int]) -> str:
    return ",".join(str(int(value)) for value in values)


class IdsIn(In):
    """``offer_id__ids_in=[3, 5, 8]``: ``offer_id__in`` for a list of integer keys, with
    the list as one array parameter on PostgreSQL (``= ANY(%s::bigint[])``).

    A search passes up to a few thousand offer ids to its count and to its page. ``__in``
    prepares, resolves and binds every id on its own, and the driver then parses a query
    with thousands of placeholders; one array is the same condition for PostgreSQL's
    planner (it turns an ``IN`` list into ``= ANY(array)`` itself). The array goes as its
    text (``'{3,5,8}'``, see ``int_array``). SQLite reads the ids from one JSON
    parameter (``IN (SELECT value FROM json_each(%s))``). An empty list matches nothing,
    and no query runs, as with ``__in``.
    """

    lookup_name = "ids_in"

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def process_rhs(self, compiler, connection):
        ids = list(dict.fromkeys(self.rhs))
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"ANY(%s::{self.lhs.output_field.db_type(connection)}[])", (int_array(ids),)
        if connection.vendor == "sqlite":
            return "(SELECT value FROM json_each(%s))", (int_json(ids),)
        return f"({', '.join(['%s'] * len(ids))})", tuple(ids)

    def get_rhs_op(self, connection, rhs):
        return f"= {rhs}" if connection.vendor == "postgresql" else f"IN {rhs}"


models.ForeignKey.register_lookup(IdsIn)
