"""Server time of the handbook search, on SQLite (scan) and PostgreSQL (GIN index).

    .venv/bin/python bench/handbook_search.py --db sqlite
    .venv/bin/python bench/handbook_search.py --db postgres --documents 5000

The handbook of today has a few dozen documents; the data set is far larger on purpose
(default 2,000 documents of about 1,000 words each, every tenth an FAQ with eight
questions), built once into its own database (var/bench-handbook_<n>.sqlite3 or
thekiz_bench_handbook_<n>) and reused. Each query runs through Django's full stack
in-process after warm-up; the script prints median and p95 in milliseconds, the number of
SQL queries and of hits.
"""

import argparse
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure, timed  # noqa: E402 (after the path is set)

WORDS = [
    "Familie",
    "Familien",
    "Kinder",
    "Eltern",
    "Kita",
    "Zentrum",
    "Netzwerk",
    "Kommune",
    "Kommunen",
    "Landkreis",
    "Beratung",
    "Hebamme",
    "Jugendamt",
    "Sozialraum",
    "Angebot",
    "Angebote",
    "Begleitung",
    "Prävention",
    "Gesundheit",
    "Übergang",
    "Schule",
    "Ehrenamt",
    "Verein",
    "Planung",
    "Umsetzung",
    "Bedarf",
    "Bedarfe",
    "Elterncafé",
    "Spielgruppe",
    "Fachkraft",
    "Fachkräfte",
    "Koordination",
    "Kooperation",
    "Partner",
    "Förderung",
    "Mittel",
    "Antrag",
    "Bericht",
    "Qualität",
    "Entwicklung",
    "Beteiligung",
    "Sprache",
    "Alltag",
    "und",
    "die",
    "der",
    "das",
    "mit",
    "für",
    "im",
    "in",
    "zu",
    "von",
    "auf",
    "ist",
    "sind",
    "werden",
    "wird",
    "auch",
    "sich",
    "nicht",
]
QUERIES = {
    "one word (Familie)": {"q": "Familie"},
    "two words (Kommune Netzwerk)": {"q": "Kommune Netzwerk"},
    "rare word (Zeppelin)": {"q": "Zeppelin"},
    "phrase and exclusion": {"q": '"Beratung Hebamme" -Schule'},
    "word + kind + field": {"q": "Eltern", "art": "method", "feld": "elternbeteiligung"},
    "no words, all documents, page 5": {"seite": "5"},
}


def build(documents: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from common.database import analyze
    from handbook.models import DevelopmentField, Document, FaqEntry, Section
    from handbook.services import document_index

    call_command("migrate", verbosity=0)
    if Document.objects.count() == documents and not rebuild:
        return
    rng = random.Random(11)
    started = time.perf_counter()
    sections = list(Section.objects.all())
    fields = list(DevelopmentField.objects.all())
    kinds = [Document.Kind.ARTICLE, Document.Kind.METHOD, Document.Kind.GUIDE]

    def sentence(length: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."

    with transaction.atomic():
        Document.objects.all().delete()
        created = []
        for number in range(documents):
            faq = number % 10 == 0
            body = "\n\n".join(
                f"## {sentence(4)}\n\n" + " ".join(sentence(rng.randint(8, 20)) for _ in range(8))
                for _ in range(8)
            )
            document = Document.objects.create(
                title=f"{sentence(rng.randint(3, 7))[:-1]} {number}",
                slug=f"dokument-{number}",
                section=rng.choice(sections),
                kind=Document.Kind.FAQ if faq else rng.choice(kinds),
                summary=sentence(25),
                body=body,
                status=Document.Status.PUBLISHED,
                publish_date=timezone.now(),
                visibility=Document.Visibility.MEMBERS if number % 7 == 0 else "public",
            )
            document.development_fields.set(rng.sample(fields, 2))
            if faq:
                FaqEntry.objects.bulk_create(
                    FaqEntry(
                        document=document,
                        question=sentence(8)[:-1] + "?",
                        answer=sentence(40),
                        anchor=f"frage-{k}",
                        position=k,
                    )
                    for k in range(8)
                )
            created.append(document)
        for document in created:
            document_index(document)
    analyze()
    print(f"  built {documents:,} documents in {time.perf_counter() - started:.0f} s", flush=True)


def measure(runs: int) -> None:
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from handbook.filters import HandbookFilterSet
    from handbook.models import Document
    from handbook.search import documents_search

    client = Client(HTTP_HOST="127.0.0.1")
    texts = Document.objects.values_list("search_text", flat=True)
    words = sum(len(text.split()) for text in texts)
    print(
        f"  data: {Document.objects.count():,} documents, {words:,} words of text "
        f"({connection.vendor}), anonymous visitor"
    )
    print(f"  {'query':<36}{'median':>9}{'p95':>9}{'queries':>9}{'hits':>8}")
    for label, params in QUERIES.items():
        median, p95, queries = timed(client, "/handbuch/suche/", params, runs)
        filterset = HandbookFilterSet(
            QueryDict(urlencode(params)), queryset=Document.objects.visible_to(None)
        )
        query = filterset.query
        hits = len(documents_search(filterset.qs, query)) if query else filterset.qs.count()
        print(f"  {label:<36}{median:>7.1f}ms{p95:>7.1f}ms{queries:>9}{hits:>8,}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    print(f"handbook search, {options.documents:,} documents, database {options.db}")
    configure(options.db, f"handbook_{options.documents}")
    build(options.documents, options.rebuild)
    from django.conf import settings

    settings.DEBUG = False
    measure(options.runs)


if __name__ == "__main__":
    main()
