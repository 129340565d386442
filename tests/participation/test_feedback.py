"""The Rückmeldung: staff write and publish it; everyone who asked is told once, truthfully;
a change afterwards tells nobody again; only then can the project be concluded."""

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation import administration, feedback
from mitwirken.participation.models import FeedbackSubscription, Project

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(org_a):
    project = make_project(org_a)
    with scope(organisation=org_a):
        for email in ("a@example.org", "B@example.org", "a@example.org"):
            feedback.subscribe(project, email)
    return project


def _url(name, project):
    return reverse(name, kwargs={"org": project.organisation.slug, "pk": project.pk})


def test_subscribing_twice_is_once(project):
    with scopes_disabled():
        assert sorted(FeedbackSubscription.objects.values_list("email", flat=True)) == [
            "a@example.org",
            "b@example.org",
        ]


def test_publishing_tells_everyone_who_asked_once(
    client, project, staff_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_a[Role.EDITOR])
    edit = _url("participation:staff_feedback", project)
    assert "2 Personen möchten" in client.get(edit).content.decode()
    empty = client.post(edit, {"summary": ""})
    assert "Bitte füllen Sie das Feld „Zusammenfassung“ aus" in empty.content.decode()
    client.post(
        edit,
        {
            "summary": "Wir bauen zwölf Fahrradbügel am Markt.",
            "adopted": "Die Bügel, weil 140 Menschen sie unterstützt haben.",
            "not_adopted": "Die Seilbahn: zu teuer.",
            "next_steps": "Bau im Mai.",
        },
    )
    assert "zwölf Fahrradbügel" not in client.get(project.get_absolute_url()).content.decode()
    publish = _url("participation:staff_feedback_publish", project)
    confirm = client.get(publish).content.decode()
    assert "2 Personen, die darum gebeten haben, erhalten eine E-Mail" in confirm
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish, follow=True)
    assert "2 Personen werden per E-Mail informiert" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert project.title in message.subject
    assert "zwölf Fahrradbügel" in message.body
    assert project.get_absolute_url() in message.body
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Die Seilbahn: zu teuer." in page and "Bau im Mai." in page
    # Publishing again and a change afterwards: no further mail.
    with scopes_disabled():
        assert FeedbackSubscription.objects.filter(notified=True).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish)
        client.post(edit, {"summary": "Wir bauen vierzehn Fahrradbügel."})
    assert len(mail.outbox) == 2
    # And now it can be concluded.
    with scope(organisation=project.organisation):
        administration.conclude_project(None, project)
    project.refresh_from_db()
    assert project.status == Project.Status.CONCLUDED


def test_a_mail_task_that_runs_twice_sends_once(project, django_capture_on_commit_callbacks):
    with scope(organisation=project.organisation):
        feedback.save_feedback(None, project, summary="Was daraus wurde")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            feedback.publish_feedback(None, project)
    for callback in callbacks:
        callback()
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2
