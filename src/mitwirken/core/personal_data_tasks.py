"""Queued and finished e-mail tasks keep the recipient's address in the task table; they go
with the account."""

from django.db.models import TextField
from django.db.models.functions import Cast

from . import personal_data


def _task_rows(user):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.annotate(payload=Cast("args_kwargs", TextField())).filter(
        payload__icontains=user.email
    )


def export(user) -> dict:
    return {"queued_or_sent_emails": _task_rows(user).count()}


def erase(user) -> None:
    _task_rows(user).delete()


personal_data.register("tasks", export=export, erase=erase)
