"""Markdown written by staff, rendered to HTML that is safe to show (nh3 allow-list)."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class _ShiftHeadings(Treeprocessor):
    def __init__(self, md: markdown.Markdown, offset: int) -> None:
        super().__init__(md)
        self.offset = offset

    def run(self, root) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + self.offset, 6)}"


class ShiftHeadings(Extension):
    """'# Title' in a description must not compete with the page's own h1."""

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown API name
        md.treeprocessors.register(_ShiftHeadings(md, self.offset), "shift_headings", 5)


def markdown_to_html(
    text: str, *, top_heading: int = 3, extensions: list | None = None
) -> SafeString:
    """Render ``text``; its first heading level becomes ``top_heading`` (h3 by default).

    Raw HTML in the text is escaped by Markdown's rules and then everything passes nh3's
    allow-list: no script, no style, no event handlers, no javascript: links.
    """
    html = markdown.markdown(
        text or "",
        extensions=["sane_lists", ShiftHeadings(top_heading - 1), *(extensions or [])],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitised by nh3 above
