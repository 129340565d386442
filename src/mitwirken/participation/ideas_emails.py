"""The mails of the idea collection, built from IDs when the task runs, in the recipient's
language: a new status of one's idea (with its public reason), a merge, and the moderators'
decisions on a reported idea. Each returns None when what it is about is gone."""

from django.conf import settings

from mitwirken.core.mail import render_mail

from .models_ideas import Idea, StatusChange


def _url(idea) -> str:
    return f"{settings.SITE_URL}{idea.get_absolute_url()}"


def _with_project(queryset):
    return queryset.select_related("collection__module__project__organisation", "author")


def build_status(*, status_change_id):
    """The status this change gave the idea and its reason (not whatever the idea's status
    is when the mail is written: each change is told as it was decided)."""
    change = StatusChange.objects.filter(pk=status_change_id, merged_into=None).first()
    if change is None:
        return None
    idea = _with_project(Idea.objects.filter(pk=change.idea_id)).first()
    if idea is None or idea.author is None or idea.withdrawn:
        return None
    project = idea.collection.module.project
    return render_mail(
        "participation/email/idea_status",
        idea.author.email,
        {
            "idea_title": idea.title,
            "project_title": project.title,
            "status": change.get_to_status_display(),
            "reason": change.reason,
            "url": _url(idea),
        },
        language=idea.author.language,
        organisation_name=project.organisation.name,
    )


def build_merged(*, status_change_id, role):
    """To the author of the duplicate ("your idea was merged into …") or of the idea it was
    merged into ("… was merged into your idea")."""
    change = StatusChange.objects.filter(pk=status_change_id, merged_into__isnull=False).first()
    if change is None:
        return None
    ideas = {
        idea.pk: idea
        for idea in _with_project(
            Idea.objects.filter(pk__in=[change.idea_id, change.merged_into_id])
        )
    }
    duplicate, target = ideas.get(change.idea_id), ideas.get(change.merged_into_id)
    if duplicate is None or target is None:
        return None
    recipient = (duplicate if role == "duplicate" else target).author
    if recipient is None:
        return None
    project = duplicate.collection.module.project
    return render_mail(
        "participation/email/idea_merged",
        recipient.email,
        {
            "yours_is_the_duplicate": role == "duplicate",
            "duplicate_title": duplicate.title,
            "target_title": target.title,
            "project_title": project.title,
            "reason": change.reason,
            "url": _url(target),
            "supports_carried_over": role == "duplicate",
        },
        language=recipient.language,
        organisation_name=project.organisation.name,
    )


def build_hidden(*, idea_id):
    idea = _with_project(Idea.objects.filter(pk=idea_id, hidden_at__isnull=False)).first()
    if idea is None or idea.author is None:
        return None
    project = idea.collection.module.project
    return render_mail(
        "participation/email/idea_hidden",
        idea.author.email,
        {
            "idea_title": idea.title,
            "project_title": project.title,
            "reason": idea.hidden_reason,
            "url": _url(idea),
        },
        language=idea.author.language,
        organisation_name=project.organisation.name,
    )


def build_report_decided(*, report_id):
    from mitwirken.comments.models import Report

    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or report.reporter is None or not report.decision:
        return None
    idea = _with_project(Idea.objects.filter(pk=report.object_id)).first()
    if idea is None:
        return None
    project = idea.collection.module.project
    return render_mail(
        "participation/email/idea_report_decided",
        report.reporter.email,
        {
            "idea_title": idea.title,
            "project_title": project.title,
            "hidden": report.decision == Report.Decision.HIDDEN,
            "reason": report.decision_reason,
            "url": _url(idea),
        },
        language=report.reporter.language,
        organisation_name=project.organisation.name,
    )


def register() -> None:
    from mitwirken.core.mail import register_mail

    register_mail("participation.idea_status", build_status)
    register_mail("participation.idea_merged", build_merged)
    register_mail("participation.idea_hidden", build_hidden)
    register_mail("participation.idea_report_decided", build_report_decided)
