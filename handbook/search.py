"""Full-text search over the handbook.

PostgreSQL: the ``german`` text-search configuration (so "Familie" finds "Familien"),
``websearch_to_tsquery`` (quotes and "-word" work as people expect), a GIN index on the
weighted ``search_vector`` (migration 0003), ranked with a title match always first, and
highlighted snippets from ``ts_headline``.

SQLite (development, small installations): the same results page from a scan of the
visible documents in Python, with Unicode case folding and a light German suffix
stripping so that plural and singular still find each other. One query either way.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, F, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from handbook.models import Document, DocumentQuerySet
from handbook.services import SEARCH_CONFIG

# Markers around a hit inside a snippet; they cannot occur in text typed by people and
# are turned into <mark> only after everything else has been escaped.
HIT_START, HIT_END = "\x02", "\x03"
WORD = re.compile(r"\w+")
EXCLUDED = re.compile(r"(?:^|(?<=\s))-(\w+)")
# Endings stripped for the SQLite fallback (longest first), keeping at least four letters.
SUFFIXES = ("innen", "ungen", "ern", "en", "er", "es", "e", "n", "s")


def has_words(query: str) -> bool:
    return bool(WORD.search(query))


def highlight(snippet: str) -> SafeString:
    """The snippet escaped, with its hits as <mark>; empty when it holds no hit (then
    the title or summary matched, and the summary says enough)."""
    if HIT_START not in snippet:
        return mark_safe("")
    escaped = escape(snippet)
    return mark_safe(  # escaped above; only our own markers become tags
        escaped.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    )


@dataclass
class Hit:
    document: Document
    snippet: SafeString


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _scan_snippet(text: str, stems: list[str], width: int = 220) -> str:
    if not stems:  # a query that only excludes words has nothing to show
        return ""
    pattern = re.compile("|".join(re.escape(stem) for stem in stems), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(text.rfind(" ", 0, max(first.start() - 60, 0)) + 1, 0)
    end = text.find(" ", min(start + width, len(text)))
    end = len(text) if end == -1 else end
    excerpt = text[start:end]
    excerpt = pattern.sub(lambda match: f"{HIT_START}{match.group(0)}{HIT_END}", excerpt)
    return f"{'… ' if start else ''}{excerpt}{' …' if end < len(text) else ''}"


def _search_scan(documents: DocumentQuerySet, query: str) -> list[Hit]:
    # As in websearch_to_tsquery: "-word" excludes, every other word is required.
    excluded = [_stem(word.casefold()) for word in EXCLUDED.findall(query)]
    stems = [_stem(word.casefold()) for word in WORD.findall(EXCLUDED.sub(" ", query))]
    rows = documents.values_list("pk", "title", "summary", "search_text")
    scored = []
    for pk, title, summary, search_text in rows:
        fields = (title.casefold(), summary.casefold(), search_text.casefold())
        if not all(any(stem in field for field in fields) for stem in stems):
            continue
        if any(stem in field for stem in excluded for field in fields):
            continue
        title_hit = all(stem in fields[0] for stem in stems)
        score = sum(
            fields[0].count(stem) * 10 + fields[1].count(stem) * 4 + fields[2].count(stem)
            for stem in stems
        )
        snippet = _scan_snippet(search_text, stems) or _scan_snippet(summary, stems)
        scored.append((not title_hit, -score, title.casefold(), pk, snippet))
    scored.sort()
    by_pk = documents.in_bulk([row[3] for row in scored])
    return [Hit(by_pk[row[3]], highlight(row[4])) for row in scored]


class PostgresResults:
    """Matches, best first, sliced lazily by the paginator: the snippets (``ts_headline``,
    the costly part) are made for the shown page only."""

    def __init__(self, documents: DocumentQuerySet, query: str) -> None:
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        self.matches = (
            documents.filter(search_vector=search_query)
            .alias(title_vector=SearchVector("title", config=SEARCH_CONFIG))
            .annotate(
                # F(): the stored, weighted vector (a plain name would be re-parsed).
                rank=SearchRank(F("search_vector"), search_query),
                title_hit=Case(
                    When(title_vector=search_query, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                snippet=SearchHeadline(
                    "search_text",
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=HIT_START,
                    stop_sel=HIT_END,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-title_hit", "-rank", "title")
        )

    def count(self) -> int:
        return self.matches.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        return [Hit(document, highlight(document.snippet)) for document in self.matches[index]]


def documents_search(documents: DocumentQuerySet, query: str) -> PostgresResults | list[Hit]:
    """The documents matching ``query``, best first, each with a highlighted snippet (empty
    when only the title or summary matched). ``documents`` is already limited to what the
    reader may see."""
    if not has_words(query):
        return []
    if connection.vendor == "postgresql":
        return PostgresResults(documents, query)
    return _search_scan(documents, query)
