import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)


@task(takes_context=True)
def send_email(
    context,
    *,
    subject: str,
    text: str,
    html: str | None,
    to: list[str],
    from_email: str,
    attachments: list | None = None,
) -> bool:
    from .mail import send_once

    message = EmailMultiAlternatives(subject, text, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return send_once(str(context.task_result.id), message)


def schedule(task_function, run_after, **kwargs):
    """Enqueue a task to run later (reminders, offer deadlines). Uses the task backend
    "scheduled" where one is configured (the tests inspect it), else the default one."""
    backend = "scheduled" if "scheduled" in settings.TASKS else "default"
    if not task_backends[backend].supports_defer:
        # E.g. TASKS_IMMEDIATE in development: there is no worker to run it later.
        logger.warning(
            "task backend %r cannot run tasks later; %s not scheduled",
            backend,
            task_function.name,
        )
        return None
    return task_function.using(backend=backend, run_after=run_after).enqueue(**kwargs)
