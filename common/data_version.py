"""When public content last changed: the data version, as a point in time.

Public pages carry the time they were rendered in their ``ETag`` (and ``Last-Modified``).
A browser or proxy that asks again with it gets *304 Not Modified* without the page being
rendered, unless an offer, a date, a centre, a partner or a handbook page changed since.
The time of the last change lives in the shared cache (Redis or the database table), so
every process and server sees it; only a conditional request reads it, so ordinary page
views cost no extra query. Servers need synchronised clocks (NTP); a second of margin
absorbs the rest.
"""

import threading
import time

from django.core.cache import cache
from django.db import transaction

KEY = "thekiz:data-changed-at"
MARGIN_SECONDS = 1.0

# Whether this thread rendered a page since it last recorded a change (see data_changed).
_state = threading.local()


def data_changed_at() -> float:
    """When public content last changed (seconds since the epoch, with the margin).

    Unknown (an emptied cache) counts as now: every page is sent again once.
    """
    changed = cache.get(KEY)
    if changed is None:
        changed = time.time()
        cache.add(KEY, changed, timeout=None)
    return changed + MARGIN_SECONDS


def data_shown() -> None:
    """A page is being rendered from the data as it is now."""
    _state.shown = True


def _record() -> None:
    _state.shown = False
    cache.set(KEY, time.time(), timeout=None)


def data_changed() -> None:
    """Public content changed: record it now, and again when the transaction commits (a
    page rendered in between still showed the data from before the commit). Many changes
    in one transaction record it once and on commit, unless a page was rendered meanwhile.
    """
    connection = transaction.get_connection()
    pending = any(entry[1] is _record for entry in connection.run_on_commit)
    if pending and not getattr(_state, "shown", False):
        return
    _record()
    if not pending:
        transaction.on_commit(_record)
