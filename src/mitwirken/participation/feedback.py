"""The Rückmeldung of a project: staff write it (summary, what was adopted and why, what not
and why, next steps) and publish it; everyone who contributed and asked to be told gets one
mail, queued in the transaction that publishes it (one task per person, with IDs only; sent
once even if a task runs twice). Editing it afterwards sends nothing again."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mitwirken.core.mail import queue_mail, render_mail
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import Feedback, FeedbackSubscription, Project

FEEDBACK_SAVED = register_audit_action("project_feedback_saved", gettext_lazy("Feedback saved"))
FEEDBACK_PUBLISHED = register_audit_action(
    "project_feedback_published", gettext_lazy("Feedback published")
)
FEEDBACK_FIELDS = ("summary", "adopted", "not_adopted", "next_steps")


def subscribe(project, email, user=None) -> None:
    """``email`` wants to be told what became of the contributions (once per project; a
    second wish is the first). Call it in the transaction of the contribution."""
    try:
        with transaction.atomic():
            FeedbackSubscription.objects.get_or_create(
                project=project, email=email.strip().lower(), defaults={"user": user}
            )
    except IntegrityError:  # the same address at the same moment: it is there
        pass


@transaction.atomic
def save_feedback(actor, project, **fields) -> Feedback:
    unknown = set(fields) - set(FEEDBACK_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the feedback: {', '.join(sorted(unknown))}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    feedback, _created = Feedback.objects.get_or_create(project=project, defaults=fields)
    for name, value in fields.items():
        setattr(feedback, name, value)
    feedback.save()
    record(project.organisation, actor, FEEDBACK_SAVED, project.title)
    return feedback


def waiting_for_feedback(project) -> int:
    """How many people will be told when the feedback is published."""
    return FeedbackSubscription.objects.filter(project=project, notified=False).count()


@transaction.atomic
def publish_feedback(actor, project) -> int:
    """Publish the project's feedback (once; publishing it again changes nothing) and tell
    everyone waiting for it. Returns how many are told."""
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    feedback = Feedback.objects.select_for_update().get(project=project)
    if feedback.is_published:
        return 0
    feedback.published_at = timezone.now()
    feedback.save(update_fields=["published_at", "updated_at"])
    waiting = list(
        FeedbackSubscription.objects.filter(project=project, notified=False).values_list(
            "pk", flat=True
        )
    )
    for subscription_id in waiting:
        queue_mail(
            "participation.feedback_published",
            organisation_id=project.organisation_id,
            subscription_id=str(subscription_id),
        )
    record(project.organisation, actor, FEEDBACK_PUBLISHED, project.title)
    return len(waiting)


def build_feedback_mail(*, subscription_id):
    subscription = (
        FeedbackSubscription.objects.select_related("project__organisation", "project__feedback")
        .filter(pk=subscription_id, notified=False)
        .first()
    )
    if subscription is None:
        return None  # told already, or erased with the person
    project = subscription.project
    language = getattr(subscription.user, "language", None) if subscription.user_id else None
    return render_mail(
        "participation/email/feedback_published",
        subscription.email,
        {
            "project_title": project.title,
            "organisation_name": project.organisation.name,
            "summary": project.feedback.summary,
            "url": settings.SITE_URL + project.get_absolute_url(),
        },
        language=language,
        organisation_name=project.organisation.name,
    )


def feedback_mail_sent(*, subscription_id) -> None:
    FeedbackSubscription.objects.filter(pk=subscription_id).update(notified=True)
