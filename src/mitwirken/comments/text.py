"""The Markdown of comments: a subset of what editors may write (no headings, images or
tables: a comment sits inside someone else's page), sanitised with nh3; links get
rel="nofollow", so that spam earns nothing."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["heading", "lheading", "image", "html_block", "html_inline"]
)

_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}


def render_comment(text: str) -> str:
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
