"""What the discussion holds about a person: their posts (exported; on account deletion
they stay, as written by "gelöschtes Konto", so that threads still read in order — the
privacy text says so) and when they last saw each thread (deleted)."""

from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .discussion_models import Post, ThreadVisit


def export(user) -> list:
    with scopes_disabled():
        posts = Post.objects.filter(author=user).select_related("thread__network__organisation")
        return [
            {
                "network": post.thread.network.name,
                "organisation": post.thread.network.organisation.name,
                "thread": post.thread.title,
                "text": post.text,
                "deleted": post.is_deleted,
                "written_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            }
            for post in posts.order_by("created_at")
        ]


def erase(user) -> None:
    with scopes_disabled():
        ThreadVisit.objects.filter(user=user).delete()
        # Posts and threads keep their text; their author becomes NULL with the account.


personal_data.register("networks_discussion", export=export, erase=erase)
