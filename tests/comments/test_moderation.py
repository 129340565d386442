"""Reports, the moderation queues, the decisions and what everyone is told; pre-moderation."""

from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.comments.models import Comment, CommentSettings, Report
from mitwirken.organisations.models import AuditLogEntry, Role

from ..factories import UserFactory
from .helpers import comment_url, fresh, post_url, thread_url, write


def _report(client, reporter, comment, reason="insult", text="Das ist beleidigend."):
    client.force_login(reporter)
    return client.post(comment_url("report", comment), {"reason": reason, "text": text})


def test_a_report_reaches_the_queue_and_hiding_tells_the_author_and_the_reporter(
    client, event, participant, staff_a, django_capture_on_commit_callbacks
):
    author = UserFactory(email="autorin@example.org", display_name="Autorin")
    comment = write(author, event, "Ihr seid alle Dummköpfe")
    reporter = UserFactory(email="melder@example.org")
    response = _report(client, reporter, comment)
    assert response.status_code == 302
    page = client.get(comment_url("report", comment)).content.decode()
    assert "Beleidigung" in page and "Falschinformation" in page and "Datenschutz" in page
    assert (
        "Sie haben diesen Kommentar bereits gemeldet."
        in _report(client, reporter, comment).content.decode()
    )

    moderator = staff_a[Role.MODERATOR]
    client.force_login(moderator)
    queue_url = reverse("comments:staff_queue", kwargs={"org": "stadt-a"})
    page = client.get(queue_url).content.decode()
    assert "Ihr seid alle Dummköpfe" in page and "Das ist beleidigend." in page
    assert "Kommentar zu „Bürgerhaushalt 2027“" in page

    # Without a reason nothing is hidden.
    client.post(comment_url("hide", comment), {"next": queue_url})
    assert fresh(comment).status == Comment.Status.VISIBLE

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url("hide", comment),
            {f"c{comment.pk}-reason": "Beleidigung anderer Teilnehmender", "next": queue_url},
        )
    assert response["Location"] == queue_url
    assert fresh(comment).status == Comment.Status.HIDDEN
    assert "Nichts wartet auf eine Entscheidung." in client.get(queue_url).content.decode()

    page = client.get(thread_url(event)).content.decode()
    assert "von der Moderation ausgeblendet: Beleidigung anderer Teilnehmender" in page
    assert "Dummköpfe" not in page

    to_author = next(m for m in mail.outbox if m.to == ["autorin@example.org"])
    assert to_author.subject == "Ihr Kommentar wurde ausgeblendet"
    assert "die Moderation hat Ihren Kommentar zu „Bürgerhaushalt 2027“ ausgeblendet." in (
        to_author.body
    )
    assert "Begründung: Beleidigung anderer Teilnehmender" in to_author.body
    to_reporter = next(m for m in mail.outbox if m.to == ["melder@example.org"])
    assert to_reporter.subject == "Ihre Meldung: Der Kommentar wurde ausgeblendet"
    assert "Die Moderation hat den Kommentar ausgeblendet." in to_reporter.body
    assert "Begründung: Beleidigung anderer Teilnehmender" in to_reporter.body
    assert "Dummköpfe" not in to_reporter.body
    with scopes_disabled():
        report = Report.objects.get()
        assert (report.decision, report.decided_by) == (Report.Decision.HIDDEN, moderator)
        entry = AuditLogEntry.objects.get(action="comment_hidden")
        assert entry.actor == moderator and entry.organisation == event.organisation
    admin = staff_a[Role.ADMIN]
    client.force_login(admin)
    log = client.get(reverse("organisations:audit_log", kwargs={"org": "stadt-a"}))
    assert "Kommentar ausgeblendet" in log.content.decode()


def test_keeping_a_reported_comment_tells_the_reporter(
    client, event, participant, staff_a, django_capture_on_commit_callbacks
):
    comment = write(participant, event, "Die Zahlen stimmen nicht.")
    _report(client, UserFactory(email="pruefer@example.org"), comment, "misinformation", "")
    client.force_login(staff_a[Role.ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            comment_url("keep", comment), {f"k{comment.pk}-reason": "Eine Meinung, keine Lüge."}
        )
    assert fresh(comment).status == Comment.Status.VISIBLE
    (message,) = mail.outbox
    assert message.to == ["pruefer@example.org"]
    assert message.subject == "Ihre Meldung: Der Kommentar bleibt stehen"
    assert "entschieden, den Kommentar stehen zu lassen" in message.body
    assert "Begründung: Eine Meinung, keine Lüge." in message.body
    with scopes_disabled():
        assert Report.objects.get().decision == Report.Decision.KEPT
        assert AuditLogEntry.objects.filter(action="comment_kept").count() == 1


def test_who_may_take_decisions(client, event, participant, staff_a, event_moderator, org_b):
    comment = write(participant, event, "Gemeldet")
    _report(client, UserFactory(), comment, "spam")
    hide = comment_url("hide", comment)
    data = {f"c{comment.pk}-reason": "Werbung"}
    for person in [participant, UserFactory(), staff_a[Role.EDITOR]]:
        client.force_login(person)
        assert client.post(hide, data).status_code == 403
    client.logout()
    assert client.post(hide, data).status_code == 302  # to the login
    assert fresh(comment).status == Comment.Status.VISIBLE
    from ..factories import make_staff

    client.force_login(make_staff(org_b, Role.MODERATOR))  # another organisation's moderator
    assert client.post(hide, data).status_code == 403
    assert client.get(reverse("comments:staff_queue", kwargs={"org": "stadt-a"})).status_code == 403
    assert fresh(comment).status == Comment.Status.VISIBLE


def test_a_moderator_the_owner_names_has_a_queue_without_a_staff_role(
    client, event, participant, event_moderator, django_capture_on_commit_callbacks
):
    comment = write(participant, event, "Zum Moderieren")
    _report(client, UserFactory(email="hinweis@example.org"), comment, "other", "Off-topic")
    moderation = reverse("comments:moderation", kwargs={"org": "stadt-a"})
    client.force_login(UserFactory())
    assert "Zum Moderieren" not in client.get(moderation).content.decode()

    client.force_login(event_moderator)
    assert client.get(reverse("comments:staff_queue", kwargs={"org": "stadt-a"})).status_code == 403
    page = client.get(moderation).content.decode()
    assert "Zum Moderieren" in page and "Off-topic" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url("hide", comment), {f"c{comment.pk}-reason": "Nicht zum Thema"}
        )
    assert response["Location"] == moderation
    assert fresh(comment).hidden_reason == "Nicht zum Thema"
    assert sorted(m.to[0] for m in mail.outbox) == ["hinweis@example.org", participant.email]


