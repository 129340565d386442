"""A periodic job that stops running (a broken timer, a cron file without the right PATH)
shows on /healthz and on the platform admin's overview instead of failing silently."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from mitwirken.core.jobs import overdue_jobs, periodic_jobs
from mitwirken.core.models import JobRun
from tests.factories import PASSWORD

SCHEDULED = {
    "purge_registrations",
    "expire_offers",
    "prune_sent_mails",
    "send_digests",
    "purge_survey_drafts",
}


def _age_the_installation(days=3):
    """As if the installation had first asked about its jobs days ago."""
    overdue_jobs()
    JobRun.objects.update(first_seen_at=timezone.now() - timedelta(days=days))


def test_the_jobs_the_operator_guide_schedules_are_watched(db):
    assert {job.name for job in periodic_jobs()} >= SCHEDULED


def test_a_fresh_installation_has_no_overdue_job_yet(client, db):
    body = client.get("/healthz").json()
    assert body["periodic_jobs"] == "ok"
    assert body["overdue_jobs"] == []


def test_a_job_that_never_ran_is_reported_but_does_not_fail_the_load_balancer_check(client, db):
    _age_the_installation()
    response = client.get("/healthz")
    assert response.status_code == 200  # the app server itself is fine
    body = response.json()
    assert body["status"] == "ok"
    assert body["periodic_jobs"] == "overdue"
    assert set(body["overdue_jobs"]) >= SCHEDULED
    # Monitoring asks with ?jobs=1 and gets an error it can alert on.
    strict = client.get("/healthz?jobs=1")
    assert strict.status_code == 503
    assert strict.json()["status"] == "error"


def test_running_the_commands_clears_the_report(client, db):
    _age_the_installation()
    call_command("purge_registrations", stdout=StringIO())
    call_command("expire_offers", stdout=StringIO())
    call_command("prune_sent_mails", stdout=StringIO())
    call_command("send_digests", stdout=StringIO())
    call_command("purge_survey_drafts", stdout=StringIO())
    body = client.get("/healthz?jobs=1").json()
    assert body["periodic_jobs"] == "ok", body
    assert set(body["overdue_jobs"]).isdisjoint(SCHEDULED)


def test_a_purge_that_stopped_two_periods_ago_is_overdue(db):
    call_command("purge_registrations", stdout=StringIO())
    names = {job.name for job, _last in overdue_jobs()}
    assert "purge_registrations" not in names
    JobRun.objects.filter(name="purge_registrations").update(
        last_success_at=timezone.now() - timedelta(minutes=46)
    )
    late = {job.name: last for job, last in overdue_jobs()}
    assert late["purge_registrations"] is not None  # it ran once, then stopped


def test_the_platform_admin_sees_overdue_jobs_on_the_staff_overview(
    client, operator, platform_admin
):
    _age_the_installation()
    client.login(email=platform_admin.email, password=PASSWORD)
    page = client.get(f"/{operator.slug}/verwaltung/").content.decode()
    assert "Regelmäßige Aufgaben laufen nicht" in page
    assert "purge_registrations" in page
    assert "noch nie gelaufen" in page


def test_staff_who_are_not_platform_admins_are_not_bothered(client, org_a, staff_a):
    _age_the_installation()
    client.login(email=staff_a["admin"].email, password=PASSWORD)
    page = client.get(f"/{org_a.slug}/verwaltung/").content.decode()
    assert "purge_registrations" not in page
