"""When public content last changed: the data version, as a point in time.

Public pages carry the time they were rendered in their ``ETag`` (and ``Last-Modified``).
A browser or proxy that asks again with it gets *304 Not Modified* without the page being
rendered, unless an offer, a date, a centre, a partner or a handbook page changed since.
The time of the last change lives in the shared cache (Redis or the database table), so
every process and server sees it; only a conditional request reads it, so ordinary page
views cost no extra query. Servers need synchronised clocks (NTP); a second of margin
absorbs the rest.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

KEY = "thekiz:data-changed-at"
MARGIN_SECONDS = 1.0

# Sent once the time of a change is recorded (after the commit): for what is worth
# computing for the new data version before a page asks for it.
version_changed = Signal()


def data_changed_at() -> float:
    """When public content last changed (seconds since the epoch, with the margin).

    Unknown (an emptied cache) counts as now: every page is sent again once.
    """
    changed = cache.get(KEY)
    if changed is None:
        changed = time.time()
        cache.add(KEY, changed, timeout=None)
    return changed + MARGIN_SECONDS


class _Record:
    """Records the time of the change; registered once per transaction."""

    done = False

    def __call__(self) -> None:
        self.done = True
        cache.set(KEY, time.time(), timeout=None)
        version_changed.send(sender=None)


def data_changed() -> None:
    """Public content changed: record the time once the transaction has committed.

    A page rendered before the commit showed the data from before, and is older than
    the time recorded; one rendered after it shows the change. Recording after the commit
    also keeps the cache's row (with the database cache) out of every writing transaction.
    Many changes in one transaction record it once.
    """
    connection = transaction.get_connection()
    waiting = (entry[1] for entry in connection.run_on_commit)
    if not any(isinstance(callback, _Record) and not callback.done for callback in waiting):
        transaction.on_commit(_Record())
