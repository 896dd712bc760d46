"""Pieces the staff forms share: date and time inputs, the empty choice, a kept image."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from common.held_images import HeldImage, image_held, image_hold, image_release
from common.images import image_reencode
from network.models import Language

# The empty first choice of a list, instead of Django's "---------".
PLEASE_CHOOSE = _("– please choose –")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


class HeldImageMixin:
    """A form with an image (field ``image``) that comes back with errors offers the chosen
    image again (common.held_images): the page carries its token in
    ``image_held`` and uses it unless another file is chosen or ``image_held_drop`` is
    ticked. The view calls ``image_keep()`` before showing errors and ``image_done()``
    after saving."""

    owner: int | None = None
    held: HeldImage | None = None

    def held_image(self) -> ContentFile | None:
        """The image kept from an earlier try, if the form names one and may use it."""
        if self.owner is None or self.data.get("image_held_drop"):
            return None
        held = image_held(self.data.get("image_held", ""), owner=self.owner)
        content = held.content() if held else None
        if content is not None:
            self.held = held
        return content

    def image_keep(self) -> None:
        """Keep a newly chosen image that passed its check, for the next try."""
        upload = self.files.get("image")
        value = getattr(self, "cleaned_data", {}).get("image")
        if self.owner is None or self.held is not None or not upload or value is None:
            return
        if not isinstance(value, ContentFile):
            try:
                value = image_reencode(value)
            except ValidationError as error:
                self.add_error("image", error)
                return
        self.held = image_hold(value, owner=self.owner, label=upload.name)

    def image_done(self) -> None:
        if self.held is not None:
            image_release(self.held)


class TranslationLanguageForm(forms.Form):
    """Which language to translate into (the content languages curated in the admin)."""

    sprache = forms.ModelChoiceField(
        queryset=Language.objects.for_content(),
        to_field_name="code",
        label=_("Language of the translation"),
        empty_label=PLEASE_CHOOSE,
        error_messages={"invalid_choice": _("Please choose one of the languages in the list.")},
    )


class TranslationFormMixin:
    """A translation's fields, written in its language and direction (``lang``/``dir`` on
    the inputs, so that the browser's spelling check and the screen reader follow)."""

    def __init__(self, *args, language: Language, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language.code, "dir": language.direction})

    def values(self) -> dict[str, str]:
        """The cleaned fields by the original's field names ("title", not "translated_…")."""
        return {
            name.removeprefix("translated_"): value for name, value in self.cleaned_data.items()
        }
