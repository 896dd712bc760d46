"""The handbook's public pages, downloads and preview."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from handbook.models import Attachment, Document, FaqEntry, MethodFacts
from handbook.services import document_refresh
from tests.factories import DocumentFactory, PersonFactory, UserFactory, pdf_bytes, section

pytestmark = pytest.mark.django_db


def attach(document: Document, title: str = "Kurzfassung", data: bytes | None = None) -> Attachment:
    attachment = Attachment(
        document=document,
        title=title,
        content_type="application/pdf",
        size=len(data or pdf_bytes()),
        pages=1,
    )
    attachment.file.save("kurzfassung.pdf", ContentFile(data or pdf_bytes()), save=True)
    return attachment


def test_the_start_page_lists_the_four_sections_in_order_with_the_preface(client):
    preface = DocumentFactory(
        title="Vorwort", slug="vorwort", section=None, is_preface=True, body="Liebe Leserinnen"
    )
    preface.authors.add(PersonFactory(name="Team der Fachstelle"))
    DocumentFactory(title="Mehrwert für Kommunen")
    response = client.get("/handbuch/")
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 class="kern-heading-medium" id="section-([\w-]+)"', html)
    assert headings == [
        "interviews",
        "mehrwerte",
        "entwicklungsfelder-und-methoden",
        "fragen-und-antworten",
    ]
    assert "Mehrwert für Kommunen" in html
    assert 'id="vorwort"' in html and "Liebe Leserinnen" in html
    assert "Team der Fachstelle" in html


def test_network_only_documents_are_listed_with_a_lock_but_not_readable_anonymously(
    client, network_member
):
    document = DocumentFactory(
        title="Fördermittel beantragen",
        summary="Geheime Zusammenfassung",
        body="Interner Text",
        visibility=Document.Visibility.MEMBERS,
    )
    html = client.get("/handbuch/mehrwerte/").content.decode()
    assert "Fördermittel beantragen" in html
    assert "lock-icon" in html
    assert "Geheime Zusammenfassung" not in html
    assert f"/konto/login/?next={document.get_absolute_url()}" in html
    assert client.get(document.get_absolute_url()).status_code == 404

    client.force_login(network_member)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "Interner Text" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_password_alone_shows_network_only_content_as_to_anyone(client):
    """Signed in without the second factor: lists show the lock, search finds nothing of
    it, downloads are a 404, and opening the document leads to the two-factor set-up."""
    document = attach(
        DocumentFactory(
            title="Fördermittel beantragen",
            summary="Geheime Zusammenfassung",
            body="Interner Text über Zuwendungsbescheide",
            visibility=Document.Visibility.MEMBERS,
        )
    ).document
    DocumentFactory(title="Öffentlich", body="Zuwendungsbescheide für alle")
    client.force_login(UserFactory())  # a password, no authenticator app

    html = client.get("/handbuch/mehrwerte/").content.decode()
    assert "Fördermittel beantragen" in html and "lock-icon" in html
    assert "Geheime Zusammenfassung" not in html
    assert f"/konto/2fa/totp/activate/?next={document.get_absolute_url()}" in html
    assert f'href="{document.get_absolute_url()}"' not in html  # no link to it itself

    for query in ({"q": "Zuwendungsbescheide"}, {}):
        response = client.get("/handbuch/suche/", query)
        hits = [hit.document.title for hit in response.context["page_obj"].object_list]
        assert hits == ["Öffentlich"], query
        assert "Interner Text" not in response.content.decode()
    response = client.get("/handbuch/suche/", {"q": "Fördermittel"})
    assert "Geheime Zusammenfassung" not in response.content.decode()
    assert "/konto/2fa/totp/activate/?next=" in response.content.decode()

    assert client.get(document.attachments.get().get_absolute_url()).status_code == 404
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == (
        f"/konto/2fa/totp/activate/?next={document.get_absolute_url().replace('/', '%2F')}"
    )
    # The e-mail settings (where password-reset links go) need the second factor too.
    response = client.get("/konto/email/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Document.Status.DRAFT, "publish_date": None},
        {"status": Document.Status.REVIEW, "publish_date": None},
        {"publish_date": timezone.now() + datetime.timedelta(days=2)},
    ],
    ids=["draft", "in-review", "scheduled"],
)
def test_unpublished_documents_are_a_404_everywhere(client, network_member, changes):
    hidden = DocumentFactory(title="Unfertig", body="Noch nicht fertig", **changes)
    shown = DocumentFactory(title="Fertig")
    shown.related.add(hidden)
    client.force_login(network_member)  # not even network members see it
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for path in [
        "/handbuch/",
        "/handbuch/mehrwerte/",
        shown.get_absolute_url(),
        "/handbuch/suche/",
    ]:
        assert "Unfertig" not in client.get(path).content.decode(), path
    assert "Unfertig" not in client.get("/handbuch/suche/?q=fertig").content.decode()
    assert hidden.get_absolute_url() not in client.get("/sitemap-handbook.xml").content.decode()


def test_the_sitemap_lists_public_published_documents_only(client):
    public = DocumentFactory(title="Öffentlich")
    members = DocumentFactory(title="Intern", visibility=Document.Visibility.MEMBERS)
    xml = client.get("/sitemap-handbook.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert members.get_absolute_url() not in xml
    assert "/handbuch/interviews/" in client.get("/sitemap-handbook-sections.xml").text


def test_an_unknown_slug_is_a_404_and_a_moved_document_redirects(client):
    document = DocumentFactory(title="Umgezogen")
    assert client.get("/handbuch/mehrwerte/gibt-es-nicht/").status_code == 404
    assert client.get("/handbuch/atlantis/").status_code == 404
    response = client.get(f"/handbuch/interviews/{document.slug}/")
    assert response.status_code == 301
    assert response["Location"] == document.get_absolute_url()


def test_the_document_page_has_a_table_of_contents_that_matches_its_headings(client):
    document = DocumentFactory(
        title="Mehrwert",
        body="# Erster Teil\n\nText\n\n## Unterpunkt\n\nMehr\n\n# Übergänge gestalten\n\nEnde",
    )
    html = client.get(document.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    targets = re.findall(r'href="#([\w-]+)"', toc)
    assert targets == ["erster-teil", "unterpunkt", "uebergaenge-gestalten"]
    for target in targets:
        assert f'id="{target}"' in html
    # The text's own headings start below the page title.
    assert '<h2 id="erster-teil">' in html and '<h3 id="unterpunkt">' in html


def test_a_method_shows_its_facts(client):
    method = DocumentFactory(title="Netzwerkkarte", kind=Document.Kind.METHOD)
    MethodFacts.objects.create(
        document=method,
        goal="Kooperationen sichtbar machen",
        duration="90 Minuten",
        group_size="3 bis 8",
        materials="Packpapier\nStifte",
        steps="1. Zentrum malen\n2. Partner ergänzen",
    )
    html = client.get(method.get_absolute_url()).content.decode()
    assert "Die Methode auf einen Blick" in html
    assert "90 Minuten" in html and "3 bis 8" in html
    assert re.search(
        r"<li>Packpapier</li>\s*<li>Stifte</li>", html.replace("</li><li>", "</li>\n<li>")
    )
    assert "<li>Zentrum malen</li>" in html  # numbering comes from the list, not the text


def test_an_interview_names_the_interviewee_and_perspective(client):
    person = PersonFactory(name="Sabine Rother", role="Jugendhilfeplanerin")
    interview = DocumentFactory(
        title="Gespräch",
        kind=Document.Kind.INTERVIEW,
        section=section("interviews"),
        interviewee=person,
        perspective=Document.Perspective.ADMINISTRATION,
    )
    html = client.get(interview.get_absolute_url()).content.decode()
    assert "Im Gespräch mit" in html
    assert "Sabine Rother" in html and "Jugendhilfeplanerin" in html
    assert "Verwaltung" in html


def test_every_faq_question_has_its_own_linkable_anchor(client):
    faq = DocumentFactory(
        title="Fragen", kind=Document.Kind.FAQ, section=section("fragen-und-antworten"), body=""
    )
    FaqEntry.objects.create(
        document=faq,
        question="Wer zahlt?",
        answer="Der **Landkreis**.",
        anchor="wer-zahlt",
        position=2,
    )
    FaqEntry.objects.create(
        document=faq, question="Seit wann?", answer="Seit 2015.", anchor="seit-wann", position=1
    )
    document_refresh(faq)  # as saving the questions in the admin does
    html = client.get(faq.get_absolute_url()).content.decode()
    assert html.index('id="seit-wann"') < html.index('id="wer-zahlt"')
    assert '<h2 class="kern-heading-medium" id="wer-zahlt">Wer zahlt?</h2>' in html
    assert 'href="#wer-zahlt"' in html  # in the contents and as the question's own link
    assert "<strong>Landkreis</strong>" in html


def test_related_documents_show_only_published_ones_and_lock_network_only_ones(client):
    document = DocumentFactory(title="Start")
    document.related.add(
        DocumentFactory(title="Verwandt öffentlich"),
        DocumentFactory(title="Verwandt intern", visibility=Document.Visibility.MEMBERS),
        DocumentFactory(title="Verwandt Entwurf", status=Document.Status.DRAFT, publish_date=None),
    )
    html = client.get(document.get_absolute_url()).content.decode()
    related = re.search(r'id="related-heading".*?</section>', html, re.S).group(0)
    assert "Verwandt öffentlich" in related
    assert "Verwandt intern" in related and "/konto/login/?next=" in related
    assert "Verwandt Entwurf" not in related


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>Text",
        "[Klick](javascript:alert(1))",
        '<a href="javascript:alert(1)">Klick</a>',
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://example.org'></iframe>",
        '[Klick](JaVaScRiPt:alert(1) "t")',
    ],
)
def test_markdown_never_lets_scripts_or_javascript_links_through(client, body):
    document = DocumentFactory(title="Sicher", body=body)
    faq = DocumentFactory(title="FAQ", kind=Document.Kind.FAQ, body="")
    FaqEntry.objects.create(document=faq, question="Frage?", answer=body, anchor="frage")
    document_refresh(faq)
    for path in (document.get_absolute_url(), faq.get_absolute_url()):
        html = client.get(path).content.decode().lower()
        main = html[html.index("<main") : html.index("</main>")]
        assert "<script" not in main
        assert "javascript:" not in main
        assert "onerror" not in main
        assert "<iframe" not in main


@pytest.mark.parametrize(
    "body",
    [
        ">" * 3000 + " tief verschachtelt",
        "<div><p>nicht geschlossen",
        "| a | b |\n|---|\n| 1 | 2 | 3 |",
        "[Link ohne Ende](",
        "#" * 50 + " Überschrift",
        "\x02\x03\x1b Steuerzeichen",
    ],
    ids=["deep-nesting", "unclosed-html", "broken-table", "broken-link", "many-hashes", "control"],
)
def test_a_broken_markdown_body_still_gives_a_page(client, body):
    document = DocumentFactory(title="Kaputt", body=body)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get("/handbuch/suche/", {"q": "Kaputt"}).status_code == 200


def test_the_document_page_needs_the_same_queries_however_many_parts_it_has(client):
    def build(parts: int) -> Document:
        document = DocumentFactory()
        for number in range(parts):
            FaqEntry.objects.create(
                document=document, question=f"F{number}?", answer="A", anchor=f"f{number}"
            )
            document.related.add(DocumentFactory())
            document.authors.add(PersonFactory())
            attach(document, title=f"Anhang {number}")
        document_refresh(document)
        return document

    small, large = build(1), build(6)
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(large.get_absolute_url())
    assert len(many) == len(few)
    assert len(few) <= 10


def test_the_start_page_needs_the_same_queries_however_many_documents(client):
    DocumentFactory()
    with CaptureQueriesContext(connection) as few:
        client.get("/handbuch/")
    for _ in range(10):
        DocumentFactory(section=section("interviews"))
    with CaptureQueriesContext(connection) as many:
        client.get("/handbuch/")
    assert len(many) == len(few)


def test_a_download_has_a_proper_name_and_type_and_counts_without_personal_data(client):
    document = DocumentFactory(title="Mehrwert")
    attachment = attach(document, title="Mehrwert für Kommunen")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="thekiz-handbuch-mehrwert-fuer-kommunen.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    attachment.refresh_from_db()
    assert attachment.downloads == 1
    client.head(attachment.get_absolute_url())
    attachment.refresh_from_db()
    assert attachment.downloads == 1  # a HEAD request is no download

    html = client.get(document.get_absolute_url()).content.decode()
    assert "PDF, " in html and "1 Seite" in html
    assert attachment.get_absolute_url() in html


def test_downloads_of_hidden_documents_are_a_404(client, network_member):
    members = attach(DocumentFactory(visibility=Document.Visibility.MEMBERS))
    draft = attach(DocumentFactory(status=Document.Status.DRAFT, publish_date=None))
    assert client.get(members.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(network_member)
    assert client.get(members.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_downloads_live_outside_the_media_folder(settings):
    attachment = attach(DocumentFactory())
    path = attachment.file.path
    assert path.startswith(str(settings.THEKIZ_PRIVATE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 (no public address exists)


def test_a_wrong_file_name_redirects_and_a_missing_file_is_a_404(client):
    attachment = attach(DocumentFactory())
    response = client.get(f"/handbuch/download/{attachment.pk}/anders.pdf")
    assert response.status_code == 301
    assert response["Location"] == attachment.get_absolute_url()
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get("/handbuch/download/999999/x.pdf").status_code == 404


def test_the_preview_shows_drafts_to_the_coordination_office_only(client, coordination_user):
    draft = DocumentFactory(
        title="Entwurf", body="Noch geheim", status=Document.Status.DRAFT, publish_date=None
    )
    path = f"/handbuch/vorschau/{draft.pk}/"
    assert client.get(path).status_code == 404
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(coordination_user)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noch geheim" in html and "Vorschau" in html
    assert 'content="noindex, nofollow"' in html
    assert "no-store" in response["Cache-Control"]


def test_the_pages_work_in_english(client):
    document = DocumentFactory(title="Mehrwert", kind=Document.Kind.METHOD)
    path = document.get_absolute_url()
    html = client.get("/en/handbuch/").content.decode()
    assert "ThEKiZ Handbook 2.0" in html
    response = client.get("/en" + path)
    assert response.status_code == 200, response
    html = response.content.decode()
    assert "Cite or share" in html
    assert '<h1 class="kern-heading-x-large" lang="de">Mehrwert</h1>' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_pages_only_answer_reading_requests(client, method):
    document = DocumentFactory()
    for path in ("/handbuch/", "/handbuch/suche/", document.get_absolute_url()):
        assert getattr(client, method)(path).status_code == 405


def test_network_only_pages_are_private_and_previews_are_not_stored(
    client, coordination_user, network_member
):
    members = DocumentFactory(visibility=Document.Visibility.MEMBERS)
    client.force_login(network_member)
    cache_control = client.get(members.get_absolute_url())["Cache-Control"]
    # Like every page a signed-in person sees (PrivatePagesNoStoreMiddleware).
    assert "private" in cache_control and "no-store" in cache_control
    assert "=False" not in cache_control
    draft = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    attachment = attach(draft)
    client.force_login(coordination_user)
    for path in (f"/handbuch/vorschau/{draft.pk}/", attachment.get_absolute_url()):
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path


def test_the_preview_and_draft_downloads_need_the_second_factor(client):
    from django.contrib.auth.models import Group

    office = UserFactory(is_staff=True)
    office.groups.add(Group.objects.get(name="coordination"))
    draft = DocumentFactory(status=Document.Status.DRAFT, publish_date=None)
    attachment = attach(draft)
    client.force_login(office)  # no authenticator app yet
    response = client.get(f"/handbuch/vorschau/{draft.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_headings_never_take_an_id_of_the_page(client):
    from handbook.services import PAGE_IDS

    faq = DocumentFactory(
        kind=Document.Kind.FAQ,
        body='## Zitieren\n\nText\n\n<h2 id="share-url">Roh</h2>\n\n## Frage eins',
    )
    FaqEntry.objects.create(document=faq, question="Frage eins?", answer="A", anchor="frage-eins")
    document_refresh(faq)
    faq.related.add(DocumentFactory())
    attach(faq)
    method = MethodFacts(document=faq, goal="Z", duration="1", group_size="2", steps="S")
    method.save()
    html = client.get(faq.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every id once"
    assert 'id="zitieren_1"' in html and 'href="#zitieren_1"' in html
    assert 'id="frage-eins_1"' in html  # the body heading yields to the question
    # Every id the page sets itself is in PAGE_IDS, so that headings can avoid it.
    own = {i for i in ids if i not in {"zitieren_1", "frage-eins", "frage-eins_1"}}
    assert own <= PAGE_IDS, own - PAGE_IDS


def with_cover(document: Document) -> Document:
    import io
    import uuid

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    document.cover_alt = "Eine Kita von außen"
    document.cover_image.save(f"{uuid.uuid4().hex}.png", ContentFile(buffer.getvalue()))
    # As the admin stores them (FieldFile.save alone leaves them empty).
    Document.objects.filter(pk=document.pk).update(cover_width=40, cover_height=30)
    return document


def test_a_public_documents_cover_is_served_by_the_portal_with_cache_headers(client, settings):
    document = with_cover(DocumentFactory())
    assert document.cover_image.path.startswith(str(settings.THEKIZ_PRIVATE_ROOT))
    html = client.get(document.get_absolute_url()).content.decode()
    assert f'<img src="{document.cover_url}"' in html
    response = client.get(document.cover_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    assert client.head(document.cover_url).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Document.Status.DRAFT, "publish_date": None},
        {"status": Document.Status.REVIEW, "publish_date": None},
        {"publish_date": timezone.now() + datetime.timedelta(days=2)},
        {"visibility": Document.Visibility.MEMBERS},
    ],
    ids=["draft", "in-review", "scheduled", "network-only"],
)
def test_the_cover_of_a_hidden_document_is_not_reachable_anonymously(client, changes):
    document = with_cover(DocumentFactory(**changes))
    # Not where the media folder would serve it …
    assert client.get(f"/media/{document.cover_image.name}").status_code == 404
    # … and not through the portal either.
    assert client.get(document.cover_url).status_code == 404


def test_a_network_only_cover_is_private_and_a_previewed_one_is_not_stored(
    client, coordination_user
):
    from tests.conftest import with_totp

    members = with_cover(DocumentFactory(visibility=Document.Visibility.MEMBERS))
    draft = with_cover(DocumentFactory(status=Document.Status.DRAFT, publish_date=None))
    member = UserFactory()
    with_totp(member)
    client.force_login(member)
    response = client.get(members.cover_url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert client.get(draft.cover_url).status_code == 404
    client.force_login(coordination_user)
    response = client.get(draft.cover_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_cover_name_or_a_missing_cover_file_is_a_404(client):
    document = with_cover(DocumentFactory())
    assert client.get(f"/handbuch/titelbild/{document.pk}/anders.png").status_code == 404
    assert client.get(f"/handbuch/titelbild/{DocumentFactory().pk}/x.png").status_code == 404
    document.cover_image.storage.delete(document.cover_image.name)
    assert client.get(document.cover_url).status_code == 404


def test_the_migration_moves_existing_covers_out_of_the_media_folder(settings):
    import importlib

    from django.core.files.storage import default_storage

    from common.storage import PrivateStorage

    migration = importlib.import_module("handbook.migrations.0004_cover_image_private")
    default_storage.save("handbook/covers/alt.png", ContentFile(b"\x89PNG alt"))
    PrivateStorage().save("handbook/covers/halb.png", ContentFile(b"\x89PNG halb"))
    default_storage.save("handbook/covers/halb.png", ContentFile(b"\x89PNG halb"))
    migration.covers_to_private(None, None)
    migration.covers_to_private(None, None)  # a second run changes nothing
    assert default_storage.listdir("handbook/covers") == ([], [])
    private = PrivateStorage()
    assert sorted(private.listdir("handbook/covers")[1]) == ["alt.png", "halb.png"]
    with private.open("handbook/covers/alt.png") as moved:
        assert moved.read() == b"\x89PNG alt"
    migration.covers_to_public(None, None)
    assert default_storage.exists("handbook/covers/alt.png")


def test_the_pages_show_the_stored_text_and_render_no_markdown(client, monkeypatch):
    import markdown

    DocumentFactory(section=None, is_preface=True, slug="vorwort", body="Liebe **Leser**")
    faq = DocumentFactory(kind=Document.Kind.FAQ, body="## Überblick\n\nText")
    FaqEntry.objects.create(document=faq, question="Wer?", answer="**Alle**.", anchor="wer")
    document_refresh(faq)

    def no_rendering(*args, **kwargs):
        raise AssertionError("a page rendered Markdown")

    monkeypatch.setattr(markdown.Markdown, "convert", no_rendering)
    index = client.get("/handbuch/").content.decode()
    assert "<p>Liebe <strong>Leser</strong></p>" in index
    page = client.get(faq.get_absolute_url()).content.decode()
    assert '<h2 id="ueberblick">Überblick</h2>' in page
    assert 'href="#ueberblick"' in page and 'href="#wer"' in page  # the contents
    assert "<p><strong>Alle</strong>.</p>" in page
