"""The handbook search, on whichever database the suite runs (CI: PostgreSQL and SQLite)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from handbook.models import Document, FaqEntry, MethodFacts
from handbook.services import document_index
from tests.factories import DocumentFactory, UserFactory, section

pytestmark = pytest.mark.django_db

SEARCH = "/handbuch/suche/"


def titles(response) -> list[str]:
    return [hit.document.title for hit in response.context["page_obj"].object_list]


def test_a_word_in_the_body_finds_the_document(client):
    DocumentFactory(title="Kooperation", body="Wir treffen uns im Gemeindesaal.")
    DocumentFactory(title="Anderes", body="Nichts davon.")
    response = client.get(SEARCH, {"q": "Gemeindesaal"})
    assert response.status_code == 200
    assert titles(response) == ["Kooperation"]


def test_familie_finds_a_text_that_only_says_familien(client):
    # PostgreSQL: the german configuration stems both to "famili"; SQLite: the fallback's
    # suffix stripping does the same.
    DocumentFactory(title="Ein Beitrag", summary="Kurz.", body="Hier lesen Sie über Familien.")
    DocumentFactory(title="Ohne Treffer", summary="Kurz.", body="Über Kommunen.")
    response = client.get(SEARCH, {"q": "Familie"})
    assert titles(response) == ["Ein Beitrag"]


def test_the_plural_finds_the_singular_too(client):
    DocumentFactory(title="Beitrag", summary="Kurz.", body="Die Kommune plant mit.")
    assert titles(client.get(SEARCH, {"q": "Kommunen"})) == ["Beitrag"]


def test_a_title_match_ranks_before_a_body_match(client):
    DocumentFactory(
        title="Ein langer Text",
        summary="Kurz.",
        body="Elternbeteiligung hier, Elternbeteiligung dort, Elternbeteiligung überall.",
        position=1,
    )
    DocumentFactory(title="Elternbeteiligung", summary="Kurz.", body="Nur einmal.", position=2)
    assert titles(client.get(SEARCH, {"q": "Elternbeteiligung"})) == [
        "Elternbeteiligung",
        "Ein langer Text",
    ]


def test_every_word_must_occur(client):
    DocumentFactory(title="A", summary="Kurz.", body="Hebamme und Kita")
    DocumentFactory(title="B", summary="Kurz.", body="Nur die Hebamme")
    assert titles(client.get(SEARCH, {"q": "Hebamme Kita"})) == ["A"]


def test_questions_answers_and_method_steps_are_searched(client):
    faq = DocumentFactory(title="Fragen", kind=Document.Kind.FAQ, body="")
    FaqEntry.objects.create(
        document=faq, question="Wer zahlt?", answer="Der Landkreis.", anchor="a"
    )
    method = DocumentFactory(title="Methode", kind=Document.Kind.METHOD, body="")
    MethodFacts.objects.create(
        document=method, goal="Ziel", duration="1 h", group_size="5", steps="Stellwand aufbauen"
    )
    document_index(faq)
    document_index(method)
    assert titles(client.get(SEARCH, {"q": "Landkreis"})) == ["Fragen"]
    assert titles(client.get(SEARCH, {"q": "Stellwand"})) == ["Methode"]


def test_the_snippet_marks_the_hit_and_escapes_the_text(client):
    DocumentFactory(
        title="Beitrag",
        summary="Kurz.",
        body="Ein Satz über `<b>Vernetzung</b>` im Sozialraum und mehr.",
    )
    response = client.get(SEARCH, {"q": "Sozialraum"})
    (hit,) = response.context["page_obj"].object_list
    # Escaped (SQLite) or dropped by ts_headline's parser (PostgreSQL): never markup.
    assert "<mark>Sozialraum</mark>" in hit.snippet
    assert "Vernetzung" in hit.snippet
    assert "<b>" not in hit.snippet
    assert "<b>Vernetzung</b>" not in response.content.decode()


def test_drafts_future_and_network_only_documents_stay_out_of_anonymous_results(
    client, network_member
):
    DocumentFactory(title="Öffentlich", body="Elterncafé")
    DocumentFactory(
        title="Entwurf", body="Elterncafé", status=Document.Status.DRAFT, publish_date=None
    )
    DocumentFactory(
        title="Später", body="Elterncafé", publish_date=timezone.now() + datetime.timedelta(days=3)
    )
    DocumentFactory(title="Intern", body="Elterncafé", visibility=Document.Visibility.MEMBERS)

    assert titles(client.get(SEARCH, {"q": "Elterncafé"})) == ["Öffentlich"]
    assert titles(client.get(SEARCH)) == ["Öffentlich"]

    client.force_login(UserFactory())  # a password alone is not enough
    assert titles(client.get(SEARCH, {"q": "Elterncafé"})) == ["Öffentlich"]
    client.force_login(network_member)  # with the second factor
    assert sorted(titles(client.get(SEARCH, {"q": "Elterncafé"}))) == ["Intern", "Öffentlich"]


def test_filters_narrow_the_search(client):
    DocumentFactory(
        title="Methode A",
        kind=Document.Kind.METHOD,
        body="Eltern",
        section=section("entwicklungsfelder-und-methoden"),
    )
    DocumentFactory(title="Beitrag B", kind=Document.Kind.ARTICLE, body="Eltern")
    response = client.get(SEARCH, {"q": "Eltern", "art": "method"})
    assert titles(response) == ["Methode A"]
    response = client.get(SEARCH, {"bereich": "mehrwerte"})
    assert titles(response) == ["Beitrag B"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?!… ---", "Bitte geben Sie mindestens ein Wort ein"),
        ("Familie " * 250, "höchstens 200 Zeichen"),
        ("Fami\x00lie", "Nullzeichen sind nicht erlaubt"),
    ],
)
def test_a_query_without_words_or_too_long_gets_a_message(client, query, message):
    DocumentFactory(title="Beitrag", body="Familie")
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    # The rest of the page still works: the list ignores the bad entry.
    assert titles(response) == ["Beitrag"]


def test_unknown_filter_values_are_reported_not_a_500(client):
    DocumentFactory(title="Beitrag")
    response = client.get(
        SEARCH, {"bereich": "atlantis", "art": "roman", "feld": "x", "fuer": "y", "seite": "zz"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte wählen Sie einen Bereich aus der Liste." in html
    assert "Bitte wählen Sie eine Dokumentart aus der Liste." in html
    assert titles(response) == ["Beitrag"]


@pytest.mark.parametrize(
    "query", ["Familie & | ! :* ( )", '"unbalanced', "-", "or or or", "und die der", "é' OR 1=1 --"]
)
def test_query_syntax_and_stop_words_never_break_the_search(client, query):
    DocumentFactory(title="Beitrag", body="Familie")
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200


def test_the_query_count_does_not_grow_with_the_hits(client):
    for number in range(3):
        DocumentFactory(title=f"Netzwerk {number}", body="Vernetzung vor Ort")
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, {"q": "Vernetzung"})
    for number in range(3, 15):
        DocumentFactory(title=f"Netzwerk {number}", body="Vernetzung vor Ort")
    with CaptureQueriesContext(connection) as many:
        response = client.get(SEARCH, {"q": "Vernetzung"})
    assert response.context["page_obj"].paginator.count == 15
    assert len(many) == len(few)


def test_the_search_index_exists_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'handbook_document_search_gin'"
            )
            (definition,) = cursor.fetchone()
            assert "gin" in definition.lower() and "search_vector" in definition
        else:
            tables = connection.introspection.get_constraints(cursor, "handbook_document")
            assert "handbook_document_search_gin" not in tables


def test_the_index_holds_german_stems_on_postgresql_and_plain_text_elsewhere():
    document = DocumentFactory(title="Familien", summary="Kurz.", body="Kommunen")
    document.refresh_from_db()
    assert "Kommunen" in document.search_text
    if connection.vendor == "postgresql":
        assert "'famili':1A" in document.search_vector
        assert "'kommun'" in document.search_vector
    else:
        assert document.search_vector is None


def test_a_minus_excludes_a_word_and_quotes_keep_words_together(client):
    DocumentFactory(title="A", summary="Kurz.", body="Beratung durch die Hebamme zu Hause")
    DocumentFactory(title="B", summary="Kurz.", body="Beratung durch die Hebamme in der Schule")
    assert titles(client.get(SEARCH, {"q": "Hebamme -Schule"})) == ["A"]
    assert sorted(titles(client.get(SEARCH, {"q": '"Beratung durch"'}))) == ["A", "B"]


def test_a_summary_match_ranks_before_a_text_match(client):
    # Weighted: summary (B) counts more than text (C). Were the weights lost, the tie
    # would put "A" first by title.
    DocumentFactory(title="A Text", summary="Kurz.", body="Etwas über Patenschaften.")
    DocumentFactory(title="B Zusammenfassung", summary="Patenschaften im Überblick.", body="…")
    assert titles(client.get(SEARCH, {"q": "Patenschaften"})) == ["B Zusammenfassung", "A Text"]


def test_a_query_that_only_excludes_has_no_snippet_and_no_error(client):
    DocumentFactory(title="A", summary="Kurz.", body="Über Familien")
    DocumentFactory(title="B", summary="Kurz.", body="Über Zeppeline")
    response = client.get(SEARCH, {"q": "-Zeppelin"})
    assert response.status_code == 200
    assert "<mark></mark>" not in response.content.decode()
    hits = response.context["page_obj"].object_list
    assert [hit.document.title for hit in hits] == ["A"]
    assert all(hit.snippet == "" for hit in hits)


def test_a_title_only_match_shows_the_summary_without_a_snippet(client):
    DocumentFactory(title="Elterncafé planen", summary="Kurz gesagt.", body="Ganz anderer Text.")
    (hit,) = client.get(SEARCH, {"q": "Elterncafé"}).context["page_obj"].object_list
    assert hit.snippet == ""
