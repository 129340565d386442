"""Pages of a network's discussion. Thin: check, call a service or a query, render."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.core import ratelimit, uploads

from . import discussion as services
from . import discussion_queries as queries
from . import notifications, post_moderation
from .access import network_view
from .discussion_forms import (
    HidePostForm,
    KeepPostForm,
    PostEditForm,
    PostReportForm,
    ReplyForm,
    ThreadForm,
)
from .discussion_models import Post, PostAttachment, Thread
from .notification_models import Level


def _thread(network, thread_id) -> Thread:
    thread = Thread.objects.filter(network=network, pk=thread_id).first()
    if thread is None:
        raise Http404
    thread.network = network
    return thread


def _own_post(request, network, post_id) -> Post:
    post = Post.objects.filter(thread__network=network, pk=post_id).select_related("thread").first()
    if post is None or post.is_deleted:
        raise Http404
    if post.author_id != request.user.pk:
        raise PermissionDenied
    post.thread.network = network
    return post


def _apply_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _too_fast(request, form) -> bool:
    if ratelimit.allow(request, "network_post", per="account"):
        return False
    form.add_error(None, _("You are posting very fast. Please wait a few minutes."))
    return True


def _thread_url(network, thread, post=None) -> str:
    url = reverse(
        "networks:thread",
        kwargs={"org": network.organisation.slug, "pk": network.pk, "thread_id": thread.pk},
    )
    return f"{url}?beitrag={post.pk}#beitrag-{post.pk}" if post else url


@network_view("networks.view_discussion")
def threads(request, organisation, network):
    page = queries.threads_page(network, request.user, request.GET.get("seite"))
    return render(
        request,
        "networks/discussion/threads.html",
        {
            "organisation": organisation,
            "network": network,
            "page": page,
            "can_post": request.user.has_perm("networks.post", network),
            "can_moderate": request.user.has_perm("networks.moderate", network),
            **_level_context(request.user, network),
        },
    )


def _level_context(user, network, thread=None) -> dict:
    """The person's notification level here, for the little form (members only)."""
    if not user.is_authenticated or not user.has_perm("networks.post", network):
        return {}
    return {
        "level": notifications.levels([user.pk], network, thread)[user.pk],
        "level_choices": Level.choices,
    }


