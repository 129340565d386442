import logging
from contextlib import nullcontext

from django.conf import settings
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)


@task(takes_context=True)
def send_mail(context, *, kind: str, organisation_id: int | None, params: dict) -> str:
    """Build one mail of a registered kind (``core.mail.register_mail``) and send it, inside
    the scope of the organisation it is about. Safe to run twice: the second run sends
    nothing."""
    from .mail import mail_kind, send_once
    from .tenancy import in_scope_of

    kind_of_mail = mail_kind(kind)
    with in_scope_of(organisation_id) if organisation_id else nullcontext():
        message = kind_of_mail.build(**params)
        if message is None:
            return "gone"
        sent = send_once(str(context.task_result.id), message)
        if kind_of_mail.sent:
            kind_of_mail.sent(**params)
    return "sent" if sent else "sent before"


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
