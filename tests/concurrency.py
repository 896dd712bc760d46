"""Two people at the same moment, each with a database connection of their own (two
threads, as pretix tests its quotas).

On PostgreSQL the first one is held right after it has read a given table, the second
starts, and the first goes on only when the second waits for a lock (or is done): the
moment where a missing lock loses a change. SQLite has one writer at a time, so there the
two run one after the other and the outcome must be the same.

Tests using this need committed data: ``pytest.mark.django_db(transaction=True)``.
"""

import threading
from collections.abc import Callable

from django.db import connection

# Only against a hang if the code deadlocks; no test waits this long when it works.
HANG = 60


class Person(threading.Thread):
    """One person's request: its own thread and database connection."""

    def __init__(self, work: Callable, hold: Callable | None = None) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.hold = hold
        self.result = None
        self.error: Exception | None = None
        self.backend_pid: int | None = None
        self.connected = threading.Event()

    def run(self) -> None:
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    self.backend_pid = cursor.fetchone()[0]
            self.connected.set()
            if self.hold:
                with connection.execute_wrapper(self.hold):
                    self.result = self.work()
            else:
                self.result = self.work()
        except Exception as error:  # the outcome the test looks at
            self.error = error
        finally:
            self.connected.set()
            connection.close()


def _waits_for_a_lock(person: Person) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [person.backend_pid]
        )
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def at_the_same_moment(
    first: Callable, second: Callable, *, held_after_reading: str
) -> tuple[Person, Person]:
    """Run ``first`` and ``second`` as two people; on PostgreSQL ``second`` starts while
    ``first`` holds right after its first SELECT from the table ``held_after_reading``."""
    if connection.vendor != "postgresql":
        one, two = Person(first), Person(second)
        for person in (one, two):
            person.start()
            person.join(HANG)
        return one, two

    has_read, go_on = threading.Event(), threading.Event()

    table = f'FROM "{held_after_reading}"'

    def hold(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not has_read.is_set() and sql.startswith("SELECT") and table in sql:
            has_read.set()
            go_on.wait(HANG)
        return result

    one, two = Person(first, hold=hold), Person(second)
    one.start()
    assert has_read.wait(HANG)
    two.start()
    assert two.connected.wait(HANG)
    while two.is_alive() and not _waits_for_a_lock(two):
        pass  # each round is one query to the server: no sleeping
    go_on.set()
    for person in (one, two):
        person.join(HANG)
        assert not person.is_alive(), "deadlock"
    return one, two
