"""The moderators' pages: the queue of reported and waiting comments (for the
organisation's moderators a staff page; for the moderators an owner names, e.g. a network's
coordinators, a page of its own that shows only what they moderate), and the decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.organisations.tenancy import organisation_view, staff_view

from . import queries, services
from .access import comment_view
from .forms import HideForm, KeepForm, SettingsForm


def _queue_context(request, comments, open_reports):
    page = Paginator(comments, queries.QUEUE_PER_PAGE).get_page(request.GET.get("seite"))
    items = queries.with_reports(page.object_list, open_reports)
    for comment in items:
        comment.hide_form = HideForm(prefix=f"c{comment.pk}")
        comment.keep_form = KeepForm(prefix=f"k{comment.pk}")
    return {"page": page, "items": items, "next": request.get_full_path()}


@staff_view("comments.moderate")
def staff_queue(request, organisation):
    comments, open_reports = queries.queue(organisation)
    context = _queue_context(request, comments, open_reports)
    context["organisation"] = organisation
    return render(request, "comments/staff/queue.html", context)


@login_required
@organisation_view
def moderation(request, organisation):
    """The queue of someone an owner names as moderator (a network's coordinator): only
    what they moderate; nothing for anyone else."""
    comments, open_reports = queries.queue(organisation)
    mine = services.moderated_by(request.user, comments)
    context = _queue_context(request, mine, open_reports)
    context["organisation"] = organisation
    return render(request, "comments/moderation.html", context)


def _back(request, organisation):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("comments:moderation", org=organisation.slug)


def _decision(view):
    """A moderator's decision on one comment (POST only)."""

    @require_POST
    @comment_view
    def checked(request, organisation, comment, entry):
        if not services.may_moderate(request.user, comment):
            raise PermissionDenied
        try:
            view(request, comment)
        except services.CommentError as error:
            messages.error(request, str(error))
        return _back(request, organisation)

    checked.__name__ = view.__name__
    return checked


@_decision
def hide(request, comment):
    form = HideForm(request.POST, prefix=f"c{comment.pk}")
    if not form.is_valid():
        raise services.CommentError(_("Please give the reason for hiding the comment."))
    services.hide_comment(request.user, comment, reason=form.cleaned_data["reason"])
    messages.success(
        request, _("The comment has been hidden; its author and the reporters are told.")
    )


@_decision
def keep(request, comment):
    form = KeepForm(request.POST, prefix=f"k{comment.pk}")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.keep_comment(request.user, comment, reason=reason)
    messages.success(request, _("The comment stays; the reporters are told."))


@_decision
def release(request, comment):
    services.release_comment(request.user, comment)
    messages.success(request, _("The comment has been released."))


@staff_view("comments.change_settings")
def staff_settings(request, organisation):
    current = services.settings_of(organisation)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"moderation": current.moderation},
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("The comment settings have been saved."))
        return redirect("comments:staff_settings", org=organisation.slug)
    context = {"organisation": organisation, "form": form}
    return render(request, "comments/staff/settings.html", context)
