"""Curation through services: every write is one revision of one document, and restoring
an old version brings back its text and parts but not its publication or counters."""

import pytest
import reversion
from django.core.exceptions import ValidationError
from reversion.models import Version

from handbook.models import Attachment, Document, FaqEntry
from handbook.services import (
    document_position_set,
    document_refresh,
    document_restore,
    document_revision,
    documents_publish,
    documents_unpublish,
)
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(email="redaktion@thekiz.example")


def versions(document: Document) -> list[Version]:
    """Newest first."""
    return list(Version.objects.get_for_object(document).select_related("revision"))


def saved(document: Document, editor, **fields) -> Version:
    """Change and save the document in a revision of its own; its newest version."""
    with document_revision(by=editor, comment="Geändert"):
        for name, value in fields.items():
            setattr(document, name, value)
        document.save()
    return versions(document)[0]


def test_a_revision_holds_who_saved_and_why(editor):
    version = saved(DocumentFactory(), editor, title="Neu")
    assert version.revision.user == editor
    assert version.revision.get_comment() == "Geändert"


def test_publishing_several_documents_leaves_one_revision_each(editor):
    drafts = [DocumentFactory(status=Document.Status.DRAFT, publish_date=None) for _ in range(2)]
    assert documents_publish(drafts, by=editor) == 2
    for document in drafts:
        [version] = versions(document)
        assert version.revision.version_set.count() == 1
        assert version.revision.get_comment() == "Veröffentlicht"
    assert documents_unpublish(drafts[:1], by=editor) == 1
    assert len(versions(drafts[0])) == 2 and len(versions(drafts[1])) == 1


def test_a_new_position_is_one_revision_of_its_own(editor):
    document = DocumentFactory(position=5)
    document_position_set(document, position=20, by=editor)
    document.refresh_from_db()
    assert document.position == 20
    [version] = versions(document)
    assert version.revision.version_set.count() == 1
    assert version.revision.get_comment() == "Reihenfolge im Bereich geändert"


def test_restoring_brings_back_the_text_and_the_parts_of_that_save(editor):
    document = DocumentFactory(title="Alt", body="Alter Text", kind=Document.Kind.FAQ)
    kept = FaqEntry.objects.create(document=document, question="Wer?", answer="Alle.", anchor="wer")
    old = saved(document, editor)
    kept.answer = "Niemand."
    kept.save()
    FaqEntry.objects.create(document=document, question="Neu?", answer="Ja.", anchor="neu")
    saved(document, editor, title="Neu", body="Neuer Text")

    restored = document_restore(version=old, by=editor)

    assert (restored.title, restored.body) == ("Alt", "Alter Text")
    assert list(document.faq_entries.values_list("question", "answer")) == [("Wer?", "Alle.")]
    # The search knows the restored text, not the one it replaced.
    assert "Alter Text" in restored.search_text and "Neuer Text" not in restored.search_text


def test_restoring_keeps_the_current_publication(editor):
    document = DocumentFactory(body="Alter Text", visibility=Document.Visibility.PUBLIC)
    old = saved(document, editor)
    saved(document, editor, body="Neuer Text", visibility=Document.Visibility.MEMBERS)
    documents_unpublish([document], by=editor)

    restored = document_restore(version=old, by=editor)

    restored.refresh_from_db()
    assert restored.body == "Alter Text"
    assert (restored.status, restored.visibility, restored.publish_date) == (
        Document.Status.DRAFT,
        Document.Visibility.MEMBERS,
        document.publish_date,
    )
    # The new revision says so too: its diff shows no change of publication.
    assert versions(restored)[0].field_dict["status"] == Document.Status.DRAFT


def test_restoring_keeps_the_download_counters(editor):
    document = DocumentFactory()
    attachment = Attachment.objects.create(
        document=document, title="Kurzfassung", file="handbook/k.pdf", size=1
    )
    old = saved(document, editor)
    Attachment.objects.filter(pk=attachment.pk).update(downloads=7)
    attachment.title = "Langfassung"
    attachment.save(update_fields=["title"])
    saved(document, editor, body="Neuer Text")

    document_restore(version=old, by=editor)

    attachment.refresh_from_db()
    assert (attachment.title, attachment.downloads) == ("Kurzfassung", 7)


