"""A public page's own parts, rendered once and kept, inside a layout rendered per request.

A page such as an offer's shows every visitor the same main part (what ``kept_page`` in
``common.data_version`` keeps), while the layout around it (``base.html``: sign-in state,
messages, the language switch) is rendered for each request. ``render_parts`` renders
the blocks a page template fills in (``{% block content %}`` and the others) as strings;
``templates/page_parts.html`` puts them back into the layout, so the page is the same,
byte for byte, as the template rendered whole.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class PageParts:
    blocks: dict[str, SafeString]
    until: float  # seconds since the epoch: kept until then (0: never kept)


def render_parts(template_name: str, context: dict, request: HttpRequest) -> dict[str, SafeString]:
    """The blocks ``template_name`` fills in, rendered with ``context`` as ``render()``
    would (context processors included), by name."""
    template = get_template(template_name).template
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)[0]
    bound = make_context(context, request)
    with bound.bind_template(template):
        return {name: block.render(bound) for name, block in extends.blocks.items()}


def render_page(request: HttpRequest, parts: PageParts) -> HttpResponse:
    """The page: the layout around ``parts``."""
    return render(request, "page_parts.html", {"parts": parts.blocks})
