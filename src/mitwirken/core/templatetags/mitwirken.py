from django import template
from django.utils.safestring import mark_safe

from mitwirken.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))  # noqa: S308  sanitised by nh3


@register.simple_tag
def staff_links(user, organisation):
    from mitwirken.core.navigation import staff_links_for

    return staff_links_for(user, organisation)
