"""The handbook's public pages, its search, downloads and the coordination office's preview."""

import logging

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from common.pagination import paginate
from common.second_factor import has_second_factor, second_factor_required
from handbook.filters import HandbookFilterSet
from handbook.models import Attachment, Document, DocumentQuerySet, FaqEntry, Section
from handbook.search import Hit, documents_search
from handbook.services import attachment_downloaded

logger = logging.getLogger(__name__)

PREVIEW_PERMISSION = "handbook.view_document"


def _listed() -> DocumentQuerySet:
    """Published documents as lists show them (network-only ones with a lock)."""
    return Document.objects.published().filter(is_preface=False).select_related("section")


def _may_preview(request: HttpRequest) -> bool:
    """The coordination office, signed in with its second factor (like in the admin)."""
    user = request.user
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(PREVIEW_PERMISSION)
        and has_second_factor(user)
    )


@require_safe
def handbook_index(request: HttpRequest) -> HttpResponse:
    sections = Section.objects.prefetch_related(
        Prefetch(
            "documents",
            queryset=_listed().order_by("position", "title"),
            to_attr="listed_documents",
        )
    )
    preface = (
        Document.objects.visible_to(request.user)
        .filter(is_preface=True)
        .prefetch_related("authors")
        .first()
    )
    return render(
        request,
        "handbook/index.html",
        {
            "sections": sections,
            "preface": preface,
            "filterset": HandbookFilterSet(queryset=Document.objects.none()),
            "network_reader": has_second_factor(request.user),
        },
    )


@require_safe
def section_detail(request: HttpRequest, section: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=section)
    documents = _listed().filter(section=section).order_by("position", "title")
    return render(
        request,
        "handbook/section_detail.html",
        {
            "section": section,
            "documents": documents,
            "network_reader": has_second_factor(request.user),
        },
    )


def _document_page(request: HttpRequest, document: Document, *, preview: bool) -> HttpResponse:
    """The text, its table of contents and the answers as they were rendered when the
    document was saved (handbook.services.document_render)."""
    related = (
        document.related.published()
        .filter(is_preface=False)
        .select_related("section")
        .order_by("section__position", "position", "title")
    )
    response = render(
        request,
        "handbook/document_detail.html",
        {
            "document": document,
            "faq_entries": document.faq_entries.all(),
            "method": getattr(document, "method", None),
            "attachments": document.attachments.all(),
            "related": related,
            "preview": preview,
            "network_reader": has_second_factor(request.user),
            "today": timezone.localdate(),
            "share_url": request.build_absolute_uri(document.get_absolute_url()),
            "citation_year": (
                document.published_month or document.publish_date or timezone.now()
            ).year,
        },
    )
    _keep_private(response, document, preview=preview)
    return response


def _keep_private(response: HttpResponse, document: Document, *, preview: bool) -> None:
    """No shared cache keeps a network-only document; nobody's cache keeps a preview."""
    if preview or not document.is_published:
        patch_cache_control(response, private=True, no_store=True)
    elif document.members_only:
        patch_cache_control(response, private=True)


def _document_queryset(documents: DocumentQuerySet) -> DocumentQuerySet:
    return documents.select_related("section", "method", "interviewee").prefetch_related(
        "authors",
        "readerships",
        "development_fields",
        Prefetch("faq_entries", queryset=FaqEntry.objects.order_by("position", "pk")),
        "attachments",
    )


@require_safe
def document_detail(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    """A document the reader may see; drafts and (for anonymous visitors) network-only
    documents are a 404, exactly like a slug that never existed. Someone signed in with
    a password alone is sent to set up the second factor for a network-only one."""
    document = (
        _document_queryset(Document.objects.visible_to(request.user))
        .filter(slug=slug, is_preface=False)
        .first()
    )
    if document is None:
        if (
            request.user.is_authenticated
            and Document.objects.published()
            .filter(slug=slug, is_preface=False, visibility=Document.Visibility.MEMBERS)
            .exists()
        ):
            return second_factor_required(request)
        raise Http404
    if document.section.slug != section:
        # Moved to another section: the old address keeps working.
        return redirect(document, permanent=True)
    return _document_page(request, document, preview=False)


@require_safe
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any document, draft or not, as the public would see it, for the coordination office."""
    if not _may_preview(request):
        raise Http404
    document = get_object_or_404(_document_queryset(Document.objects.all()), pk=pk)
    return _document_page(request, document, preview=True)


@require_safe
def handbook_search(request: HttpRequest) -> HttpResponse:
    filterset = HandbookFilterSet(
        request.GET or None,
        queryset=Document.objects.visible_to(request.user)
        .filter(is_preface=False)
        .select_related("section"),
    )
    documents = filterset.qs
    query = filterset.query
    if query:
        page = paginate(request, documents_search(documents, query))
    else:
        page = paginate(request, documents.order_by("section__position", "position", "title"))
        page.object_list = [Hit(document, "") for document in page.object_list]
    return render(
        request,
        "handbook/search.html",
        {
            "form": filterset.form,
            "query": query,
            "page_obj": page,
            "network_reader": has_second_factor(request.user),
        },
    )


@require_safe
def attachment_download(request: HttpRequest, pk: int, filename: str) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    if not (attachment.document.readable_by(request.user) or _may_preview(request)):
        raise Http404
    if filename != attachment.download_name:
        return redirect(attachment, permanent=True)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Handbook attachment %s is missing its file %s", pk, attachment.file.name)
        raise Http404 from None
    if request.method == "GET":
        attachment_downloaded(attachment)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    _keep_private(response, attachment.document, preview=False)
    return response


# A public document's cover may be kept by browsers and shared caches for a day (its
# address changes with every new image).
COVER_MAX_AGE = 24 * 60 * 60


@require_safe
def cover_image(request: HttpRequest, pk: int, filename: str) -> HttpResponse:
    """A document's cover image for those who may read the document (or preview it)."""
    document = get_object_or_404(Document.objects.exclude(cover_image=""), pk=pk)
    preview = not document.readable_by(request.user)
    if (preview and not _may_preview(request)) or filename != document.cover_filename:
        raise Http404
    try:
        handle = document.cover_image.open("rb")
    except FileNotFoundError:
        logger.error("Handbook document %s is missing its cover %s", pk, document.cover_image.name)
        raise Http404 from None
    response = FileResponse(handle)
    if document.is_published and not document.members_only:
        patch_cache_control(response, public=True, max_age=COVER_MAX_AGE)
    else:
        _keep_private(response, document, preview=preview)
    return response
