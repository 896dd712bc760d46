"""The parts of a document: method facts, questions with answers, attachments."""

import uuid

import reversion
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.storage import PrivateStorage
from common.text import slugify_de
from handbook.attachments import KINDS_BY_TYPE

from .document import Document, SanitisedHTMLField


@reversion.register()
class MethodFacts(models.Model):
    """The practical facts of a method: goal, duration, group size, materials, steps."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="method", verbose_name=_("document")
    )
    goal = models.CharField(_("goal"), max_length=300)
    duration = models.CharField(_("duration"), max_length=100, help_text=_("e.g. '90 minutes'"))
    group_size = models.CharField(
        _("group size"), max_length=100, help_text=_("e.g. '6 to 12 people'")
    )
    materials = models.TextField(_("materials"), blank=True, help_text=_("One per line."))
    steps = models.TextField(_("steps"), help_text=_("One step per line, in order."))

    class Meta:
        verbose_name = _("method facts")
        verbose_name_plural = _("method facts")

    def __str__(self) -> str:
        return f"{self.document} – {self.goal}"

    @property
    def material_list(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.materials.splitlines() if line.strip()]

    @property
    def step_list(self) -> list[str]:
        return [
            line.strip("-•0123456789. ").strip() for line in self.steps.splitlines() if line.strip()
        ]


@reversion.register(exclude=("answer_html",))  # rendered from the answer on every save
class FaqEntry(models.Model):
    """One question with its answer; each has its own anchor on the page."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="faq_entries", verbose_name=_("document")
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    answer_html = SanitisedHTMLField(_("answer as HTML"), blank=True, editable=False)
    anchor = models.SlugField(
        _("anchor"),
        max_length=80,
        blank=True,
        help_text=_(
            "The #part of the link to this question. Left empty, it is made from the question."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["document", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "anchor"],
                name="handbook_faq_unique_anchor",
                violation_error_message=_("Each question needs its own anchor."),
            ),
        ]

    def __str__(self) -> str:
        return self.question


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # A fresh folder per file: the name stays readable, the path cannot be guessed.
    return f"handbook/{uuid.uuid4().hex}/{filename}"


@reversion.register(exclude=("downloads",))  # the counter is not part of a version
class Attachment(models.Model):
    """A download (PDF, office document, image) with a count of downloads, no personal data."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=_attachment_path,
        storage=PrivateStorage(),
        max_length=200,
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("handbook:download", kwargs={"pk": self.pk, "filename": self.download_name})

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""

    @property
    def download_name(self) -> str:
        """The name the reader's computer saves it under: "thekiz-handbuch-<title>.pdf"."""
        return f"thekiz-handbuch-{slugify_de(self.title)[:80]}.{self.extension}"

    @property
    def kind_label(self) -> str:
        """ "PDF", "Word", … (from the inspected type, see handbook.attachments)."""
        kind = KINDS_BY_TYPE.get(self.content_type)
        return kind.label if kind else self.extension.upper()
