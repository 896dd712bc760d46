"""What a revision changed (handbook.diff), without the admin: saves in revisions of their
own, compared object by object, field by field, long texts line by line."""

import pytest
import reversion
from reversion.models import Version

from handbook.diff import DiffLine, previous_version, revision_changes
from handbook.models import Document, FaqEntry, Person
from tests.factories import DocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def saved(document: Document, **fields) -> Version:
    """Change and save the document in a revision of its own; its newest version."""
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(document, name, value)
        document.save()
    return Version.objects.get_for_object(document).first()


def test_the_first_version_has_no_previous_one_and_shows_its_fields_as_added():
    first = saved(DocumentFactory(title="Erst"))
    assert previous_version(first) is None
    [change] = revision_changes(first)
    assert (change.label, change.state) == ("Dokument: Erst", "added")
    assert {"Titel", "Text"} <= {field.label for field in change.fields}


def test_the_previous_version_is_the_save_just_before():
    document = DocumentFactory()
    first = saved(document, title="Eins")
    saved(DocumentFactory(), title="Ein anderes Dokument")
    second = saved(document, title="Zwei")
    assert previous_version(second) == first


def test_a_changed_field_shows_before_and_after_and_unchanged_fields_are_left_out():
    document = DocumentFactory(title="Alt", summary="Gleich.")
    saved(document)
    [change] = revision_changes(saved(document, title="Neu"))
    assert change.state == "changed"
    [title] = change.fields
    assert (title.label, title.before, title.after, title.lines) == ("Titel", "Alt", "Neu", [])


def test_long_texts_are_compared_line_by_line_with_the_lines_around_them():
    document = DocumentFactory(body="Eins\nZwei\nDrei\nVier\nFünf\nSechs")
    saved(document)
    [change] = revision_changes(saved(document, body="Eins\nZwei\nDrei\nVier\nFünf\nSieben"))
    [body] = change.fields
    assert body.lines == [
        DiffLine("gap", "…"),
        DiffLine("context", "Fünf"),
        DiffLine("removed", "Sechs"),
        DiffLine("added", "Sieben"),
    ]


def test_choices_relations_and_yes_or_no_are_shown_by_their_names():
    author = PersonFactory(name="Anna Autorin")
    document = DocumentFactory(kind=Document.Kind.ARTICLE)
    saved(document)
    with reversion.create_revision():
        document.kind = Document.Kind.METHOD
        document.interviewee = author
        document.is_preface, document.section = True, None
        document.save()
        document.authors.set([author])
    version = Version.objects.get_for_object(document).first()
    fields = {field.label: field for field in revision_changes(version)[0].fields}
    assert (fields["Art"].before, fields["Art"].after) == ("Fachbeitrag", "Methode")
    assert (fields["befragte Person"].before, fields["befragte Person"].after) == (
        "–",
        "Anna Autorin",
    )
    assert fields["Autorinnen und Autoren"].after == "Anna Autorin"
    assert (fields["Vorwort"].before, fields["Vorwort"].after) == ("nein", "ja")


def test_parts_of_the_document_are_shown_as_added_changed_or_removed():
    document = DocumentFactory(title="Fragen", kind=Document.Kind.FAQ)
    with reversion.create_revision():
        document.save()
        kept = FaqEntry.objects.create(
            document=document, question="Bleibt?", answer="Ja.", anchor="bleibt"
        )
        gone = FaqEntry.objects.create(
            document=document, question="Geht?", answer="Ja.", anchor="geht"
        )
    with reversion.create_revision():
        kept.answer = "Ja, geändert."
        kept.save()
        gone.delete()
        FaqEntry.objects.create(document=document, question="Neu?", answer="Ja.", anchor="neu")
        document.save()
    changes = revision_changes(Version.objects.get_for_object(document).first())
    assert [(change.label, change.state) for change in changes] == [
        ("Frage und Antwort: Bleibt?", "changed"),
        ("Frage und Antwort: Geht?", "removed"),
        ("Frage und Antwort: Neu?", "added"),
    ]
    assert changes[0].fields[0].lines == [
        DiffLine("gap", "…"),
        DiffLine("removed", "Ja."),
        DiffLine("added", "Ja, geändert."),
    ]


def test_another_document_saved_in_the_same_revision_is_not_shown():
    document, other = DocumentFactory(title="Meins"), DocumentFactory(title="Fremd")
    with reversion.create_revision():
        document.save()
        other.save()
    labels = [
        change.label for change in revision_changes(Version.objects.get_for_object(document).get())
    ]
    assert labels == ["Dokument: Meins"]


def test_a_person_deleted_since_is_shown_by_number():
    person = PersonFactory()
    document = DocumentFactory()
    saved(document)
    version = saved(document, interviewee=person)
    pk = person.pk
    Person.objects.filter(pk=pk).delete()
    fields = {field.label: field for field in revision_changes(version)[0].fields}
    assert fields["befragte Person"].after == f"#{pk}"
