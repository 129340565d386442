"""What may be commented on: the owning app registers its model in ``AppConfig.ready()``::

    register_commentable(
        Result,
        can_read=lambda user, result: user.has_perm("networks.view_network", result.network),
        can_write=lambda user, result: user.has_perm("networks.post", result.network),
        moderators=lambda result: result.network.coordinators(),  # users, or a predicate
        url=lambda result: result.get_absolute_url(),
        title=lambda result: result.title,
        organisation=lambda result: result.network.organisation,
        signup=lambda request, result: (url, _("Create a network profile")),  # optional
    )

The comments app imports none of its owners: it finds an object's entry by its model."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Commentable:
    model: type[Model]
    can_read: Callable  # (user, obj) -> bool
    can_write: Callable  # (user, obj) -> bool: besides a verified address, may this person write?
    moderators: Callable  # (obj) -> queryset of users, or a predicate (user) -> bool
    url: Callable  # (obj) -> the page that shows the object with its comments
    title: Callable  # (obj) -> str
    organisation: Callable  # (obj) -> Organisation
    signup: Callable | None = None  # (request, obj) -> (url, label) of a further sign-up link

    def is_moderator(self, user, obj) -> bool:
        """Named by the owner as a moderator of this object (e.g. a network's coordinator)."""
        if not user.is_authenticated:
            return False
        named = self.moderators(obj)
        if isinstance(named, QuerySet):
            return named.filter(pk=user.pk).exists()
        return bool(named(user))


_registry: dict[str, Commentable] = {}


def register_commentable(
    model, *, can_read, can_write, moderators, url, title, organisation, signup=None
) -> Commentable:
    entry = Commentable(model, can_read, can_write, moderators, url, title, organisation, signup)
    _registry[model._meta.label_lower] = entry
    return entry


def unregister_commentable(model) -> None:
    _registry.pop(model._meta.label_lower, None)


def entry_for_model(model) -> Commentable | None:
    return _registry.get(model._meta.label_lower)


def entry_for(obj) -> Commentable | None:
    return entry_for_model(type(obj))


def find_target(content_type_id: int, object_id: int):
    """The registered object a URL names, as (entry, obj), or (None, None). Looked up in the
    current scope: an object of another organisation is not found."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        return None, None
    model = content_type.model_class()
    entry = entry_for_model(model) if model else None
    if entry is None:
        return None, None
    obj = model._default_manager.filter(pk=object_id).first()
    return (entry, obj) if obj is not None else (None, None)
