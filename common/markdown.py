"""Markdown written by staff, rendered to HTML that is safe to show (nh3 allow-list)."""

import html
import logging
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from common.text import slugify_de

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# Headings keep only the ids the table of contents gave them (markdown_document), never
# one written into the text: it could clash with the page's own ids.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class _ShiftHeadings(Treeprocessor):
    def __init__(self, md: markdown.Markdown, top_heading: int) -> None:
        super().__init__(md)
        self.top_heading = top_heading

    def run(self, root) -> None:
        headings = [element for element in root.iter() if element.tag in HEADING_TAGS]
        if not headings:
            return
        offset = self.top_heading - min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{min(max(int(element.tag[1]) + offset, self.top_heading), 6)}"


class ShiftHeadings(Extension):
    """The text's highest heading becomes ``top_heading``: a "# Title" in a description
    must not compete with the page's own h1, and no heading level is skipped."""

    def __init__(self, top_heading: int) -> None:
        super().__init__()
        self.top_heading = top_heading

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown API name
        # Before the table of contents (priority 5), which reads the final levels.
        md.treeprocessors.register(_ShiftHeadings(md, self.top_heading), "shift_headings", 6)


HEADING_TAGS = {f"h{level}" for level in range(1, 7)}


@dataclass(frozen=True)
class TocEntry:
    """A heading of a rendered text: its anchor, its words and the headings below it."""

    id: str
    name: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class RenderedText:
    html: SafeString
    toc: tuple[TocEntry, ...]


def _toc_entries(tokens: list[dict]) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(
            id=token["id"],
            name=html.unescape(token["name"]),
            children=_toc_entries(token.get("children", [])),
        )
        for token in tokens
    )


def _sanitise(rendered: str, heading_ids: frozenset[str] = frozenset()) -> SafeString:
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values={tag: {"id": set(heading_ids)} for tag in HEADING_TAGS},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitised by nh3 above


def _plain_paragraphs(text: str) -> SafeString:
    """The fallback for a text Markdown cannot render: its paragraphs, escaped."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return mark_safe("".join(f"<p>{escape(part)}</p>" for part in paragraphs if part))


class _ReserveIds(Treeprocessor):
    """Before the table of contents: holds the page's own ids, so that a heading called
    "Zitieren" becomes #zitieren_1 and never shadows the page's #zitieren."""

    def __init__(self, md: markdown.Markdown, reserved: frozenset[str]) -> None:
        super().__init__(md)
        self.reserved = reserved

    def run(self, root) -> None:
        holder = etree.SubElement(root, "div", {"data-reserved": ""})
        for reserved_id in sorted(self.reserved):
            etree.SubElement(holder, "span", {"id": reserved_id})


class _CollectIds(Treeprocessor):
    """After the table of contents: drops the placeholder and notes the heading ids."""

    def run(self, root) -> None:
        for holder in root.findall("div[@data-reserved]"):
            root.remove(holder)
        self.md.heading_ids = frozenset(
            element.get("id") for element in root.iter() if element.tag in HEADING_TAGS
        )


class AnchoredHeadings(Extension):
    def __init__(self, reserved: frozenset[str]) -> None:
        super().__init__()
        self.reserved = reserved

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown API name
        md.treeprocessors.register(_ReserveIds(md, self.reserved), "reserve_ids", 5.5)
        md.treeprocessors.register(_CollectIds(md), "collect_ids", 4.5)


def markdown_document(
    text: str,
    *,
    top_heading: int = 2,
    toc_depth: str = "2-3",
    reserved_ids: frozenset[str] = frozenset(),
) -> RenderedText:
    """Render ``text`` with anchored headings and return them as a table of contents.
    ``reserved_ids`` are ids the page uses itself; headings get others.

    Raw HTML in the text is escaped by Markdown's rules and then everything passes nh3's
    allow-list: no script, no style, no event handlers, no javascript: links. A text that
    Markdown cannot render (nesting deeper than Python's recursion limit) is shown as
    escaped plain paragraphs, never as an error page.
    """
    renderer = markdown.Markdown(
        extensions=[
            "sane_lists",
            "tables",
            ShiftHeadings(top_heading),
            AnchoredHeadings(frozenset(reserved_ids)),
            TocExtension(marker="", toc_depth=toc_depth, slugify=_heading_slug),
        ],
        output_format="html",
    )
    try:
        rendered = renderer.convert(text or "")
    except RecursionError:
        logger.warning("Markdown too deeply nested, shown as plain text")
        return RenderedText(html=_plain_paragraphs(text), toc=())
    return RenderedText(
        # Markdown skips its processors for an empty text: no headings, no ids.
        html=_sanitise(rendered, getattr(renderer, "heading_ids", frozenset())),
        toc=_toc_entries(getattr(renderer, "toc_tokens", [])),
    )


def _heading_slug(value: str, separator: str) -> str:
    return slugify_de(value)[:60].strip("-") or "abschnitt"


def markdown_to_html(text: str, *, top_heading: int = 3) -> SafeString:
    """Render a short text (a description) whose first heading level becomes ``top_heading``."""
    try:
        rendered = markdown.markdown(
            text or "", extensions=["sane_lists", ShiftHeadings(top_heading)], output_format="html"
        )
    except RecursionError:
        logger.warning("Markdown too deeply nested, shown as plain text")
        return _plain_paragraphs(text)
    return _sanitise(rendered)
