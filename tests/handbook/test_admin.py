"""The coordination office's work in the admin: editing with parts, checked downloads,
publishing, and the revision history with diff and restore."""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf.actions import JavaScript
from reversion.models import Version

from handbook.models import Attachment, Document, FaqEntry, Section
from tests.conftest import with_totp
from tests.factories import (
    DocumentFactory,
    UserFactory,
    pdf_bytes,
    pdf_with,
    section,
    zip_package,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/handbook/document/add/"


@pytest.fixture
def office(client, coordination_user):
    client.force_login(coordination_user)
    return client


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def document_data(**fields) -> dict:
    data = {
        "title": "Elternbeteiligung stärken",
        "slug": "elternbeteiligung-staerken",
        "section": section("entwicklungsfelder-und-methoden").pk,
        "kind": "article",
        "summary": "Wie Eltern mitentscheiden.",
        "body": "## Warum\n\nWeil es wirkt.",
        "status": "draft",
        "visibility": "public",
        "position": "100",
        "edition": "Handbuch 2.0",
        **management("method"),
        **management("faq_entries"),
        **management("attachments"),
    }
    data.update(fields)
    return data


def form_data_from(response) -> dict:
    """What the browser would send back from an admin change form as it was rendered."""
    data = {}
    all_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = (
                formset.management_form[name].value() or field.initial or 0
            )
        all_forms.extend(formset.forms)
    for form in all_forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(form.fields[name], forms.FileField):
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = value
    return data


def errors(response) -> str:
    if response.status_code != 200 or not response.context:
        return ""
    parts = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        parts.append(str(inline.formset.errors))
        parts.append(str(inline.formset.non_form_errors()))
    return " ".join(parts)


def test_a_new_faq_gets_anchors_and_is_searchable_at_once(office):
    response = office.post(
        ADD,
        document_data(
            kind="faq",
            status="published",
            **management("faq_entries", total=2),
            **{
                "faq_entries-0-question": "Wer trägt die Kosten?",
                "faq_entries-0-answer": "Meist der Träger gemeinsam mit dem Landkreis.",
                "faq_entries-0-position": "1",
                "faq_entries-1-question": "Wer trägt die Kosten?",
                "faq_entries-1-answer": "Noch einmal gefragt.",
                "faq_entries-1-position": "2",
            },
        ),
    )
    assert response.status_code == 302, errors(response)
    document = Document.objects.get(slug="elternbeteiligung-staerken")
    assert document.publish_date is not None  # published without a date: from now on
    assert list(document.faq_entries.values_list("anchor", flat=True)) == [
        "wer-traegt-die-kosten",
        "wer-traegt-die-kosten-2",
    ]
    client = Client()  # an anonymous visitor
    hits = client.get("/handbuch/suche/", {"q": "Landkreis"}).context["page_obj"].object_list
    assert [hit.document for hit in hits] == [document]
    # The first save is the first revision, with its author.
    version = Version.objects.get_for_object(document).get()
    assert version.revision.user.email == "koordination@thekiz.example"


def test_an_interview_needs_its_interviewee(office):
    response = office.post(ADD, document_data(kind="interview"))
    assert response.status_code == 200
    assert "Ein Interview braucht die befragte Person." in errors(response)


def test_only_the_preface_has_no_section(office):
    response = office.post(ADD, document_data(section=""))
    assert "Bitte wählen Sie einen Bereich (nur das Vorwort hat keinen)." in errors(response)


def upload_data(document: Document, upload, **extra) -> dict:
    response_data = document_data(
        title=document.title,
        slug=document.slug,
        section=document.section_id,
        summary=document.summary,
        body=document.body,
        **management("attachments", total=1),
        **{
            "attachments-0-title": "Kurzfassung",
            "attachments-0-file": upload,
            "attachments-0-position": "1",
        },
    )
    response_data.update(extra)
    return response_data


def test_a_real_pdf_is_accepted_with_its_type_size_and_pages(office):
    document = DocumentFactory(title="Mehrwert", status=Document.Status.DRAFT, publish_date=None)
    upload = SimpleUploadedFile("Scan 2023 (final).pdf", pdf_bytes(pages=3), "text/plain")
    response = office.post(
        f"/admin/handbook/document/{document.pk}/change/", upload_data(document, upload)
    )
    assert response.status_code == 302, errors(response)
    attachment = document.attachments.get()
    assert attachment.content_type == "application/pdf"  # from the content, not the browser
    assert attachment.pages == 3
    assert attachment.size == len(pdf_bytes(pages=3))
    assert attachment.file.name.endswith("/kurzfassung.pdf")
    assert attachment.download_name == "thekiz-handbuch-kurzfassung.pdf"


DOCX = {
    "[Content_Types].xml": b"<Types/>",
    "word/document.xml": b'<w:document xmlns:w="urn:w"/>',
}


def test_a_word_document_is_accepted(office):
    document = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    upload = SimpleUploadedFile("vorlage.pdf", zip_package(DOCX))
    response = office.post(
        f"/admin/handbook/document/{document.pk}/change/", upload_data(document, upload)
    )
    assert response.status_code == 302, errors(response)
    attachment = document.attachments.get()
    assert attachment.extension == "docx"
    assert attachment.kind_label == "Word"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nur Text, der sich als PDF ausgibt.", "kein PDF-, Word-, Excel-"),
        (b"%PDF-1.7\n kaputt und abgeschnitten", "Die Datei ließ sich nicht lesen"),
        (b"MZ\x90\x00 ein Programm", "kein PDF-, Word-, Excel-"),
        (zip_package({**DOCX, "word/vbaProject.bin": b"macro"}), "enthält Makros"),
        (zip_package({"[Content_Types].xml": b"<Types/>"}), "kein PDF-, Word-, Excel-"),
        ("JS", "enthält Skripte"),
        ("ENCRYPTED", "mit einem Passwort geschützt"),
    ],
    ids=[
        "text-as-pdf",
        "truncated-pdf",
        "program",
        "docm-macros",
        "empty-package",
        "pdf-javascript",
        "pdf-password",
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_stored_is_lost(
    office, content, message
):
    document = DocumentFactory(
        title="Bleibt", body="Alter Text", status=Document.Status.DRAFT, publish_date=None
    )
    if content == "JS":
        content = pdf_with(lambda writer: writer.add_open_action(JavaScript("app.alert(1)")))
    elif content == "ENCRYPTED":
        content = pdf_with(lambda writer: writer.encrypt("geheim", algorithm="RC4-128"))
    upload = SimpleUploadedFile("datei.pdf", content, "application/pdf")
    response = office.post(
        f"/admin/handbook/document/{document.pk}/change/",
        upload_data(document, upload, body="Neuer Text", title="Geändert"),
    )
    assert response.status_code == 200
    assert message in errors(response)
    document.refresh_from_db()
    assert (document.title, document.body) == ("Bleibt", "Alter Text")
    assert not Attachment.objects.exists()
    # What was typed is still in the form, ready for another try.
    assert response.context["adminform"].form["body"].value() == "Neuer Text"


def test_a_file_above_the_limit_is_refused(office, settings):
    settings.THEKIZ_MAX_ATTACHMENT_BYTES = 1000
    document = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    upload = SimpleUploadedFile("gross.pdf", pdf_bytes("x" * 50, pages=5))
    response = office.post(
        f"/admin/handbook/document/{document.pk}/change/", upload_data(document, upload)
    )
    assert "Die Datei ist zu groß" in errors(response)


def test_the_cover_image_is_reencoded_without_its_metadata(office):
    from tests.image_files import image_with_metadata, metadata_in

    content = image_with_metadata("JPEG", size=(40, 30))
    upload = SimpleUploadedFile("familie-mueller.jpg", content, "image/jpeg")
    response = office.post(ADD, document_data(cover_image=upload, cover_alt="Eine Kita von außen"))
    assert response.status_code == 302, errors(response)
    document = Document.objects.get()
    assert "familie-mueller" not in document.cover_image.name
    with document.cover_image.open("rb") as stored:
        assert metadata_in(stored.read()) == []
    assert (document.cover_width, document.cover_height) == (40, 30)


def test_a_cover_image_needs_its_description(office):
    upload = SimpleUploadedFile("bild.png", _png(), "image/png")
    response = office.post(ADD, document_data(cover_image=upload))
    assert "Bitte beschreiben Sie das Titelbild." in errors(response)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_publish_and_unpublish_actions_change_status_and_leave_history(office):
    drafts = [
        DocumentFactory(title=f"Entwurf {n}", status=Document.Status.DRAFT, publish_date=None)
        for n in range(2)
    ]
    response = office.post(
        "/admin/handbook/document/",
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )
    assert "2 Dokumente veröffentlicht." in response.content.decode()
    for document in drafts:
        document.refresh_from_db()
        assert document.is_published
        assert (
            Version.objects.get_for_object(document).first().revision.get_comment()
            == "Veröffentlicht"
        )
    client = Client()  # an anonymous visitor
    assert client.get(drafts[0].get_absolute_url()).status_code == 200

    office.post(
        "/admin/handbook/document/",
        {"action": "unpublish", "_selected_action": [drafts[0].pk]},
    )
    drafts[0].refresh_from_db()
    assert drafts[0].status == Document.Status.DRAFT
    client = Client()  # an anonymous visitor
    assert client.get(drafts[0].get_absolute_url()).status_code == 404


def test_the_order_within_a_section_is_edited_in_the_list(office):
    first = DocumentFactory(title="Erst", position=1)
    second = DocumentFactory(title="Dann", position=2)
    response = post_positions(office, {first: 20, second: 10})
    assert response.status_code == 302
    html = Client().get("/handbuch/mehrwerte/").content.decode()
    assert html.index("Dann") < html.index("Erst")


def post_positions(office, positions: dict[Document, int]):
    """Save new positions from the change list (list_editable)."""
    data = {"form-TOTAL_FORMS": str(len(positions)), "form-INITIAL_FORMS": str(len(positions))}
    for number, (document, position) in enumerate(positions.items()):
        data[f"form-{number}-id"] = document.pk
        data[f"form-{number}-position"] = str(position)
    return office.post("/admin/handbook/document/", {**data, "_save": "Sichern"})


def change(office, document: Document, **fields) -> None:
    response = office.get(f"/admin/handbook/document/{document.pk}/change/")
    data = form_data_from(response)
    data.update(fields)
    response = office.post(f"/admin/handbook/document/{document.pk}/change/", data)
    assert response.status_code == 302, errors(response)


def test_history_shows_who_changed_what_with_a_diff_and_restores_an_old_version(office):
    response = office.post(
        ADD,
        document_data(
            status="published",
            body="## Warum\n\nWeil es wirkt.\n\nEltern entscheiden mit.",
            **management("faq_entries", total=1),
            **{
                "faq_entries-0-question": "Wie fangen wir an?",
                "faq_entries-0-answer": "Klein.",
                "faq_entries-0-position": "1",
            },
        ),
    )
    assert response.status_code == 302, errors(response)
    document = Document.objects.get()
    change(
        office,
        document,
        title="Elternbeteiligung wirksam stärken",
        body="## Warum\n\nWeil es wirkt.\n\nEltern gestalten mit.",
        **{"faq_entries-0-answer": "Mit einem Elterncafé."},
    )
    document.refresh_from_db()
    assert document.title == "Elternbeteiligung wirksam stärken"

    history = office.get(f"/admin/handbook/document/{document.pk}/history/")
    assert history.status_code == 200
    versions = list(Version.objects.get_for_object(document))
    assert len(versions) == 2
    newest, oldest = versions
    assert f"history/{newest.pk}/diff/" in history.content.decode()

    diff = office.get(f"/admin/handbook/document/{document.pk}/history/{newest.pk}/diff/")
    assert diff.status_code == 200
    html = diff.content.decode()
    assert "<del>Elternbeteiligung stärken</del>" in html
    assert "<ins>Elternbeteiligung wirksam stärken</ins>" in html
    assert "Eltern entscheiden mit.</del>" in html and "Eltern gestalten mit.</ins>" in html
    assert "Mit einem Elterncafé." in html  # the changed answer of the question
    assert "koordination@thekiz.example" in html

    # Restore: the old version opens as a form; saving it brings it back.
    revision = office.get(f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/")
    assert revision.status_code == 200
    data = form_data_from(revision)
    assert data["title"] == "Elternbeteiligung stärken"
    document.refresh_from_db()
    assert document.title == "Elternbeteiligung wirksam stärken"  # looking changes nothing
    response = office.post(f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/", data)
    assert response.status_code == 302, errors(response)
    document.refresh_from_db()
    assert document.title == "Elternbeteiligung stärken"
    assert document.faq_entries.get().answer == "Klein."
    restored, *_ = Version.objects.get_for_object(document)
    assert len(Version.objects.get_for_object(document)) == 3
    assert restored.revision.get_comment().startswith("Zu vorheriger Version zurückgesetzt")
    # The search knows the restored text.
    client = Client()  # an anonymous visitor
    hits = client.get("/handbuch/suche/", {"q": "entscheiden"}).context["page_obj"].object_list
    assert [hit.document for hit in hits] == [document]
    assert not client.get("/handbuch/suche/", {"q": "Elterncafé"}).context["page_obj"].object_list


def test_the_diff_of_another_documents_version_is_not_shown(office):
    first, second = DocumentFactory(), DocumentFactory()
    change(office, first, summary="Neu.")
    version = Version.objects.get_for_object(first).first()
    response = office.get(f"/admin/handbook/document/{second.pk}/history/{version.pk}/diff/")
    assert response.status_code == 404


def test_the_preview_is_linked_from_the_admin(office):
    document = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    html = office.get("/admin/handbook/document/").content.decode()
    assert f"/handbuch/vorschau/{document.pk}/" in html


def test_a_section_cannot_take_the_path_of_a_handbook_page(office):
    response = office.post(
        "/admin/handbook/section/add/", {"title": "Suche", "slug": "suche", "position": "50"}
    )
    assert response.status_code == 200
    assert "ist bereits eine Seite des Handbuchs" in response.content.decode()
    assert not Section.objects.filter(slug="suche").exists()


def test_center_staff_cannot_open_the_handbook_admin(client):
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="coordinator"))
    with_totp(user)
    client.force_login(user)
    assert client.get("/admin/handbook/document/").status_code == 403


def test_faq_entries_keep_their_anchors_unique(office):
    response = office.post(
        ADD,
        document_data(
            kind="faq",
            **management("faq_entries", total=2),
            **{
                "faq_entries-0-question": "A?",
                "faq_entries-0-answer": "a",
                "faq_entries-0-anchor": "gleich",
                "faq_entries-1-question": "B?",
                "faq_entries-1-answer": "b",
                "faq_entries-1-anchor": "gleich",
            },
        ),
    )
    assert response.status_code == 200
    assert not FaqEntry.objects.exists()


def test_a_document_with_a_download_opens_for_editing_and_in_its_history(office):
    document = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    upload = SimpleUploadedFile("kurz.pdf", pdf_bytes(), "application/pdf")
    response = office.post(
        f"/admin/handbook/document/{document.pk}/change/", upload_data(document, upload)
    )
    assert response.status_code == 302, errors(response)
    attachment = document.attachments.get()

    page = office.get(f"/admin/handbook/document/{document.pk}/change/")
    assert page.status_code == 200
    # The current file is linked through the download view, never by a storage path.
    assert attachment.get_absolute_url() in page.content.decode()
    assert "/media/handbook/" not in page.content.decode()
    version = Version.objects.get_for_object(document).first()
    assert (
        office.get(f"/admin/handbook/document/{document.pk}/history/{version.pk}/").status_code
        == 200
    )
    # The office may fetch the download of a draft to check it.
    assert office.get(attachment.get_absolute_url()).status_code == 200

    # Saving again without choosing a new file keeps the stored one.
    data = form_data_from(page)
    data["summary"] = "Neu."
    response = office.post(f"/admin/handbook/document/{document.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    attachment.refresh_from_db()
    assert attachment.file.name and attachment.pages == 1


def test_publishing_together_and_restoring_one_never_touches_the_other(office):
    first = DocumentFactory(title="Erstes", status=Document.Status.DRAFT, publish_date=None)
    second = DocumentFactory(title="Zweites", status=Document.Status.DRAFT, publish_date=None)
    office.post(
        "/admin/handbook/document/",
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    office.post(
        "/admin/handbook/document/", {"action": "unpublish", "_selected_action": [second.pk]}
    )
    # Each document has revisions of its own.
    published = Version.objects.get_for_object(first).get()
    assert list(published.revision.version_set.values_list("object_id", flat=True)) == [
        str(first.pk)
    ]
    page = office.get(f"/admin/handbook/document/{first.pk}/history/{published.pk}/")
    response = office.post(
        f"/admin/handbook/document/{first.pk}/history/{published.pk}/", form_data_from(page)
    )
    assert response.status_code == 302, errors(response)
    second.refresh_from_db()
    assert second.status == Document.Status.DRAFT
    diff = office.get(f"/admin/handbook/document/{first.pk}/history/{published.pk}/diff/")
    assert "Zweites" not in diff.content.decode()


def test_restoring_an_old_text_keeps_the_current_publication_and_download_count(office):
    document = DocumentFactory(title="Alt", body="Alter Text")
    page = office.get(f"/admin/handbook/document/{document.pk}/change/")
    data = form_data_from(page)
    data.update(
        {
            **management("attachments", total=1),
            "attachments-0-title": "Kurzfassung",
            "attachments-0-file": SimpleUploadedFile("k.pdf", pdf_bytes(), "application/pdf"),
            "attachments-0-position": "1",
        }
    )
    assert office.post(f"/admin/handbook/document/{document.pk}/change/", data).status_code == 302
    attachment = document.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(downloads=7)
    change(office, document, body="Neuer Text")
    office.post(
        "/admin/handbook/document/", {"action": "unpublish", "_selected_action": [document.pk]}
    )

    oldest = Version.objects.get_for_object(document).last()
    page = office.get(f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/")
    data = form_data_from(page)
    assert data["body"] == "Alter Text"
    assert data["status"] == "draft"  # as it is now, not as it was then
    response = office.post(f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/", data)
    assert response.status_code == 302, errors(response)
    document.refresh_from_db()
    assert (document.body, document.status) == ("Alter Text", Document.Status.DRAFT)
    attachment.refresh_from_db()
    assert attachment.downloads == 7


def test_editing_positions_in_the_list_leaves_one_revision_per_document(office):
    first, second = DocumentFactory(position=1), DocumentFactory(position=2)
    post_positions(office, {first: 20, second: 10})
    for document in (first, second):
        version = Version.objects.get_for_object(document).get()
        assert version.revision.version_set.count() == 1
        assert version.revision.get_comment() == "Reihenfolge im Bereich geändert"


def test_renaming_a_person_updates_the_search(office):
    from handbook.models import Person

    person = Person.objects.create(name="Sabine Rother")
    document = DocumentFactory(title="Gespräch", interviewee=person, kind="interview")
    from handbook.services import document_index

    document_index(document)
    response = office.post(
        f"/admin/handbook/person/{person.pk}/change/",
        {"name": "Sabine Weidner", "role": "", "organisation": ""},
    )
    assert response.status_code == 302
    hits = Client().get("/handbuch/suche/", {"q": "Weidner"}).context["page_obj"].object_list
    assert [hit.document for hit in hits] == [document]


def test_a_question_cannot_take_an_anchor_of_the_page(office):
    response = office.post(
        ADD,
        document_data(
            kind="faq",
            **management("faq_entries", total=1),
            **{
                "faq_entries-0-question": "Wie zitiere ich?",
                "faq_entries-0-answer": "So.",
                "faq_entries-0-anchor": "zitieren",
                "faq_entries-0-position": "1",
            },
        ),
    )
    assert "verwendet die Seite selbst" in errors(response)


def test_the_change_form_links_the_current_cover_through_the_cover_view(office):
    from django.core.files.base import ContentFile

    document = DocumentFactory(cover_alt="Ein Bild", status=Document.Status.DRAFT)
    document.cover_image.save("abc123.png", ContentFile(_png()))
    response = office.get(f"/admin/handbook/document/{document.pk}/change/")
    assert response.status_code == 200
    assert f'href="{document.cover_url}"' in response.content.decode()
    assert office.get(document.cover_url).status_code == 200  # the office may see drafts


def test_saving_and_restoring_in_the_admin_store_the_text_as_the_page_shows_it(office):
    document = DocumentFactory(body="## Alt")
    change(office, document, body="## Neu")
    document.refresh_from_db()
    assert document.body_html == '<h2 id="neu">Neu</h2>'
    oldest = Version.objects.get_for_object(document).last()
    change(office, document, body="## Neuer")
    page = office.get(f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/")
    office.post(
        f"/admin/handbook/document/{document.pk}/history/{oldest.pk}/", form_data_from(page)
    )
    document.refresh_from_db()
    assert (document.body, document.body_html) == ("## Neu", '<h2 id="neu">Neu</h2>')
