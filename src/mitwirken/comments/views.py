"""The pages of a thread: write, reply, edit and delete one's own comment, report one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.core import ratelimit

from . import queries, services
from .access import comment_view, target_view
from .context import PAGE_PARAMETER, thread_context
from .forms import CommentForm, ReportForm


def comment_url(entry, comment) -> str:
    page = queries.page_of(comment)
    query = f"?{PAGE_PARAMETER}={page}" if page > 1 else ""
    return f"{entry.url(comment.target)}{query}#{comment.anchor}"


@target_view()
def thread(request, organisation, entry, target):
    """The comments of one object on a page of their own (e.g. linked from a list)."""
    context = {**thread_context(request, target), "title": entry.title(target), "entry": entry}
    context["back_url"] = entry.url(target)
    return render(request, "comments/thread.html", context)


def _write(request, entry, target, form, *, parent=None):
    """Post a new comment or reply from ``form``; the comment, or None with the form's
    errors set."""
    if not ratelimit.allow(request, "comment", per="account"):
        form.is_valid()
        form.add_error(
            None, _("You have written many comments in a short time. Please wait a few minutes.")
        )
        return None
    if not form.is_valid():
        return None
    try:
        return services.post_comment(
            request.user,
            target,
            text=form.cleaned_data["text"],
            parent_id=parent.pk if parent else None,
        )
    except services.CommentError as error:
        form.add_error("text", str(error))
        return None


def _written(request, entry, comment):
    if comment.status == comment.Status.PENDING:
        messages.info(request, _("Thank you. Your comment waits for approval by the moderators."))
    else:
        messages.success(request, _("Your comment has been published."))
    return redirect(comment_url(entry, comment))


@require_POST
@target_view(login=True)
def post(request, organisation, entry, target):
    form = CommentForm(request.POST)
    comment = _write(request, entry, target, form)
    if comment is not None:
        return _written(request, entry, comment)
    context = {**thread_context(request, target, form=form), "title": entry.title(target)}
    context["back_url"] = entry.url(target)
    return render(request, "comments/thread.html", context)


@comment_view
def reply(request, organisation, comment, entry):
    top = comment.parent or comment
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        reply = _write(request, entry, comment.target, form, parent=comment)
        if reply is not None:
            return _written(request, entry, reply)
    context = {"comment": top, "entry": entry, "form": form, "title": entry.title(comment.target)}
    context["back_url"] = comment_url(entry, top)
    return render(request, "comments/reply.html", context)


@comment_view
def edit(request, organisation, comment, entry):
    if not comment.may_be_edited_by(request.user):
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"text": comment.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(request.user, comment, text=form.cleaned_data["text"])
        except services.CommentError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Your comment has been changed."))
            return redirect(comment_url(entry, comment))
    context = {"comment": comment, "form": form, "back_url": comment_url(entry, comment)}
    return render(request, "comments/edit.html", context)


@comment_view
def delete(request, organisation, comment, entry):
    if not comment.may_be_deleted_by(request.user):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_comment(request.user, comment)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(comment_url(entry, comment))
    context = {"comment": comment, "back_url": comment_url(entry, comment)}
    return render(request, "comments/delete.html", context)


@comment_view
def report(request, organisation, comment, entry):
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not ratelimit.allow(request, "comment_report", per="account"):
        form.is_valid()
        form.add_error(
            None, _("You have sent many reports in a short time. Please try again later.")
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.report_comment(request.user, comment, **form.cleaned_data)
        except services.CommentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The moderators will look at the comment."))
            return redirect(comment_url(entry, comment))
    context = {"comment": comment, "form": form, "back_url": comment_url(entry, comment)}
    return render(request, "comments/report.html", context)
