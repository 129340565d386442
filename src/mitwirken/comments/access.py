"""The choke points of the comment pages: the commented object of a URL, and a comment of a
URL, each looked up in the organisation's scope and readable by the person, else 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from mitwirken.organisations.tenancy import organisation_view

from .models import Comment
from .registry import entry_for, find_target


def _readable(request, organisation, entry, target) -> bool:
    return (
        entry is not None
        and target is not None
        and entry.organisation(target).pk == organisation.pk
        and entry.can_read(request.user, target)
    )


def target_view(*, login=False):
    """A page about the comments of one object (``<id:content_type_id>/<id:object_id>``):
    the view gets ``(request, organisation, entry, target)``."""

    def decorator(view):
        @wraps(view)
        def checked(request, organisation, content_type_id, object_id):
            entry, target = find_target(content_type_id, object_id)
            if not _readable(request, organisation, entry, target):
                raise Http404
            if login and not request.user.is_authenticated:
                return redirect_to_login(entry.url(target) + "#kommentare")
            return view(request, organisation, entry, target)

        return organisation_view(checked)

    return decorator


def comment_view(view):
    """A page about one comment (``<id:comment_id>``), for signed-in people: the view gets
    ``(request, organisation, comment, entry)``; ``comment.target`` is loaded."""

    @wraps(view)
    def checked(request, organisation, comment_id):
        comment = (
            Comment.objects.filter(pk=comment_id)
            .select_related("organisation", "author", "parent")
            .first()
        )
        target = comment.target if comment else None
        entry = entry_for(target) if target is not None else None
        if not _readable(request, organisation, entry, target):
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, organisation, comment, entry)

    return organisation_view(checked)