def test_restoring_is_one_new_revision_of_that_document_alone(editor):
    document, other = DocumentFactory(), DocumentFactory()
    old = saved(document, editor, title="Eins")
    saved(document, editor, title="Zwei")
    saved(other, editor, title="Anderes")

    document_restore(version=old, by=editor)

    newest, *_ = versions(document)
    assert len(versions(document)) == 3
    assert list(newest.revision.version_set.values_list("object_id", flat=True)) == [
        str(document.pk)
    ]
    assert newest.revision.user == editor
    assert newest.revision.get_comment().startswith("Zu vorheriger Version zurückgesetzt")
    other.refresh_from_db()
    assert other.title == "Anderes"


def test_a_version_saved_together_with_another_document_is_not_restored(editor):
    document, other = DocumentFactory(title="Eins"), DocumentFactory(title="Anderes")
    with reversion.create_revision():  # as the admin's list did before one revision each
        document.save()
        other.save()
    shared = versions(document)[0]
    saved(document, editor, title="Zwei")

    with pytest.raises(ValidationError, match="zusammen mit anderen Dokumenten"):
        document_restore(version=shared, by=editor)

    document.refresh_from_db()
    assert document.title == "Zwei"
    assert len(versions(document)) == 2


def test_the_text_is_stored_as_the_page_shows_it_with_its_contents(editor):
    faq = DocumentFactory(kind=Document.Kind.FAQ, body="# Überblick\n\n## Kosten\n\nText")
    FaqEntry.objects.create(
        document=faq, question="Wer zahlt?", answer="Der **Kreis**.", anchor="wer"
    )
    document_refresh(faq)

    faq.refresh_from_db()
    assert faq.body_html == (
        '<h2 id="ueberblick">Überblick</h2>\n<h3 id="kosten">Kosten</h3>\n<p>Text</p>'
    )
    assert faq.toc == [
        {
            "id": "ueberblick",
            "name": "Überblick",
            "children": [{"id": "kosten", "name": "Kosten", "children": []}],
        },
        {"id": "wer", "name": "Wer zahlt?", "children": []},
    ]
    assert faq.faq_entries.get().answer_html == "<p>Der <strong>Kreis</strong>.</p>"
    assert faq.preface_html == ""  # only the preface is shown on the start page


def test_the_preface_is_stored_as_the_start_page_shows_it():
    preface = DocumentFactory(section=None, is_preface=True, body="# Liebe Leserinnen\n\nText")
    preface.refresh_from_db()
    assert preface.preface_html == "<h3>Liebe Leserinnen</h3>\n<p>Text</p>"


def test_the_stored_text_is_cleaned_like_any_markdown():
    document = DocumentFactory(body="<script>alert(1)</script>[Klick](javascript:alert(1))")
    FaqEntry.objects.create(
        document=document, question="?", answer="<img src=x onerror=alert(1)>", anchor="f"
    )
    document_refresh(document)
    document.refresh_from_db()
    stored = document.body_html + document.faq_entries.get().answer_html
    assert "<script" not in stored and "javascript:" not in stored and "onerror" not in stored


def test_restoring_stores_the_restored_text_as_html(editor):
    document = DocumentFactory(body="## Alt")
    old = saved(document, editor)
    document.body = "## Neu"
    document.save()
    document_refresh(document)

    document_restore(version=old, by=editor)

    document.refresh_from_db()
    assert document.body_html == '<h2 id="alt">Alt</h2>'
    assert document.toc == [{"id": "alt", "name": "Alt", "children": []}]


def test_the_data_migration_renders_the_documents_saved_before():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("handbook.migrations.0005_rendered_text")
    document = DocumentFactory(body="## Alt")
    Document.objects.filter(pk=document.pk).update(body_html="", toc=[])

    migration.render_all(apps, None)

    document.refresh_from_db()
    assert document.body_html == '<h2 id="alt">Alt</h2>'
    assert document.toc == [{"id": "alt", "name": "Alt", "children": []}]
