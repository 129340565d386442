"""Reads of the discussion: a constant number of queries whatever the number of threads,
posts or readers (pagination, select_related, one subquery for what the reader has seen)."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery

from .discussion_models import Post, Thread, ThreadVisit

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 50


def threads_page(network, user, page_number):
    """A page of the network's threads, pinned first, then by the latest post; each with its
    number of posts and ``seen_at``, when the reader last looked (None: never)."""
    threads = (
        Thread.objects.filter(network=network)
        .select_related("author")
        .annotate(post_count=Count("posts"))
        .order_by(*Thread._meta.ordering)
    )
    if user.is_authenticated:
        visits = ThreadVisit.objects.filter(thread=OuterRef("pk"), user=user)
        threads = threads.annotate(seen_at=Subquery(visits.values("seen_at")[:1]))
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def latest_threads(network, count=5):
    return list(Thread.objects.filter(network=network).select_related("author")[:count])


def seen_at(user, thread):
    if not user.is_authenticated:
        return None
    return (
        ThreadVisit.objects.filter(thread=thread, user=user)
        .values_list("seen_at", flat=True)
        .first()
    )


def posts_page(thread, page_number):
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author", "quote__author")
        .prefetch_related("attachments")
    )
    return Paginator(posts, POSTS_PER_PAGE).get_page(page_number)


def page_of_post(thread, post_id) -> int | None:
    """The page on which a post of the thread stands (for links from mails)."""
    post = Post.objects.filter(thread=thread, pk=post_id).values("created_at", "pk").first()
    if post is None:
        return None
    before = (
        Post.objects.filter(thread=thread, created_at__lt=post["created_at"]).count()
        + Post.objects.filter(
            thread=thread, created_at=post["created_at"], pk__lt=post["pk"]
        ).count()
    )
    return before // POSTS_PER_PAGE + 1
