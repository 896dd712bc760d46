"""The coordination office curates the handbook here: documents with their parts, a
preview of drafts, publishing, and a revision history with diff and restore
(django-reversion; docs/architecture.md says why)."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from common.admin import NamedListEditableMixin
from handbook.diff import previous_version, revision_changes
from handbook.forms import AttachmentForm, DocumentAdminForm, FaqEntryForm, FaqEntryFormSet
from handbook.models import (
    Attachment,
    DevelopmentField,
    Document,
    FaqEntry,
    MethodFacts,
    Person,
    Readership,
    Section,
)
from handbook.services import (
    document_index,
    document_position_set,
    document_refresh,
    document_restore,
    document_revision,
    documents_publish,
    documents_unpublish,
    restored_comment,
)


class _RolledBack(Exception):
    """Leaves the transaction of a version that was only looked at, with its page."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


@admin.register(Section)
class SectionAdmin(NamedListEditableMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "position", "document_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, section: Section) -> int:
        return section.document_count


@admin.register(DevelopmentField)
class DevelopmentFieldAdmin(NamedListEditableMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Readership)
class ReadershipAdmin(NamedListEditableMixin, admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_de"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "organisation"]

    def save_model(self, request: HttpRequest, obj: Person, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Names of authors and interviewees are part of their documents' search text.
        for document in Document.objects.filter(Q(authors=obj) | Q(interviewee=obj)).distinct():
            document_index(document)


class MethodFactsInline(admin.StackedInline):
    model = MethodFacts
    extra = 0
    max_num = 1
    verbose_name_plural = _("method facts (for methods only)")


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    form = FaqEntryForm
    formset = FaqEntryFormSet
    extra = 0
    fields = ["question", "answer", ("anchor", "position")]


class AttachmentInline(admin.TabularInline):
    """Downloads live in private storage without a URL: the current file is linked through
    the download view, and the file field is a plain upload (no "currently: …" link)."""

    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["title", "file", "position", "current_file", "kind_shown", "size_shown", "downloads"]
    readonly_fields = ["current_file", "kind_shown", "size_shown", "downloads"]
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("current file"))
    def current_file(self, attachment: Attachment) -> str:
        if not attachment.pk or not attachment.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', attachment.get_absolute_url(), attachment.download_name
        )

    @admin.display(description=_("type"))
    def kind_shown(self, attachment: Attachment) -> str:
        return attachment.kind_label if attachment.pk else "–"

    @admin.display(description=_("size"))
    def size_shown(self, attachment: Attachment) -> str:
        return filesizeformat(attachment.size) if attachment.pk else "–"


@admin.register(Document)
class DocumentAdmin(NamedListEditableMixin, VersionAdmin):
    form = DocumentAdminForm
    inlines = [MethodFactsInline, FaqEntryInline, AttachmentInline]
    list_display = [
        "title",
        "section",
        "kind",
        "status",
        "visibility",
        "position",
        "publish_date",
        "updated_at",
        "preview_link",
    ]
    list_display_links = ["title"]
    list_editable = ["position"]
    list_filter = ["section", "kind", "status", "visibility", "development_fields", "readerships"]
    list_select_related = ["section"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["readerships", "development_fields", "authors", "related"]
    autocomplete_fields = ["interviewee"]
    ordering = ["section__position", "position", "title"]
    actions = ["publish", "unpublish"]
    object_history_template = "admin/handbook/document/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", ("section", "kind"), "summary", "body"]}),
        (
            _("Classification"),
            {"fields": ["readerships", "development_fields", "related"]},
        ),
        (
            _("People"),
            {"fields": ["authors", ("interviewee", "perspective")]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    ("status", "publish_date"),
                    ("visibility", "position"),
                    ("edition", "published_month"),
                    "is_preface",
                ]
            },
        ),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"], "classes": ["collapse"]}),
    ]

    def view_on_site(self, document: Document) -> str:
        """ "View on site" opens the preview: drafts too, exactly as the public will see them."""
        return reverse("handbook:preview", kwargs={"pk": document.pk})

    @admin.display(description=_("preview"))
    def preview_link(self, document: Document) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("handbook:preview", kwargs={"pk": document.pk}),
            _("preview"),
        )

    # Revisions: one per document (handbook.services.document_revision).
    def create_revision(self, request: HttpRequest):
        """VersionAdmin's revision around the change form: the document with its inlines."""
        return document_revision(by=request.user)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        """Not VersionAdmin's, which gathers all a list request saves into one revision:
        here each document saves in its own (publishing, unpublishing, positions)."""
        context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})

    def save_model(self, request: HttpRequest, obj: Document, form, change: bool) -> None:
        if reversion.is_active():  # the change form's revision
            super().save_model(request, obj, form, change)
        else:  # a position edited in the list
            document_position_set(obj, position=obj.position, by=request.user)

    def revision_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ):
        """An old version in the change form. ``document_restore`` brings it back, and
        saving the form keeps it, with what was changed in the form, as one revision;
        only looking at it changes nothing (the restore is rolled back)."""
        version = get_object_or_404(
            Version.objects.get_for_model(Document), pk=version_id, object_id=unquote(object_id)
        )
        if self.get_object(request, object_id) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            "title": _("Revert %(name)s") % {"name": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        try:
            with self.create_revision(request):
                document_restore(version=version, by=request.user)
                response = self.changeform_view(request, object_id, request.path, context)
                if request.method == "POST" and response.status_code == 302:
                    reversion.set_comment(restored_comment(version))  # not the form's
                    return response
                response.template_name = "reversion/revision_form.html"
                response.render()
                raise _RolledBack(response)
        except _RolledBack as shown:
            return shown.response
        except ValidationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect("admin:handbook_document_history", object_id)
        except (RevertError, models.ProtectedError) as error:  # as VersionAdmin does
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:handbook_document_changelist")

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Questions, answers and method facts are saved by now: render and index them.
        document_refresh(form.instance)

    @admin.action(description=_("Publish selected documents"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = documents_publish(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d document published.", "%(count)d documents published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected documents"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = documents_unpublish(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d document taken back to draft.",
                "%(count)d documents taken back to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/history/<int:version_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name="handbook_document_diff",
            ),
            *super().get_urls(),
        ]

    def diff_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        """What one save changed, compared with the save before it."""
        document = self.get_object(request, object_id)
        if document is None or not self.has_view_or_change_permission(request, document):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(document).select_related("revision__user"),
            pk=version_id,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "title": _("Changes to “%(title)s”") % {"title": document.title},
            "version": version,
            "previous": previous_version(version),
            "changes": revision_changes(version),
            "restore_url": reverse(
                "admin:handbook_document_revision", args=[document.pk, version.pk]
            ),
            "history_url": reverse("admin:handbook_document_history", args=[document.pk]),
        }
        return TemplateResponse(request, "admin/handbook/document/diff.html", context)
