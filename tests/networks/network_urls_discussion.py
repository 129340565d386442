"""The discussion's URLs for the network permission matrix (tests/networks/matrix.py): a
members-only discussion (the default) of a published network."""

from django_scopes import scopes_disabled

from mitwirken.networks.discussion_models import Post, Thread

from .matrix import MEMBERS_AND_UP, MODERATES, NetworkURL

READERS = MEMBERS_AND_UP
WRITERS = {"member", "coordinator", "org_editor", "org_admin", "platform_admin"}


def objects(network) -> dict:
    with scopes_disabled():
        thread = Thread.objects.create(network=network, title="Matrix-Thema")
        post = Post.objects.create(thread=thread, text="Erster Beitrag")
    return {"thread": thread, "post": post}


def _thread(o):
    return {"pk": o["network"].pk, "thread_id": o["thread"].pk}


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
