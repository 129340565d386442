"""Periodic jobs that the operator schedules (systemd timers or cron, docs/operators.md). Each
records its last successful run, so that a job that has stopped running shows — on /healthz
and on the platform admin's overview — instead of failing silently: a retention purge that
never runs is a broken privacy promise.

Apps register their jobs in ``AppConfig.ready()``; the command calls ``job_succeeded`` at its
end::

    register_periodic_job("purge_registrations", _("Privacy purge of registrations"),
                          every=timedelta(minutes=15))
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

# A job counts as overdue after twice its period plus this (a timer's randomised delay, a
# slow run, a short outage of the machine).
GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the management command
    label: str
    every: timedelta

    @property
    def overdue_after(self) -> timedelta:
        return 2 * self.every + GRACE


_jobs: dict[str, PeriodicJob] = {}


def register_periodic_job(name: str, label, *, every: timedelta) -> None:
    _jobs[name] = PeriodicJob(name, label, every)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def job_succeeded(name: str) -> None:
    from .models import JobRun

    JobRun.objects.update_or_create(name=name, defaults={"last_success_at": timezone.now()})


def overdue_jobs(now=None) -> list[tuple[PeriodicJob, object]]:
    """The registered jobs that have not succeeded within their period (twice, plus
    ``GRACE``), with the time of their last success (None: never). A job that never ran counts
    from the moment this installation first asked about it."""
    from .models import JobRun

    now = now or timezone.now()
    JobRun.objects.bulk_create(
        [JobRun(name=job.name, first_seen_at=now) for job in _jobs.values()],
        ignore_conflicts=True,
    )
    runs = {run.name: run for run in JobRun.objects.filter(name__in=list(_jobs))}
    overdue = []
    for job in periodic_jobs():
        run = runs[job.name]
        since = run.last_success_at or run.first_seen_at
        if now - since > job.overdue_after:
            overdue.append((job, run.last_success_at))
    return overdue
