"""The mail with the personal resume link of a survey draft.

Why it is rendered now and not by a task from the draft's id: the draft keeps only the hash
of its token, so no task could write the link later; and the task table must hold no address
and no link. So the mail is rendered at once and waits in ``core.OutgoingMail``, which is
deleted as soon as it is sent (``core.mail.queue_rendered``, as allauth's mails do). The
address is never stored with the draft — for an anonymous survey it would name the person
beside their answers so far: it exists only in that outgoing mail, until it is sent, and
after the survey is submitted the draft (and so what the link leads to) is gone as well."""

from django.utils import translation

from mitwirken.core.mail import queue_rendered, render_mail


def queue_resume_link(survey, email, link, expires_at) -> None:
    project = survey.module.project
    message = render_mail(
        "participation/email/survey_resume",
        email,
        {
            "survey": survey,
            "module": survey.module,
            "project": project,
            "link": link,
            "expires_at": expires_at,
        },
        language=translation.get_language(),
        organisation_name=project.organisation.name,
    )
    queue_rendered(message)
