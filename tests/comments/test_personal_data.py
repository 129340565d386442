"""A person's comments and reports in "Meine Daten", and what account deletion leaves."""

import json

from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.comments import services
from mitwirken.comments.models import Comment, Report
from mitwirken.organisations.models import Role

from ..accounts.test_accounts import _all_text_columns_containing
from ..factories import UserFactory
from .helpers import thread_url, write


def _person():
    return UserFactory(
        email="kommentiert@example.org",
        display_name="Kommentatorin",
        real_name="Greta Klarname",
        show_real_name=True,
    )


def test_the_data_download_contains_the_person_s_comments_and_reports(client, event):
    person = _person()
    other = write(UserFactory(), event, "Ein anderer Kommentar")
    write(person, event, "Mein eigener Kommentar")
    with scope(organisation=event.organisation):
        services.report_comment(person, other, reason="spam", text="Werbung für Pillen")
    client.force_login(person)
    data = json.loads(client.post(reverse("accounts:export_data")).content)["comments"]
    assert [c["text"] for c in data["comments"]] == ["Mein eigener Kommentar"]
    assert data["comments"][0]["organisation"] == "Stadt A"
    assert [(r["reason"], r["text"]) for r in data["reports"]] == [("Spam", "Werbung für Pillen")]


def test_after_account_deletion_the_comments_stay_as_deleted_account_and_no_trace_is_left(
    client, event, staff_a, django_capture_on_commit_callbacks
):
    person = _person()
    own = write(person, event, "Das bleibt stehen")
    reported = write(UserFactory(), event, "Gemeldet und entschieden")
    still_open = write(UserFactory(), event, "Gemeldet und offen")
    with scope(organisation=event.organisation), django_capture_on_commit_callbacks(execute=True):
        decided = services.report_comment(person, reported, reason="insult", text="von Greta")
        services.report_comment(person, still_open, reason="other", text="Greta meint")
        services.keep_comment(staff_a[Role.MODERATOR], reported)
    assert _all_text_columns_containing("kommentiert@example.org")
    assert _all_text_columns_containing("Greta")

    client.force_login(person)
    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert _all_text_columns_containing("kommentiert@example.org") == []
    assert _all_text_columns_containing("Greta") == []
    with scopes_disabled():
        comment = Comment.objects.get(pk=own.pk)
        assert comment.author is None and comment.text == "Das bleibt stehen"
        assert list(Report.objects.values_list("pk", "reporter", "text")) == [
            (decided.pk, None, "")
        ]
    page = client.get(thread_url(event)).content.decode()
    assert "Das bleibt stehen" in page and "gelöschtes Konto" in page


def test_the_deletion_page_says_what_becomes_of_comments(client, participant):
    client.force_login(participant)
    page = client.get(reverse("accounts:delete_account")).content.decode()
    assert "als von einem „gelöschten Konto“ geschrieben" in page
