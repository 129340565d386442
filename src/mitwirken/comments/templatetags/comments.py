from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..context import thread_context
from ..text import render_comment

register = template.Library()


@register.inclusion_tag("comments/includes/thread.html", takes_context=True)
def comments(context, target):
    """``{% load comments %}{% comments obj %}``: the comments of ``obj`` (registered with
    ``comments.registry``) and the form to write one, on the object's own page."""
    return thread_context(context["request"], target)


@register.filter
def comment_text(text):
    return mark_safe(render_comment(text))  # noqa: S308  sanitised by nh3


@register.filter
def editable_by(comment, user):
    return comment.may_be_edited_by(user, timezone.now())


@register.filter
def deletable_by(comment, user):
    return comment.may_be_deleted_by(user)


@register.simple_tag
def commented(comment):
    """(title, url) of what a comment is about, for the moderation queue."""
    from ..registry import entry_for

    target = comment.target
    entry = entry_for(target) if target is not None else None
    if entry is None:
        return ("", "")
    return (entry.title(target), f"{entry.url(target)}#{comment.anchor}")
