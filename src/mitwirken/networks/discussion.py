"""The write use-cases of a network's discussion: start a thread, reply, edit and delete
one's own post, pin and close threads (coordinators), and remember what a person has seen.
Each is one transaction; a mention's mail is queued in it (``emails``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core import uploads
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from . import notifications
from .discussion_models import Post, PostAttachment, Thread, ThreadVisit
from .mentions import find_mentions

THREAD_PINNED = register_audit_action("network_thread_pinned", gettext_lazy("Thread pinned"))
THREAD_UNPINNED = register_audit_action(
    "network_thread_unpinned", gettext_lazy("Thread no longer pinned")
)
THREAD_CLOSED = register_audit_action("network_thread_closed", gettext_lazy("Thread closed"))
THREAD_REOPENED = register_audit_action("network_thread_reopened", gettext_lazy("Thread reopened"))


def _mentioned(network, text: str) -> list:
    mentions = find_mentions(network, text)
    if mentions.errors:
        raise ValidationError({"text": mentions.errors})
    return mentions.users


def _add_post(author, thread, *, text, quote=None, attachment=None, is_reply=True) -> Post:
    mentioned = _mentioned(thread.network, text)
    post = Post.objects.create(thread=thread, author=author, text=text, quote=quote)
    if mentioned:
        post.mentions.set(mentioned)
    if attachment is not None:
        PostAttachment.objects.create(
            post=post,
            file=attachment,
            original_name=attachment.original_name,
            size=attachment.size or 0,
        )
    notifications.notify_post(post, mentioned, is_reply=is_reply)
    return post


@transaction.atomic
def start_thread(author, network, *, title, text, attachment=None) -> Thread:
    """A new thread with its first post. ``attachment``: a file checked by
    ``core.uploads.check`` (a ``CheckedFile``), or None."""
    if network.is_concluded:
        raise PermissionDenied(_("This network is concluded: its discussion is an archive."))
    now = timezone.now()
    thread = Thread.objects.create(
        network=network, title=title, author=author, created_at=now, last_post_at=now
    )
    _add_post(author, thread, text=text, attachment=attachment, is_reply=False)
    mark_seen(author, thread)
    return thread


@transaction.atomic
def reply(author, thread, *, text, quote=None, attachment=None) -> Post:
    """A reply, optionally quoting a post of the same thread. Refused in a closed thread or
    a concluded network (the thread row is locked, so a reply cannot slip past closing)."""
    thread = Thread.objects.select_for_update().select_related("network").get(pk=thread.pk)
    if thread.is_closed or thread.network.is_concluded:
        raise PermissionDenied(_("This thread is closed: no new replies."))
    if quote is not None and quote.thread_id != thread.pk:
        quote = None
    post = _add_post(author, thread, text=text, quote=quote, attachment=attachment)
    thread.last_post_at = post.created_at
    thread.save(update_fields=["last_post_at"])
    mark_seen(author, thread)
    return post


@transaction.atomic
def edit_post(actor, post, *, text) -> Post:
    """The author changes their own post; it is marked "bearbeitet" with the time. New
    mentions are mailed, those already in the post are not mailed again."""
    if post.author_id != actor.pk or post.is_deleted:
        raise PermissionDenied
    mentioned = _mentioned(post.thread.network, text)
    before = set(post.mentions.values_list("pk", flat=True))
    post.text = text
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at"])
    post.mentions.set(mentioned)
    notifications.notify_mentions(post, [user for user in mentioned if user.pk not in before])
    return post


@transaction.atomic
def delete_post(actor, post) -> Post:
    """The author deletes their own post: its text and files go, "Beitrag gelöscht" stays in
    its place so that the thread still reads in order."""
    if post.author_id != actor.pk or post.is_deleted:
        raise PermissionDenied
    for attachment in post.attachments.all():
        uploads.delete_after_commit(attachment.file.storage, attachment.file.name)
    post.attachments.all().delete()
    post.mentions.clear()
    post.text = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["text", "deleted_at"])
    return post


@transaction.atomic
def pin_thread(actor, thread, *, pinned: bool) -> Thread:
    if thread.is_pinned != pinned:
        thread.is_pinned = pinned
        thread.save(update_fields=["is_pinned"])
        action = THREAD_PINNED if pinned else THREAD_UNPINNED
        record(thread.network.organisation, actor, action, f"{thread.network}: {thread}")
    return thread


@transaction.atomic
def close_thread(actor, thread, *, closed: bool) -> Thread:
    if thread.is_closed != closed:
        thread.is_closed = closed
        thread.save(update_fields=["is_closed"])
        action = THREAD_CLOSED if closed else THREAD_REOPENED
        record(thread.network.organisation, actor, action, f"{thread.network}: {thread}")
    return thread


def mark_seen(user, thread, *, at=None) -> None:
    """Remember that the person has seen the thread up to now (one row per person and
    thread, written again on each visit)."""
    if user is None or not user.is_authenticated:
        return
    ThreadVisit.objects.update_or_create(
        thread=thread, user=user, defaults={"seen_at": at or timezone.now()}
    )
