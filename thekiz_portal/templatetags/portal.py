"""Template helpers shared by every page."""

from urllib.parse import urlencode

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from common.data_version import kept_fragment, kept_per_version
from common.forms import SearchForm
from common.pagination import page_links, search_key
from network.geo import km_words

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


def _field_errors(field: BoundField, errors) -> str:
    if not errors:
        return ""
    return (
        f'<p class="kern-error" id="{escape(field.auto_id)}_error">'
        '<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'
        f'<span class="kern-body">{" ".join(conditional_escape(e) for e in errors)}</span></p>'
    )


@register.simple_tag
def kern_field_errors(field: BoundField) -> SafeString:
    """A field's errors in KERN markup (id ``<auto_id>_error``), or nothing."""
    return mark_safe(_field_errors(field, field.errors))


def _help_text(field: BoundField) -> str:
    if not field.help_text:
        return ""
    return (
        f'<div class="kern-hint" id="{escape(field.auto_id)}_helptext">'
        f"{conditional_escape(field.help_text)}</div>"
    )


# Fields whose markup is kept per data version (kern_field): lists of choices.
_KEPT_KINDS = ("select", "radioselect", "checkboxselectmultiple")


@register.simple_tag
def kern_field(field: BoundField, horizontal: bool = False) -> SafeString:
    """One form field in KERN markup: label, hint, errors and widget (a checkbox beside
    its label; radio buttons and checkbox lists in a fieldset with a legend, side by side
    when ``horizontal``). Written in Python, as every form on the site uses it.

    A public search form's list of choices without an error is the same markup for the
    same value, language and data (districts, Sozialräume, languages, categories): built
    once per data version and value (``common.data_version.kept_per_version``). Never a
    form whose choices depend on who asks (a filtered queryset, any other form)."""
    if not _kept_markup(field):
        return _kern_field(field, horizontal)
    form = type(field.form)
    value = field.value()
    key = (
        "kern_field",
        f"{form.__module__}.{form.__qualname__}",
        field.name,
        type(field.field).__qualname__,
        field.auto_id,
        get_language(),
        tuple(map(str, value)) if isinstance(value, list | tuple) else str(value),
        horizontal,
    )
    return kept_per_version(key, lambda: _kern_field(field, horizontal))


def _kept_markup(field: BoundField) -> bool:
    if not isinstance(field.form, SearchForm) or field.widget_type not in _KEPT_KINDS:
        return False
    queryset = getattr(field.field, "queryset", None)
    return (queryset is None or not queryset.query.where) and not field.errors


def _kern_field(field: BoundField, horizontal: bool) -> SafeString:
    errors = field.errors
    kind = field.widget_type
    label = conditional_escape(field.label)
    if kind == "checkbox":
        return mark_safe(
            f'<div class="kern-form-check{" kern-form-check--error" if errors else ""}">'
            f"{kern_widget(field)}"
            f'<label class="kern-label" for="{escape(field.id_for_label)}">{label}</label>'
            f"{_help_text(field)}{_field_errors(field, errors)}</div>"
        )
    if kind in ("radioselect", "checkboxselectmultiple"):
        described = " ".join(
            [f"{field.auto_id}_helptext"] * bool(field.help_text)
            + [f"{field.auto_id}_error"] * bool(errors)
        )
        options = "".join(
            f'<div class="kern-form-check">{option.tag()}<label class="kern-label" '
            f'for="{escape(option.id_for_label)}">{conditional_escape(option.choice_label)}'
            "</label></div>"
            for option in field
        )
        return mark_safe(
            f'<fieldset class="kern-fieldset{" kern-fieldset--error" if errors else ""}"'
            + (f' aria-describedby="{escape(described)}"' if described else "")
            + f'><legend class="kern-label">{label}</legend>{_help_text(field)}'
            f'<div class="kern-fieldset__body'
            f'{" kern-fieldset__body--horizontal" if horizontal else ""}">{options}</div>'
            f"{_field_errors(field, errors)}</fieldset>"
        )
    widget = kern_widget(field)
    if kind == "select":
        widget = f'<div class="kern-form-input__select-wrapper">{widget}</div>'
    return mark_safe(
        f'<div class="kern-form-input{" kern-form-input--error" if errors else ""}">'
        f'<label class="kern-label" for="{escape(field.id_for_label)}">{label}</label>'
        f"{_help_text(field)}{_field_errors(field, errors)}{widget}</div>"
    )


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
    return km_words(distance)


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


@register.filter
def percent(share: float | None) -> str:
    """A share (0–1) as a whole per cent in the page's number format; "–" when unknown."""
    if share is None:
        return "–"
    return f"{number_format(round(100 * share), 0)} %"


@register.simple_tag(takes_context=True)
def pagination(context, page_obj) -> SafeString:
    """Links to the list's other pages, keeping the search (``common.pagination``)."""
    return page_links(page_obj, context["request"].GET)


@register.tag
def kept_search_form(parser, token):
    """``{% kept_search_form form %}…{% endkept_search_form %}``: the markup of a public
    search form (``common.forms.SearchForm``) kept per data version, address, language and
    query string (the page number aside), as it depends on nothing else: the same
    search's every page and every later visitor get it without rendering its fields. A
    form with an error is rendered each time."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("kept_search_form takes the form")
    nodelist = parser.parse(("endkept_search_form",))
    parser.delete_first_token()
    return KeptSearchFormNode(nodelist, parser.compile_filter(bits[1]))


class KeptSearchFormNode(template.Node):
    def __init__(self, nodelist, form) -> None:
        self.nodelist = nodelist
        self.form = form

    def render(self, context) -> SafeString:
        form = self.form.resolve(context)
        request = context["request"]
        if not isinstance(form, SearchForm) or (form.is_bound and form.errors):
            return self.nodelist.render(context)
        query = search_key(request.GET)
        key = ("search-form", request.path, get_language(), bool(request.GET), query)
        return kept_fragment(key, lambda: self.nodelist.render(context))
