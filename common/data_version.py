"""When public content last changed: the data version, as a point in time.

Public pages carry the time they were rendered in their ``ETag`` (and ``Last-Modified``).
A browser or proxy that asks again with it gets *304 Not Modified* without the page being
rendered, unless an offer, a date, a centre, a partner or a handbook page changed since.
The time of the last change lives in the shared cache (Redis or the database table), so
every process and server sees it. A conditional request reads it, and so do a search
page and an offer's page, once, for what they keep per version (``kept_per_version``,
``kept_many_per_version``, ``kept_page``: the queries they save). Servers need
synchronised clocks (NTP); a second of margin absorbs the rest.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import Signal

T = TypeVar("T")

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


class _Request(threading.local):
    """The data version as read once by the request this thread is handling."""

    active = False
    version: float | None = None


_request = _Request()
# key -> (data version, value): what kept_per_version computed, for this process; at
# most KEPT_MAX entries (a search's field with every choice a visitor made), then anew.
_kept: dict[Hashable, tuple[float, object]] = {}
KEPT_MAX = 5000


def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="data_version_request_started")
request_finished.connect(_request_finished, dispatch_uid="data_version_request_finished")


def _version() -> float:
    """The data version, read once per request (one cache read)."""
    if not _request.active:
        return data_changed_at()
    if _request.version is None:
        _request.version = data_changed_at()
    return _request.version


def kept_per_version(key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, computed once per data version in this process and kept until public
    content changes: for what every search page reads and only an edit changes (the
    search forms' lists of districts, Sozialräume, languages and categories). A request
    reads the version once (from the shared cache), instead of the queries it saves.

    Inside a transaction (a write not yet committed, or a test) it is built every time:
    what it read may still be rolled back, and the version only moves on commit.
    """
    return _kept_one(_kept, KEPT_MAX, key, build)


# (namespace, key) -> (data version, value): what kept_many_per_version built, for this
# process; at most KEPT_ITEMS_MAX entries (a result row: about two kilobytes), then anew.
_kept_items: dict[Hashable, tuple[float, object]] = {}
KEPT_ITEMS_MAX = 10_000


def kept_many_per_version(
    namespace: Hashable, keys: list[Hashable], build: Callable[[list[Hashable]], dict]
) -> dict:
    """``{key: value}`` for ``keys``: the values kept for this data version, and
    ``build(missing keys)`` (a dict) for the others, which are then kept too. For what
    many pages share piece by piece (the search's result rows: one date looks the same
    in every search that lists it), beside the lists of ``kept_per_version``, which it
    would crowd out. As there, nothing is kept inside a transaction."""

    def build_named(named: list[tuple[Hashable, Hashable]]) -> dict:
        built = build([key for _, key in named])
        return {(namespace, key): value for key, value in built.items()}

    named = [(namespace, key) for key in keys]
    kept = _kept_in(_kept_items, KEPT_ITEMS_MAX, named, build_named)
    return {key: kept[name] for key, name in zip(keys, named, strict=True) if name in kept}


# key -> (data version, value): what kept_ids_per_version built, for this process; at
# most KEPT_IDS_MAX lists of at most KEPT_IDS_LENGTH ids (about 100 kilobytes with their
# distances), then anew.
_kept_ids: dict[Hashable, tuple[float, object]] = {}
KEPT_IDS_MAX = 200
KEPT_IDS_LENGTH = 1000


def kept_ids_per_version(key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, kept per data version like ``kept_per_version``, in a store of its own
    for lists of ids (the offers a search's filters allow: ``offers.selectors.
    offer_ids_matching``); a list longer than ``KEPT_IDS_LENGTH`` is built every time."""

    def short(value) -> bool:
        return not isinstance(value, list | dict) or len(value) <= KEPT_IDS_LENGTH

    return _kept_one(_kept_ids, KEPT_IDS_MAX, key, build, fresh=short)


# key -> (data version, value): what kept_page built, for this process; at most
# KEPT_PAGES_MAX entries (the main part of a page: up to about 50 kilobytes), then anew.
_kept_pages: dict[Hashable, tuple[float, object]] = {}
KEPT_PAGES_MAX = 500


class Expiring(Protocol):
    until: float  # seconds since the epoch


E = TypeVar("E", bound=Expiring)


def _unexpired(value: Expiring) -> bool:
    return time.time() < value.until


def kept_page(key: Hashable, build: Callable[[], E]) -> E:
    """``build()``, kept for this data version until its ``until`` (what a page lists
    changes with time too: a date ends, a day begins): for the parts of a public page
    that are the same for every visitor. A value whose ``until`` has passed already is
    returned but not kept: for a page that shows something else that changes, such as
    free places, and is built again for every request. As for the other stores, nothing
    is kept inside a transaction."""
    return _kept_one(_kept_pages, KEPT_PAGES_MAX, key, build, fresh=_unexpired)


# key -> (data version, value): what kept_list built, for this process; at most
# KEPT_LISTS_MAX entries (a search's count and the ids of one page), then anew.
_kept_lists: dict[Hashable, tuple[float, object]] = {}
KEPT_LISTS_MAX = 2000


def kept_list(key: Hashable, build: Callable[[], E]) -> E:
    """``build()``, kept like ``kept_page`` (for this data version until its ``until``),
    in a store of its own: for a search's count and the ids of one of its pages
    (``common.pagination.paginate_kept``), which visitors vary with every field."""
    return _kept_one(_kept_lists, KEPT_LISTS_MAX, key, build, fresh=_unexpired)


# key -> (data version, value): what kept_fragment built, for this process; at most
# KEPT_FRAGMENTS_MAX entries (a search form: up to about 35 kilobytes), then anew.
_kept_fragments: dict[Hashable, tuple[float, object]] = {}
KEPT_FRAGMENTS_MAX = 500


def kept_fragment(key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, kept per data version: for a part of a page that depends only on the
    data and on what ``key`` holds, such as a search form for the values in the address
    (which visitors choose: a store of its own, so that they crowd out nothing else)."""
    return _kept_one(_kept_fragments, KEPT_FRAGMENTS_MAX, key, build)


def _kept_one(
    store: dict,
    limit: int,
    key: Hashable,
    build: Callable[[], T],
    fresh: Callable[[object], bool] | None = None,
) -> T:
    """``_kept_in`` for one key."""
    return _kept_in(store, limit, [key], lambda keys: {key: build()}, fresh)[key]


def _kept_in(
    store: dict,
    limit: int,
    keys: list[Hashable],
    build: Callable[[list], dict],
    fresh: Callable[[object], bool] | None = None,
) -> dict:
    """The values of ``keys`` kept in ``store`` for this data version, and the others
    built (``build(missing keys)``, a dict) and kept; ``store`` starts anew at ``limit``.
    With ``fresh``, only values it accepts are kept and served."""
    if transaction.get_connection().in_atomic_block:
        return build(list(keys))
    version = _version()
    found = {}
    missing = []
    for key in keys:
        kept = store.get(key)
        if kept is not None and kept[0] == version and (fresh is None or fresh(kept[1])):
            found[key] = kept[1]
        else:
            missing.append(key)
    if missing:
        built = build(missing)
        kept = {key: value for key, value in built.items() if fresh is None or fresh(value)}
        if len(store) + sum(key not in store for key in kept) > limit:
            store.clear()
        for key, value in kept.items():
            store[key] = (version, value)
        found.update(built)
    return found
