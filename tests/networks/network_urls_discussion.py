"""The discussion's URLs for the network permission matrix (tests/networks/matrix.py): a
members-only discussion (the default) of a published network."""

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from mitwirken.comments.models import Report
from mitwirken.networks.discussion_models import Post, PostAttachment, Thread
from mitwirken.networks.notification_models import Subscription

from .matrix import MEMBERS_AND_UP, MODERATES, RUNS_NETWORK, NetworkURL

READERS = MEMBERS_AND_UP
WRITERS = {"member", "coordinator", "org_editor", "org_admin", "platform_admin"}


def objects(network) -> dict:
    with scopes_disabled():
        thread = Thread.objects.create(network=network, title="Matrix-Thema")
        post = Post.objects.create(thread=thread, text="Erster Beitrag")
        attachment = PostAttachment(post=post, original_name="protokoll.txt", size=5)
        attachment.file.save("protokoll.txt", ContentFile(b"Notiz"), save=True)
        Report.objects.create(
            organisation=network.organisation, target=post, reason=Report.Reason.SPAM
        )
        settled = Thread.objects.create(
            network=network, title="Angeheftet und geschlossen", is_pinned=True, is_closed=True
        )
    return {"thread": thread, "post": post, "attachment": attachment, "settled": settled}


def _thread(o):
    return {"pk": o["network"].pk, "thread_id": o["thread"].pk}


def _settled(o):
    return {"pk": o["network"].pk, "thread_id": o["settled"].pk}


def _settled_state(o, field):
    with scopes_disabled():
        return Thread.objects.filter(pk=o["settled"].pk).values_list(field, flat=True).first()


def _levels(o, **filters):
    with scopes_disabled():
        return Subscription.objects.filter(network=o["network"], **filters).count()


def _report_decision(o):
    with scopes_disabled():
        return list(
            Report.objects.filter(object_id=o["post"].pk).values_list("decision", flat=True)
        )


def _network(o):
    return {"pk": o["network"].pk}


def _state(o, field):
    with scopes_disabled():
        return Thread.objects.filter(pk=o["thread"].pk).values_list(field, flat=True).first()


def _posts(o):
    with scopes_disabled():
        return Post.objects.filter(thread=o["thread"]).count()


def _threads(o):
    with scopes_disabled():
        return Thread.objects.filter(network=o["network"]).count()


NETWORK_URLS = {
    "networks:threads": NetworkURL(READERS, kwargs=_network),
    "networks:thread": NetworkURL(READERS, kwargs=_thread),
    "networks:thread_new": NetworkURL(WRITERS, kwargs=_network),
    "networks:thread_reply": NetworkURL(
        WRITERS,
        method="post",
        kwargs=_thread,
        data=lambda o: {"text": "Eine Antwort"},
        effect=_posts,
    ),
    "networks:thread_pin": NetworkURL(
        MODERATES, method="post", kwargs=_thread, effect=lambda o: _state(o, "is_pinned")
    ),
    "networks:thread_close": NetworkURL(
        MODERATES, method="post", kwargs=_thread, effect=lambda o: _state(o, "is_closed")
    ),
}


def _post(o):
    return {"pk": o["network"].pk, "post_id": o["post"].pk}


def _hidden(o):
    with scopes_disabled():
        return Post.objects.filter(pk=o["post"].pk).values_list("hidden_at", flat=True).first()


NETWORK_URLS.update(
    {
        "networks:moderation": NetworkURL(MODERATES, kwargs=_network),
        "networks:post_report": NetworkURL(READERS, kwargs=_post),
        "networks:post_hide": NetworkURL(
            MODERATES,
            method="post",
            kwargs=_post,
            data=lambda o: {"reason": "Matrix"},
            effect=_hidden,
        ),
    }
)


NETWORK_URLS.update(
    {
        "networks:thread_unpin": NetworkURL(
            MODERATES,
            method="post",
            kwargs=_settled,
            effect=lambda o: _settled_state(o, "is_pinned"),
        ),
        "networks:thread_reopen": NetworkURL(
            MODERATES,
            method="post",
            kwargs=_settled,
            effect=lambda o: _settled_state(o, "is_closed"),
        ),
        "networks:post_keep": NetworkURL(
            MODERATES, method="post", kwargs=_post, effect=_report_decision
        ),
        # Only a post's own author edits or deletes it; the matrix's post has none.
        "networks:post_edit": NetworkURL(set(), kwargs=_post),
        "networks:post_delete": NetworkURL(set(), kwargs=_post),
        "networks:post_attachment": NetworkURL(
            READERS, kwargs=lambda o: {"pk": o["network"].pk, "attachment_id": o["attachment"].pk}
        ),
        "networks:network_level": NetworkURL(
            READERS,
            method="post",
            kwargs=_network,
            data=lambda o: {"level": "all"},
            effect=lambda o: _levels(o, thread=None),
        ),
        "networks:thread_level": NetworkURL(
            READERS,
            method="post",
            kwargs=_thread,
            data=lambda o: {"level": "mute"},
            effect=lambda o: _levels(o, thread=o["thread"]),
        ),
        "networks:news_new": NetworkURL(RUNS_NETWORK, kwargs=_network),
    }
)