@network_view("networks.post")
def thread_new(request, organisation, network):
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not _too_fast(request, form):
        try:
            thread = services.start_thread(request.user, network, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your thread has been started."))
            return redirect(_thread_url(network, thread))
    return render(
        request,
        "networks/discussion/thread_form.html",
        {"organisation": organisation, "network": network, "form": form},
    )


@network_view("networks.view_discussion")
def thread_page(request, organisation, network, thread_id):
    return _render_thread(request, organisation, network, _thread(network, thread_id))


def _render_thread(request, organisation, network, thread, form=None):
    page_number = request.GET.get("seite")
    if "beitrag" in request.GET and page_number is None:
        wanted = request.GET["beitrag"]
        page_number = queries.page_of_post(thread, wanted) if wanted.isdigit() else None
    page = queries.posts_page(thread, page_number)
    seen_at = queries.seen_at(request.user, thread)
    first_new = next(
        (post.pk for post in page.object_list if seen_at and post.created_at > seen_at), None
    )
    can_post = request.user.has_perm("networks.post", network) and not thread.is_closed
    if form is None and can_post:
        quote = request.GET.get("zitat", "")
        form = ReplyForm(initial={"quote": quote} if quote.isdigit() else None)
    response = render(
        request,
        "networks/discussion/thread.html",
        {
            "organisation": organisation,
            "network": network,
            "thread": thread,
            "page": page,
            "first_new_post_id": first_new,
            "form": form if can_post else None,
            "can_moderate": request.user.has_perm("networks.moderate", network),
            "can_post": request.user.has_perm("networks.post", network),
            **_level_context(request.user, network, thread),
        },
    )
    if page.number == page.paginator.num_pages:  # the person has seen the thread to its end
        services.mark_seen(request.user, thread)
    return response


@require_POST
@network_view("networks.post")
def thread_reply(request, organisation, network, thread_id):
    thread = _thread(network, thread_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid() and not _too_fast(request, form):
        quote_id = form.cleaned_data.pop("quote")
        quote = Post.objects.filter(thread=thread, pk=quote_id).first() if quote_id else None
        try:
            post = services.reply(request.user, thread, quote=quote, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            return redirect(_thread_url(network, thread))
        else:
            return redirect(_thread_url(network, thread, post))
    return _render_thread(request, organisation, network, thread, form=form)


@network_view("networks.post")
def post_edit(request, organisation, network, post_id):
    post = _own_post(request, network, post_id)
    form = PostEditForm(request.POST or None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(request.user, post, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your post has been changed."))
            return redirect(_thread_url(network, post.thread, post))
    return render(
        request,
        "networks/discussion/post_edit.html",
        {"organisation": organisation, "network": network, "post": post, "form": form},
    )


@network_view("networks.post")
def post_delete(request, organisation, network, post_id):
    """A confirmation page first; the POST deletes."""
    post = _own_post(request, network, post_id)
    if request.method == "POST":
        services.delete_post(request.user, post)
        messages.success(request, _("Your post has been deleted."))
        return redirect(_thread_url(network, post.thread, post))
    return render(
        request,
        "networks/discussion/post_delete.html",
        {"organisation": organisation, "network": network, "post": post},
    )


def _moderation(change, message):
    @require_POST
    @network_view("networks.moderate")
    def view(request, organisation, network, thread_id):
        thread = _thread(network, thread_id)
        change(request.user, thread)
        messages.success(request, message())
        return redirect(_thread_url(network, thread))

    return view


thread_pin = _moderation(
    lambda actor, thread: services.pin_thread(actor, thread, pinned=True),
    lambda: _("The thread is pinned: it stays at the top of the list."),
)
thread_unpin = _moderation(
    lambda actor, thread: services.pin_thread(actor, thread, pinned=False),
    lambda: _("The thread is no longer pinned."),
)
thread_close = _moderation(
    lambda actor, thread: services.close_thread(actor, thread, closed=True),
    lambda: _("The thread is closed: nobody can reply any more."),
)
thread_reopen = _moderation(
    lambda actor, thread: services.close_thread(actor, thread, closed=False),
    lambda: _("The thread is open for replies again."),
)


@network_view("networks.view_discussion")
def attachment(request, organisation, network, attachment_id):
    """A file of a post, only for those who may see the discussion (checked on every
    download, like materials)."""
    found = PostAttachment.objects.filter(
        pk=attachment_id, post__thread__network=network, post__deleted_at__isnull=True
    ).first()
    if found is None:
        raise Http404
    return uploads.file_response(found.file.storage, found.file.name, filename=found.original_name)


def _post_of(network, post_id) -> Post:
    post = (
        Post.objects.filter(thread__network=network, pk=post_id)
        .select_related("thread", "author")
        .first()
    )
    if post is None:
        raise Http404
    post.thread.network = network
    return post


@network_view("networks.view_discussion")
def post_report(request, organisation, network, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _post_of(network, post_id)
    form = PostReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post_moderation.report_post(request.user, post, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: the moderation will look at the post and tell you.")
            )
            return redirect(_thread_url(network, post.thread, post))
    return render(
        request,
        "networks/discussion/post_report.html",
        {"organisation": organisation, "network": network, "post": post, "form": form},
    )


@network_view("networks.moderate")
def moderation(request, organisation, network):
    return render(
        request,
        "networks/discussion/moderation.html",
        {
            "organisation": organisation,
            "network": network,
            "reported": post_moderation.open_reports(network),
            "hide_form": HidePostForm(),
            "keep_form": KeepPostForm(),
        },
    )


def _decision(decide, form_class, done):
    @require_POST
    @network_view("networks.moderate")
    def view(request, organisation, network, post_id):
        post = _post_of(network, post_id)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                decide(request.user, post, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, done())
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(
            reverse("networks:moderation", kwargs={"org": organisation.slug, "pk": network.pk})
        )

    return view


post_hide = _decision(
    post_moderation.hide_post,
    HidePostForm,
    lambda: _("The post is hidden; its author and the reporters are told."),
)
post_keep = _decision(
    post_moderation.keep_post,
    KeepPostForm,
    lambda: _("The post stays; the reporters are told."),
)
