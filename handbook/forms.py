"""The coordination office's forms for documents and their parts (used by the admin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.images import image_reencode
from handbook.models import Attachment, Document, FaqEntry
from handbook.services import PAGE_IDS, attachment_prepare, faq_anchor


class _CurrentCover:
    """The current cover as the file input shows it: its name, linked through the view
    that serves it (private files have no URL of their own)."""

    def __init__(self, document: Document) -> None:
        self.url = document.cover_url
        self.name = document.cover_filename

    def __str__(self) -> str:
        return self.name


class CoverImageInput(forms.ClearableFileInput):
    def is_initial(self, value) -> bool:
        return bool(value) and isinstance(getattr(value, "instance", None), Document)

    def format_value(self, value):
        return _CurrentCover(value.instance) if self.is_initial(value) else None


class DocumentAdminForm(forms.ModelForm):
    # A plain file field: the image is judged by image_reencode, in German, not by
    # Django's ImageField first.
    cover_image = forms.FileField(label=_("cover image"), required=False, widget=CoverImageInput)

    class Meta:
        model = Document
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets decide what is shown)

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and "cover_image" in self.changed_data:
            return image_reencode(image)
        return image

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Document.Kind.INTERVIEW and not cleaned.get("interviewee"):
            self.add_error("interviewee", _("An interview needs the person interviewed."))
        if kind != Document.Kind.INTERVIEW and cleaned.get("perspective"):
            self.add_error("perspective", _("Only interviews have a perspective."))
        if cleaned.get("status") == Document.Status.PUBLISHED and not cleaned.get("publish_date"):
            # Published without a date: from now on (as the "publish" action does).
            cleaned["publish_date"] = timezone.now()
        return cleaned


class FaqEntryForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "anchor", "position"]

    def clean_anchor(self) -> str:
        anchor = self.cleaned_data.get("anchor", "")
        if anchor in PAGE_IDS:
            raise ValidationError(
                _("“%(anchor)s” is taken by the page itself; please choose another anchor."),
                code="reserved",
                params={"anchor": anchor},
            )
        return anchor


class FaqEntryFormSet(forms.BaseInlineFormSet):
    """Fills empty anchors from the questions and keeps all anchors of a document apart."""

    def clean(self) -> None:
        # Before the formset's own uniqueness check, which would take two empty anchors
        # for a duplicate.
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        taken = {form.cleaned_data["anchor"] for form in kept if form.cleaned_data.get("anchor")}
        for form in kept:
            if not form.cleaned_data.get("anchor") and form.cleaned_data.get("question"):
                anchor = faq_anchor(form.cleaned_data["question"], taken)
                form.cleaned_data["anchor"] = form.instance.anchor = anchor
                taken.add(anchor)
        super().clean()


class AttachmentForm(forms.ModelForm):
    """A download, checked by its content (handbook.attachments) before it is stored."""

    class Meta:
        model = Attachment
        fields = ["title", "file", "position"]

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and "file" in self.changed_data and cleaned.get("title"):
            self.instance.title = cleaned["title"]
            try:
                attachment_prepare(self.instance, upload)
            except ValidationError as error:
                self.add_error("file", error)
            else:
                cleaned["file"] = self.instance.file
        return cleaned
