"""Django's form renderer with its smallest widget templates built in Python.

A search page's filter form has about 150 choices (districts, Sozialräume, languages,
categories, weekdays). Django renders every one of them through three template
renders (the option, its attributes, the wrapper): about 370 template renders for one
form, a third of a search's server time (measured in bench/offer_search.py). The
templates below are so small that building their HTML directly gives the same bytes for
a fraction of the cost; every other template (and any project override) still goes
through the template engine.

The output is the same as Django's own templates, byte for byte:
tests/common/test_form_renderer.py renders every widget of the project's forms both ways
and compares, and fails when Django changes one of these templates.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"

# The templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
INPUT_WRAPPERS = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)


def _variable(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless already safe."""
    return conditional_escape(localize(template_localtime(value)))


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def attrs(widget: Mapping) -> str:
    return "".join(
        f" {_variable(name)}" if value is True else f' {_variable(name)}="{_stringformat(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )


def input_tag(widget: Mapping) -> str:
    value = "" if widget["value"] is None else f' value="{_stringformat(widget["value"])}"'
    return (
        f'<input type="{_variable(widget["type"])}" name="{_variable(widget["name"])}"'
        f"{value}{attrs(widget)}>\n"
    )


def input_option(widget: Mapping) -> str:
    if not widget.get("wrap_label"):
        return input_tag(widget) + "\n"
    target = widget["attrs"].get("id")
    label_for = f' for="{_variable(target)}"' if target else ""
    return f"<label{label_for}>{input_tag(widget)} {_variable(widget['label'])}</label>\n"


def select_option(widget: Mapping) -> str:
    return (
        f'<option value="{_stringformat(widget["value"])}"{attrs(widget)}>'
        f"{_variable(widget['label'])}</option>\n"
    )


class DirectRenderer(DjangoTemplates):
    """The default renderer; the templates in ``direct`` are built without the engine."""

    def __init__(self) -> None:
        super().__init__()
        self.direct: dict[str, Callable[[Mapping], str]] = {
            WIDGETS + "attrs.html": attrs,
            WIDGETS + "input.html": input_tag,
            WIDGETS + "input_option.html": input_option,
            WIDGETS + "checkbox_option.html": lambda widget: input_option(widget) + "\n",
            WIDGETS + "radio_option.html": lambda widget: input_option(widget) + "\n",
            WIDGETS + "select_option.html": select_option,
            WIDGETS + "select.html": self.select,
            WIDGETS + "multiple_input.html": self.multiple_input,
            WIDGETS + "checkbox_select.html": lambda widget: self.multiple_input(widget) + "\n",
            WIDGETS + "radio.html": lambda widget: self.multiple_input(widget) + "\n",
        }
        for name in INPUT_WRAPPERS:
            self.direct[f"{WIDGETS}{name}.html"] = lambda widget: input_tag(widget) + "\n"

    def render(self, template_name: str, context: Mapping, request=None) -> SafeString:
        build = self.direct.get(template_name)
        if build is None or set(context) != {"widget"}:
            return super().render(template_name, context, request)
        # Django's renderer strips the outer template's output (not the included ones).
        return mark_safe(build(context["widget"]).strip())

    def option(self, option: Mapping) -> str:
        """``{% include option.template_name with widget=option %}``."""
        build = self.direct.get(option["template_name"])
        if build is None:  # included, so not stripped
            return self.get_template(option["template_name"]).render({"widget": option})
        return build(option)

    def select(self, widget: Mapping) -> str:
        parts = [f'<select name="{_variable(widget["name"])}"{attrs(widget)}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_variable(group_name)}">')
            parts.extend(f"\n  {self.option(option)}" for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def multiple_input(self, widget: Mapping) -> str:
        target = widget["attrs"].get("id")
        css = widget["attrs"].get("class")
        parts = [
            "<div",
            f' id="{_variable(target)}"' if target else "",
            f' class="{_variable(css)}"' if css else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_variable(group)}</label>")
            parts.extend(f"<div>\n    {self.option(option)}</div>" for option in options)
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)
