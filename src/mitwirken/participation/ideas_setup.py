"""What the idea collection registers (called from ``ParticipationConfig.ready()``): its
module kind, comments under ideas, its kinds of mail, its personal data."""

from django.contrib.auth.models import AnonymousUser


class _UserOnly:
    """A request-like object for ``access.participant`` where only the user is known (the
    comments registry asks with a user): no invitation or access code from a session."""

    def __init__(self, user):
        self.user = user if user is not None else AnonymousUser()
        self.session = {}


def _project(idea):
    return idea.collection.module.project


def can_read(user, idea) -> bool:
    from . import access

    return access.can_view(user, _project(idea)) and not idea.is_hidden


def can_write(user, idea) -> bool:
    """Who may take part in the project (by account), while the module is open."""
    from . import access

    project = _project(idea)
    return (
        idea.is_active
        and idea.collection.module.is_open()
        and access.participant(_UserOnly(user), project) is not None
    )


def _moderates(idea):
    return lambda user: user.has_perm("participation.moderate_project", _project(idea))


def ready() -> None:
    from mitwirken.comments.registry import register_commentable

    from . import (  # noqa: F401  ideas_personal_data registers export and erasure
        demo_ideas,
        ideas_emails,
        ideas_personal_data,
        ideas_queries,
        ideas_services,
        ideas_statistics,
        ideas_views,
    )
    from .demo import register_module_demo
    from .mine import register_contributions
    from .models import Module
    from .models_ideas import Idea
    from .modules import register_module_kind

    register_module_kind(
        Module.Kind.IDEAS,
        page=ideas_views.module_page,
        summary=ideas_views.module_summary,
        created=ideas_services.module_created,
        statistics=ideas_statistics.statistics,
    )
    register_commentable(
        Idea,
        can_read=can_read,
        can_write=can_write,
        moderators=_moderates,
        url=lambda idea: idea.get_absolute_url(),
        title=lambda idea: idea.title,
        organisation=lambda idea: _project(idea).organisation,
    )
    ideas_emails.register()
    register_module_demo(Module.Kind.IDEAS, demo_ideas.fill_demo)
    register_contributions(ideas_queries.contributions_of)
