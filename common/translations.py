"""Content in further languages, stored with django-parler.

The German original stays in the model's own columns (search, sorting and the change
history work on it); each further language is one row of the model's translations
(``translations``), keyed by its language code. Which languages staff can choose is data
(``network.Language.content_language``), so the code field here has no fixed choices.

Lists load the translations with ``prefetch_related("translations")``: one query per list,
whatever its length. Parler's own cache is off (``PARLER_ENABLE_CACHING``).
"""

from dataclasses import dataclass

from django.db import migrations, models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModelMixin, TranslatedFieldsModel, TranslationDoesNotExist

# The original's language: content without a translation is shown in it.
ORIGINAL = "de"


class ContentTranslation(TranslatedFieldsModel):
    """One language of an object's content (abstract: each model names its fields)."""

    language_code = models.CharField(_("language"), max_length=15, db_index=True)

    class Meta:
        abstract = True
        default_permissions = ()


@dataclass(frozen=True)
class Text:
    """A piece of content with the language it is in: the template marks it with
    ``lang`` (and ``dir``) whenever it differs from the page's language."""

    value: str
    lang: str
    direction: str = "ltr"

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


def page_language() -> str:
    return (get_language() or ORIGINAL).split("-")[0]


def lang_attrs(text: Text) -> SafeString:
    """` lang="ar" dir="rtl"` when the text's language is not the page's, else ""."""
    if not isinstance(text, Text) or text.lang == page_language():
        return mark_safe("")
    return format_html(' lang="{}" dir="{}"', text.lang, text.direction)


def marked(text: Text) -> SafeString:
    """The text, in a ``<span>`` with its language when that is not the page's."""
    attrs = lang_attrs(text)
    if not attrs:
        return format_html("{}", text)
    return format_html("<span{}>{}</span>", attrs, text)


def translation(obj, language_code: str):
    """The object's translation into ``language_code``, or None (uses prefetched rows)."""
    if not language_code or language_code == ORIGINAL or obj.pk is None:
        return None
    try:
        return obj.get_translation(language_code)
    except TranslationDoesNotExist:
        return None


def text_in(obj, field: str, translated_field: str, language) -> Text:
    """``field`` of ``obj`` in ``language`` (a ``network.Language`` or None) if translated
    and not empty, otherwise the German original."""
    if language is not None:
        row = translation(obj, language.code)
        value = getattr(row, translated_field, "") if row is not None else ""
        if value:
            return Text(value, language.code, language.direction)
    return Text(getattr(obj, field), ORIGINAL)


def prefetch_translations(objects, language, through: str = "") -> None:
    """Load the translations into ``language`` of ``objects`` (or of the objects at
    ``through``, e.g. "offer__" for dates) in one query. Nothing for German."""
    if language is None:
        return
    objects = list(objects)  # a page's queryset keeps the rows it read: no second query
    if not objects:
        return
    first = objects[0]
    for part in filter(None, through.split("__")):
        first = getattr(first, part)
    model = first._parler_meta.root_model
    rows = model.objects.filter(language_code=language.code)
    prefetch_related_objects(objects, Prefetch(f"{through}translations", queryset=rows))


class MakeTranslatable(migrations.operations.base.Operation):
    """Migration state only: the model becomes translatable (parler's mixin among its
    bases), as its translations model needs in the historical models. No SQL."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, name: str) -> None:
        self.name = name

    def state_forwards(self, app_label, state) -> None:
        model = state.models[app_label, self.name.lower()]
        if TranslatableModelMixin not in model.bases:
            model.bases = (TranslatableModelMixin, *model.bases)
        state.reload_model(app_label, self.name.lower(), delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass

    def describe(self) -> str:
        return f"Make {self.name} translatable"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.name], {}


def translation_save(obj, language_code: str, values: dict[str, str]) -> dict[str, list]:
    """Create or change ``obj``'s translation into ``language_code`` (``values`` by the
    original's field names: "title" for "translated_title"); the changed fields as
    {name: [old, new]}. Locks the row; the caller runs in a transaction."""
    model = obj._parler_meta.root_model
    row = model.objects.select_for_update().filter(
        master=obj, language_code=language_code
    ).first() or model(master=obj, language_code=language_code)
    changes = {}
    for name, value in values.items():
        old = getattr(row, f"translated_{name}")
        if old != value:
            changes[name] = [old, value]
        setattr(row, f"translated_{name}", value)
    row.full_clean(exclude=["master"])
    row.save()
    return changes


def translation_delete(obj, language_code: str) -> dict[str, list]:
    """Remove ``obj``'s translation into ``language_code``; what it held, as changes."""
    model = obj._parler_meta.root_model
    row = model.objects.filter(master=obj, language_code=language_code).first()
    if row is None:
        return {}
    fields = [f.name for f in model._meta.concrete_fields if f.name.startswith("translated_")]
    changes = {
        name.removeprefix("translated_"): [getattr(row, name), ""]
        for name in fields
        if getattr(row, name)
    }
    row.delete()
    return changes
