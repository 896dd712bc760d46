"""Writes to the handbook: the search index of a document, publishing, ordering, restoring
an old version, attachments.

Every change of a document through these functions is a django-reversion revision (who,
when, a comment), the same history the admin shows, diffs and restores from. The rule of
that history: one revision holds one document with its parts (``document_revision``), so
restoring one document never touches another.
"""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, TextField, Value
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from common.markdown import markdown_document, markdown_to_html
from common.text import slugify_de
from handbook.attachments import attachment_check
from handbook.models import Attachment, Document, FaqEntry

SEARCH_CONFIG = "german"
# Ids the document page uses itself (base.html, handbook/document_detail.html): headings
# and questions get other anchors. tests/handbook/test_views.py keeps this list complete.
PAGE_IDS = frozenset(
    {
        "main",
        "toc-heading",
        "method-heading",
        "downloads-heading",
        "zitieren",
        "cite-heading",
        "citation",
        "share-url",
        "related-heading",
    }
)


def _plain_text(markdown_text: str) -> str:
    rendered = markdown_document(markdown_text).html
    text = html.unescape(strip_tags(rendered.replace("</", "\n</")))
    return re.sub(r"\s+", " ", text).strip()


# Control characters (search.py marks hits with two of them) never reach the index.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def document_search_text(document: Document) -> str:
    """Everything a reader may search besides title and summary, as plain text."""
    parts = [_plain_text(document.body)]
    for entry in document.faq_entries.all():
        parts += [entry.question, _plain_text(entry.answer)]
    method = getattr(document, "method", None)
    if method is not None:
        parts += [method.goal, method.materials, method.steps]
    if document.interviewee is not None:
        parts += [document.interviewee.name, document.interviewee.role]
    parts += [person.name for person in document.authors.all()]
    return CONTROL.sub("", "\n".join(part for part in parts if part))


def document_index(document: Document) -> None:
    """Rebuild the document's search text and, on PostgreSQL, its weighted search vector
    (title A, summary B, the rest C: a title match ranks first)."""
    search_text = document_search_text(document)
    documents = Document.objects.filter(pk=document.pk)
    if connection.vendor == "postgresql":
        documents.update(
            search_text=search_text,
            search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            # The new text, not the column: an UPDATE's expressions read the old row.
            + SearchVector(
                Value(search_text, output_field=TextField()), weight="C", config=SEARCH_CONFIG
            ),
        )
    else:
        documents.update(search_text=search_text)
    document.search_text = search_text


def document_html(body: str, faq_entries: list[FaqEntry]) -> tuple[SafeString, list[dict]]:
    """The text as the document page shows it, with anchored headings, and the page's
    table of contents: the text's headings, then the questions."""
    rendered = markdown_document(
        body, reserved_ids=PAGE_IDS | {entry.anchor for entry in faq_entries}
    )
    toc = [asdict(entry) for entry in rendered.toc]
    toc += [{"id": entry.anchor, "name": entry.question, "children": []} for entry in faq_entries]
    return rendered.html, toc


def short_html(text: str) -> SafeString:
    """An answer, or the preface on the start page: below a heading of the page."""
    return markdown_to_html(text, top_heading=3)


def document_render(document: Document) -> None:
    """Store the document's text and its answers as the pages show them, rendered from
    Markdown and cleaned by nh3 (``common.markdown``), with the table of contents. Runs
    after every save of a document or its questions (``document_refresh``)."""
    entries = list(document.faq_entries.all())
    for entry in entries:
        entry.answer_html = short_html(entry.answer)
    FaqEntry.objects.bulk_update(entries, ["answer_html"])
    document.body_html, document.toc = document_html(document.body, entries)
    document.preface_html = short_html(document.body) if document.is_preface else ""
    Document.objects.filter(pk=document.pk).update(
        body_html=document.body_html, toc=document.toc, preface_html=document.preface_html
    )


def document_refresh(document: Document) -> None:
    """Rebuild what is derived from a document and its parts once they are saved: the
    text as the pages show it and the search index."""
    document_render(document)
    document_index(document)


def faq_anchor(question: str, taken: set[str]) -> str:
    """A readable, unique anchor for a question: "wer-traegt-die-kosten"."""
    base = slugify_de(question)[:70].strip("-") or "frage"
    anchor, number = base, 2
    while anchor in taken or anchor in PAGE_IDS:
        anchor, number = f"{base}-{number}", number + 1
    return anchor


