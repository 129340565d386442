"""What the comments of one object show (``{% comments obj %}`` and the thread page share
it): one page of the thread, and the form, or what a visitor must do to write."""

from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from . import queries
from .forms import CommentForm
from .registry import entry_for
from .services import has_verified_address, settings_of
from .text import with_html

PAGE_PARAMETER = "kommentarseite"


def target_kwargs(target) -> dict:
    return {
        "content_type_id": ContentType.objects.get_for_model(type(target)).pk,
        "object_id": target.pk,
    }


def thread_context(request, target, *, form=None) -> dict:
    entry = entry_for(target)
    user = request.user
    organisation = entry.organisation(target)
    moderator = user.is_authenticated and (
        user.has_perm("comments.moderate", organisation) or entry.is_moderator(user, target)
    )
    page = queries.thread_page(
        target, user, request.GET.get(PAGE_PARAMETER), moderator=bool(moderator)
    )
    with_html(
        [reply for comment in page.object_list for reply in [comment, *comment.shown_replies]]
    )
    back = entry.url(target) + "#kommentare"
    context = {
        "target": target,
        "organisation": organisation,
        "page": page,
        "page_parameter": PAGE_PARAMETER,
        "visible_count": queries.visible_count(target),
        "is_moderator": moderator,
        "login_url": f"{reverse('account_login')}?next={quote(back)}",
        "signup_url": f"{reverse('account_signup')}?next={quote(back)}",
        "extra_signup": entry.signup(request, target) if entry.signup else None,
        "netiquette_url": reverse("core:platform_page", kwargs={"key": "netiquette"}),
        "edit_minutes": settings.COMMENT_EDIT_MINUTES,
        "user": user,
    }
    if user.is_authenticated:
        context["verified"] = has_verified_address(user)
        context["may_write"] = context["verified"] and entry.can_write(user, target)
        context["pre_moderation"] = settings_of(organisation).moderation == "pre"
        context["form"] = form or CommentForm()
        context["post_url"] = reverse(
            "comments:post", kwargs={"org": organisation.slug, **target_kwargs(target)}
        )
    return context
