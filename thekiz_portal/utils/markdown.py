"""Markdown written by staff, rendered to HTML that is safe to show (nh3 allow-list)."""

import html
import logging
from dataclasses import dataclass

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from thekiz_portal.utils.text import slugify_de

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
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
}
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


def _sanitise(rendered: str) -> SafeString:
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitised by nh3 above


def _plain_paragraphs(text: str) -> SafeString:
    """The fallback for a text Markdown cannot render: its paragraphs, escaped."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return mark_safe("".join(f"<p>{escape(part)}</p>" for part in paragraphs if part))


def markdown_document(text: str, *, top_heading: int = 2, toc_depth: str = "2-3") -> RenderedText:
    """Render ``text`` with anchored headings and return them as a table of contents.

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
            TocExtension(marker="", toc_depth=toc_depth, slugify=_heading_slug),
        ],
        output_format="html",
    )
    try:
        rendered = renderer.convert(text or "")
    except RecursionError:
        logger.warning("Markdown too deeply nested, shown as plain text")
        return RenderedText(html=_plain_paragraphs(text), toc=())
    return RenderedText(html=_sanitise(rendered), toc=_toc_entries(renderer.toc_tokens))


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
