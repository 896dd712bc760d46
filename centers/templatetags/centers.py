"""Template tags of the centres."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from centers import rendering

register = template.Library()


@register.simple_tag(takes_context=True)
def center_items(context, centers, inline: bool = False) -> SafeString:
    """A card per centre as ``<li>`` (``centers.rendering.center_items``), with the
    distance when the page searched near a ``location``."""
    return rendering.center_items(
        centers,
        location=context.get("location"),
        language_code=get_language() or "de",
        inline=inline,
    )
