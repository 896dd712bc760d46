"""Template helpers shared by every page."""

from urllib.parse import urlencode

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, override

register = template.Library()

_WIDGET_CLASS = {
    "select": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
    "checkboxselectmultiple": "kern-form-check__checkbox",
}


@register.filter
def kern_widget(field: BoundField) -> SafeString:
    """Render a form field's widget with KERN's classes (and its error modifier)."""
    base = _WIDGET_CLASS.get(field.widget_type, "kern-form-input__input")
    classes = [base, f"{base}--error"] if field.errors else [base]
    return field.as_widget(attrs={"class": " ".join(classes)})


@register.simple_tag(takes_context=True)
def language_url_absolute(context: template.Context, language: str) -> str:
    """``language_url`` with scheme and host (``https://host/en/…``), as search engines
    want the ``hreflang`` alternates."""
    return context["request"].build_absolute_uri(language_url(context, language))


@register.simple_tag(takes_context=True)
def language_url(context: template.Context, language: str) -> str:
    """The current page (with its query string) in another interface language.

    Built from the resolved view, never from the requested address: a path such as
    ``//evil.example/`` would otherwise become a link to another host. A page that
    resolves to no view (a 404) links to the home page in that language.
    """
    request: HttpRequest | None = context.get("request")
    try:
        match = resolve(request.path_info) if request is not None else None
    except Resolver404:
        match = None
    with override(language):
        if match is None:
            return reverse("pages:home")
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return reverse("pages:home")
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def language_switch_url(context: template.Context, language: str) -> str:
    """The language switch's link: it stores the choice (which then wins over the
    browser's Accept-Language) and goes on to the current page in that language."""
    with override(language):
        switch = reverse("pages:interface_language")
    return f"{switch}?{urlencode({'sprache': language, 'next': language_url(context, language)})}"


@register.filter
def km(distance: float | None) -> str:
    """A distance for people: "unter 1 km", "3,2 km", "27 km" (German decimal comma)."""
    if distance is None:
        return ""
    if distance < 1:
        # Coordinates are often the centre of a postcode area: metres would be false precision.
        return gettext("less than 1 km")
    if distance < 10:
        return f"{number_format(round(distance, 1), 1)} km"
    return f"{round(distance):.0f} km"


@register.simple_tag
def tel_link(number: str) -> SafeString:
    """A phone number as a tap-to-call link."""
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    if digits.startswith("0"):
        digits = "+49" + digits[1:]
    return format_html('<a class="kern-link" href="tel:{}">{}</a>', digits, number)


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, href: str) -> str:
    """aria-current for a main navigation link: "page" on the page itself, "true" on a page
    below it (a path that starts with the link's, whichever app serves it: a centre's
    programme comes from offers but belongs to the centres)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    if request.path == href:
        return mark_safe(' aria-current="page"')
    if getattr(request, "resolver_match", None) and request.path.startswith(href):
        return mark_safe(' aria-current="true"')
    return ""
