"""Markdown for editor-written text, sanitised so that no script or foreign resource gets in."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def _follow_the_page_heading(tokens) -> None:
    """Headings inside a page come below the page's own h1 and skip no level: the top-most
    heading of the text becomes h2 (whether the editor wrote # or ##), and none goes more
    than one level below the heading before it (h2 → h4 becomes h2 → h3); h4 at most."""
    levels = [int(token.tag[1]) for token in tokens if token.type == "heading_open"]
    if not levels:
        return
    offset = 2 - min(levels)
    previous = 1
    for token in tokens:
        if token.type == "heading_open":
            level = max(2, min(int(token.tag[1]) + offset, previous + 1, 4))
            token.tag = f"h{level}"
            previous = level
        elif token.type == "heading_close":
            token.tag = f"h{previous}"


def render_markdown(text: str) -> str:
    tokens = _markdown.parse(text or "")
    _follow_the_page_heading(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
