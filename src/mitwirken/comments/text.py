"""The Markdown of comments: a subset of what editors may write (no headings, images or
tables: a comment sits inside someone else's page), sanitised with nh3; links get
rel="nofollow", so that spam earns nothing."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["heading", "lheading", "image", "html_block", "html_inline"]
)

_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}


def html_key(comment) -> str:
    """The cache key of a comment's HTML: its version is the time it was last edited."""
    version = comment.edited_at.timestamp() if comment.edited_at else 0
    return f"comments:html:{comment.pk}:{version}"


def with_html(comments) -> None:
    """Sets ``.html`` on each comment: rendered once per version and kept in the cache,
    read for a whole page in one round trip."""
    from django.core.cache import cache

    comments = [c for c in comments if c.text]
    found = cache.get_many([html_key(c) for c in comments])
    missing = {}
    for comment in comments:
        key = html_key(comment)
        if key not in found:
            found[key] = missing[key] = render_comment(comment.text)
        comment.html = found[key]
    if missing:
        cache.set_many(missing, timeout=24 * 3600)


def render_comment(text: str) -> str:
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
