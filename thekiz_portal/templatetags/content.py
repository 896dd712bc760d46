"""Content in the family's content language, marked with the language it is in.

``{% content offer "title" %}`` writes the title in the chosen content language if it is
translated, else the German original; wrapped in ``<span lang=… dir=…>`` whenever its
language is not the page's, so a screen reader switches voice. ``{% content offer
"description" as text %}`` gives the text for blocks: ``<div{{ text|lang_attrs }}>``.
"""

from django import template
from django.utils.safestring import SafeString

from common import translations
from common.translations import Text
from network.languages import content_language, content_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def content(context, obj, field: str):
    """The field as a ``Text`` (with ``as``) or as marked-up inline text."""
    request = context.get("request")
    language = content_language(request) if request is not None else None
    return obj.text_in(field, language)


@register.simple_tag(takes_context=True)
def content_inline(context, obj, field: str) -> SafeString:
    """The field as inline text, marked with its language when that is not the page's."""
    return marked(content(context, obj, field))


@register.filter
def lang_attrs(text: Text) -> SafeString:
    """` lang="ar" dir="rtl"` when the text's language is not the page's, else ""."""
    return translations.lang_attrs(text)


@register.filter
def marked(text: Text) -> SafeString:
    """The text, in a ``<span>`` with its language when that is not the page's."""
    return translations.marked(text)


@register.inclusion_tag("includes/_content_language.html", takes_context=True)
def content_language_chooser(context):
    request = context["request"]
    chosen = content_language(request)
    return {
        "languages": content_languages(),
        "chosen": chosen.code if chosen else "de",
        "next": request.get_full_path(),
    }
