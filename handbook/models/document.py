"""A document of the handbook: article, method, interview, guide or questions and answers."""

import reversion
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from common.second_factor import has_second_factor
from common.storage import PrivateStorage

from .catalogue import DevelopmentField, Person, Readership, Section


class SearchVectorOrTextField(SearchVectorField):
    """A ``tsvector`` column on PostgreSQL (German full-text search); on SQLite, which
    searches differently (handbook.search), an unused text column."""

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SanitisedHTMLField(models.TextField):
    """HTML rendered from Markdown and cleaned by nh3's allow-list before it is stored
    (``handbook.services.document_render``), so templates show it as it is."""

    def from_db_value(self, value: str | None, expression, connection) -> SafeString | None:
        return None if value is None else mark_safe(value)  # sanitised before it was stored


class DocumentQuerySet(models.QuerySet):
    def published(self) -> "DocumentQuerySet":
        """Published and due: a publication date in the future holds a document back."""
        return self.filter(status=Document.Status.PUBLISHED, publish_date__lte=timezone.now())

    def visible_to(self, user) -> "DocumentQuerySet":
        """Published documents this person may read: network-only ones after sign-in with
        the second factor (a password alone shows what everyone sees)."""
        documents = self.published()
        if not has_second_factor(user):
            documents = documents.filter(visibility=Document.Visibility.PUBLIC)
        return documents


# Choices that the model's constraints name: at module level, as its Meta cannot see
# names inside the model class.
class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


@reversion.register(
    # The search columns and the rendered text are derived from the rest and rebuilt on
    # every save.
    exclude=("search_text", "search_vector", "body_html", "toc", "preface_html"),
    follow=("method", "faq_entries", "attachments"),
)
class Document(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("interview")
        ARTICLE = "article", _("article")
        METHOD = "method", _("method")
        GUIDE = "guide", _("guide")
        FAQ = "faq", _("questions and answers")

    Status = DocumentStatus

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("signed-in network members only")

    class Perspective(models.TextChoices):
        POLITICS = "politics", _("politics")
        ADMINISTRATION = "administration", _("administration")
        PRACTICE = "practice", _("ThEKiZ practice")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("section"),
        help_text=_("Every document belongs to a section, except the preface."),
    )
    is_preface = models.BooleanField(
        _("preface"),
        default=False,
        help_text=_("Shown on the handbook's start page instead of in a section."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("Two or three sentences for lists and search.")
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown. ## headings become the table of contents."),
    )
    readerships = models.ManyToManyField(
        Readership, related_name="documents", blank=True, verbose_name=_("for")
    )
    development_fields = models.ManyToManyField(
        DevelopmentField,
        related_name="documents",
        blank=True,
        verbose_name=_("development fields"),
    )
    authors = models.ManyToManyField(
        Person, related_name="documents", blank=True, verbose_name=_("authors")
    )
    interviewee = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("interviewee"),
    )
    perspective = models.CharField(
        _("perspective of the interviewee"),
        max_length=20,
        choices=Perspective.choices,
        blank=True,
    )
    edition = models.CharField(_("edition"), max_length=80, default="Handbuch 2.0")
    published_month = models.DateField(
        _("month of publication"),
        null=True,
        blank=True,
        help_text=_("Only month and year are shown."),
    )
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="handbook/covers/",
        # Served by a view that checks the reader (handbook.views.cover_image), like the
        # downloads: a draft's or a network-only document's cover is not public.
        storage=PrivateStorage(),
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_height = models.PositiveIntegerField(editable=False, null=True)
    cover_alt = models.CharField(_("alternative text of the cover"), max_length=250, blank=True)
    related = models.ManyToManyField(
        "self", symmetrical=True, blank=True, verbose_name=_("related documents")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_date = models.DateTimeField(_("published on"), null=True, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Order within the section (small first).")
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Summary, text, questions and answers as plain text (handbook.search)."),
    )
    search_vector = SearchVectorOrTextField(null=True, editable=False)
    # The text as the pages show it, rendered when the document or its questions are saved
    # (handbook.services.document_render): the pages render no Markdown.
    body_html = SanitisedHTMLField(_("text as HTML"), blank=True, editable=False)
    toc = models.JSONField(
        _("table of contents"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The text's headings, then the questions."),
    )
    preface_html = SanitisedHTMLField(
        _("preface as HTML"),
        blank=True,
        editable=False,
        help_text=_("Only for the preface: its text as the start page shows it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["section__position", "position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_preface=True, section__isnull=True)
                | models.Q(is_preface=False, section__isnull=False),
                name="handbook_document_section_unless_preface",
                violation_error_message=_("Please choose a section (only the preface has none)."),
            ),
            models.UniqueConstraint(
                fields=["is_preface"],
                condition=models.Q(is_preface=True),
                name="handbook_document_one_preface",
                violation_error_message=_("The handbook has one preface already."),
            ),
            models.CheckConstraint(
                condition=models.Q(cover_image="") | ~models.Q(cover_alt=""),
                name="handbook_document_cover_has_alt_text",
                violation_error_message=_("Please describe the cover image."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DocumentStatus.PUBLISHED)
                | models.Q(publish_date__isnull=False),
                name="handbook_document_published_has_date",
                violation_error_message=_("A published document needs its publication date."),
            ),
        ]
        indexes = [
            # Section pages: a section's published documents in their order.
            models.Index(fields=["section", "status", "position"], name="handbook_doc_section"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.is_preface:
            return reverse("handbook:index") + "#vorwort"
        return reverse(
            "handbook:document", kwargs={"section": self.section.slug, "slug": self.slug}
        )

    @property
    def cover_filename(self) -> str:
        return self.cover_image.name.rpartition("/")[2]

    @property
    def cover_url(self) -> str:
        """Address of the cover image (with its random file name: a new image, a new URL)."""
        return reverse("handbook:cover", kwargs={"pk": self.pk, "filename": self.cover_filename})

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_date is not None
            and self.publish_date <= timezone.now()
        )

    @property
    def members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    def readable_by(self, user) -> bool:
        """May this person read the document (see DocumentQuerySet.visible_to)?"""
        if not self.is_published:
            return False
        return self.visibility == self.Visibility.PUBLIC or has_second_factor(user)