def test_under_pre_moderation_comments_wait_for_release(
    client, event, participant, staff_a, django_capture_on_commit_callbacks
):
    settings_url = reverse("comments:staff_settings", kwargs={"org": "stadt-a"})
    client.force_login(staff_a[Role.ADMIN])
    page = client.get(settings_url).content.decode()
    assert "Nachmoderation" in page and "Vormoderation" in page
    client.post(settings_url, {"moderation": "pre"})
    with scopes_disabled():
        assert CommentSettings.objects.get(organisation=event.organisation).moderation == "pre"
        assert AuditLogEntry.objects.filter(action="comment_settings").exists()

    client.force_login(participant)
    assert (
        "sobald die Moderation sie freigegeben hat"
        in client.get(thread_url(event)).content.decode()
    )
    client.post(post_url(event), {"text": "Bitte freigeben"})
    with scopes_disabled():
        comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    page = client.get(thread_url(event)).content.decode()
    assert "Bitte freigeben" in page and "wartet auf Freigabe" in page  # the author sees it
    client.logout()
    assert "Bitte freigeben" not in client.get(thread_url(event)).content.decode()

    client.force_login(staff_a[Role.MODERATOR])
    queue = client.get(reverse("comments:staff_queue", kwargs={"org": "stadt-a"}))
    assert "Bitte freigeben" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url("release", comment))
    assert fresh(comment).status == Comment.Status.VISIBLE
    (message,) = mail.outbox
    assert message.to == [participant.email]
    assert "Alle können ihn jetzt lesen" in message.body
    client.logout()
    assert "Bitte freigeben" in client.get(thread_url(event)).content.decode()


def test_the_netiquette_is_a_platform_page_with_a_default_text(client, operator, event):
    from mitwirken.portal.platform import init_platform

    init_platform()
    page = client.get(reverse("core:platform_page", kwargs={"key": "netiquette"}))
    assert "Beleidigungen, Drohungen und Diskriminierung" in page.content.decode()
    client.force_login(UserFactory())
    thread = client.get(thread_url(event)).content.decode()
    assert 'href="/netiquette/">Netiquette</a>' in thread


def test_the_staff_navigation_leads_moderators_to_the_comments(client, staff_a):
    home = reverse("organisations:staff_home", kwargs={"org": "stadt-a"})
    queue = reverse("comments:staff_queue", kwargs={"org": "stadt-a"})
    client.force_login(staff_a[Role.MODERATOR])
    assert f'href="{queue}"' in client.get(home).content.decode()
    client.force_login(staff_a[Role.EDITOR])
    assert f'href="{queue}"' not in client.get(home).content.decode()


def _reported_comments(event, count):
    with scopes_disabled():
        reporter = UserFactory()
        for number in range(count):
            comment = Comment.objects.create(
                organisation=event.organisation,
                target=event,
                author=UserFactory(),
                text=f"Gemeldeter Kommentar {number}",
            )
            Report.objects.create(
                organisation=event.organisation, target=comment, reporter=reporter, reason="spam"
            )


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_both_queues_make_the_same_number_of_queries_at_3_and_60_reported_comments(
    client, event, staff_a, event_moderator
):
    staff_queue = reverse("comments:staff_queue", kwargs={"org": "stadt-a"})
    own_queue = reverse("comments:moderation", kwargs={"org": "stadt-a"})
    counts = {}
    for size in (3, 60):
        _reported_comments(event, size - (3 if size == 60 else 0))
        for person, url in ((staff_a[Role.MODERATOR], staff_queue), (event_moderator, own_queue)):
            client.force_login(person)
            client.get(url)  # the session warms up
            counts[size, url], page = _queries(client, url)
            assert page.count("Gemeldeter Kommentar") == min(size, 50)
    assert counts[3, staff_queue] == counts[60, staff_queue], counts
    assert counts[3, own_queue] == counts[60, own_queue], counts