@contextmanager
def document_revision(*, by: AbstractBaseUser | None, comment: str = "") -> Iterator[None]:
    """The revision of one document's save (atomic): the document with its parts, by
    ``by``. Every write to a document runs in one of its own, so that restoring it never
    touches another document; the admin's change form saves a document with its inlines
    in one (``DocumentAdmin.create_revision``). A block inside another joins it."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(by)
        if comment:
            reversion.set_comment(comment)
        yield


def _set_status(
    documents: list[Document], *, status: str, by: AbstractBaseUser | None, comment: str
) -> int:
    changed = 0
    for document in documents:
        if document.status == status:
            continue
        with document_revision(by=by, comment=comment):
            document.status = status
            if status == Document.Status.PUBLISHED and document.publish_date is None:
                document.publish_date = timezone.now()
            document.save(update_fields=["status", "publish_date", "updated_at"])
        changed += 1
    return changed


def documents_publish(documents: list[Document], *, by: AbstractBaseUser | None) -> int:
    """Publish the documents (from today unless a publication date is set); returns how
    many changed."""
    return _set_status(documents, status=Document.Status.PUBLISHED, by=by, comment=_("Published"))


def documents_unpublish(documents: list[Document], *, by: AbstractBaseUser | None) -> int:
    """Take the documents back to draft; their pages, search hits and downloads disappear."""
    return _set_status(
        documents, status=Document.Status.DRAFT, by=by, comment=_("Unpublished (back to draft)")
    )


def document_position_set(
    document: Document, *, position: int, by: AbstractBaseUser | None
) -> None:
    """Move the document within its section (small positions first)."""
    with document_revision(by=by, comment=_("Order in the section changed")):
        document.position = position
        document.save(update_fields=["position", "updated_at"])


# Restoring an old version restores its text and parts, not its publication.
KEPT_ON_RESTORE = ("status", "visibility", "publish_date")


def restored_comment(version: Version) -> str:
    """The comment of a restore's revision (django-reversion's own words)."""
    return _("Reverted to previous version, saved on %(datetime)s") % {
        "datetime": localize(template_localtime(version.revision.date_created))
    }


def document_restore(*, version: Version, by: AbstractBaseUser | None) -> Document:
    """Bring the document of ``version`` back as that save left it: its text, its
    fields and its parts (questions, method facts, downloads; parts added since are
    deleted). Its publication (status, visibility, publication date) stays as it is now,
    and so do the download counters, which are not part of a version. One revision.

    Raises ``ValidationError`` for a version saved together with other documents (before
    the one-revision-per-document rule): restoring it would restore them too.
    """
    if (
        version.revision.version_set.filter(content_type=version.content_type)
        .exclude(object_id=version.object_id)
        .exists()
    ):
        raise ValidationError(
            _(
                "This version was saved together with other documents "
                "and cannot be restored on its own."
            )
        )
    with document_revision(by=by, comment=restored_comment(version)):
        current = Document.objects.select_for_update().get(pk=version.object_id)
        downloads = dict(current.attachments.values_list("pk", "downloads"))
        version.revision.revert(delete=True)
        document = Document.objects.get(pk=current.pk)
        for name in KEPT_ON_RESTORE:
            setattr(document, name, getattr(current, name))
        document.save()  # also the revision's record of the document
        for pk, count in downloads.items():
            Attachment.objects.filter(pk=pk).update(downloads=count)
        document_refresh(document)
    return document


def attachment_prepare(attachment: Attachment, upload: UploadedFile) -> None:
    """Check the upload by its content and store what it really is on the attachment.
    Raises ``ValidationError`` (in German) and changes nothing when the file is refused."""
    checked = attachment_check(upload)
    attachment.content_type = checked.kind.content_type
    attachment.size = checked.size
    attachment.pages = checked.pages
    upload.seek(0)
    stem = slugify_de(attachment.title)[:80].strip("-") or "anhang"
    upload.name = f"{stem}.{checked.kind.extension}"
    attachment.file = upload


def attachment_downloaded(attachment: Attachment) -> None:
    """Count a download: one number, nothing about who or when."""
    Attachment.objects.filter(pk=attachment.pk).update(downloads=F("downloads") + 1)
