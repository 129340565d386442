import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mitwirken.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))  # noqa: S308  sanitised by nh3


# An http(s) address up to white space, without punctuation that ends the sentence around it.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)]")


@register.filter
def link_web_addresses(text):
    """Escape plain text and make its web addresses links: the HTML part of our e-mails.
    Django's ``urlize`` does more (bare domains, e-mail addresses) at about 2 ms a message;
    our texts only hold the http(s) links they were written with."""
    escaped = escape(text)  # always: the text templates render unescaped (but "safe")
    linked = _WEB_ADDRESS.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    return mark_safe(linked)  # noqa: S308  escaped above; the links are parts of that text


@register.simple_tag
def staff_links(user, organisation):
    from mitwirken.core.navigation import staff_links_for

    return staff_links_for(user, organisation)
