from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.comments import services
from mitwirken.comments.models import Comment


def thread_url(event) -> str:
    return reverse(
        "comments:thread",
        kwargs={
            "org": event.organisation.slug,
            "content_type_id": ContentType.objects.get_for_model(type(event)).pk,
            "object_id": event.pk,
        },
    )


def post_url(event) -> str:
    return thread_url(event) + "schreiben/"


def comment_url(name, comment) -> str:
    return reverse(
        f"comments:{name}",
        kwargs={"org": comment.organisation.slug, "comment_id": comment.pk},
    )


def write(author, event, text="Ein Kommentar", parent=None) -> Comment:
    with scope(organisation=event.organisation):
        return services.post_comment(
            author, event, text=text, parent_id=parent.pk if parent else None
        )


def fresh(comment) -> Comment:
    with scopes_disabled():
        return Comment.objects.get(pk=comment.pk)
