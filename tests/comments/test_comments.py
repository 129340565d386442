"""Writing, replying, editing and deleting comments, as visitors and participants see it."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.comments.models import Comment
from mitwirken.comments.services import CommentError
from mitwirken.events.models import Event

from ..events.factories import make_event
from ..factories import UserFactory
from .helpers import comment_url, fresh, post_url, thread_url, write


def _comments(event):
    with scopes_disabled():
        return list(
            Comment.objects.filter(
                content_type=ContentType.objects.get_for_model(Event), object_id=event.pk
            )
        )


def test_a_visitor_is_asked_to_log_in_and_told_where_to_register(client, event):
    page = client.get(thread_url(event)).content.decode()
    assert "Noch keine Kommentare." in page
    assert "Bitte melden Sie sich an, um zu kommentieren." in page
    back = f"%2F{event.organisation.slug}%2Fveranstaltungen%2F{event.pk}%2F%23kommentare"
    assert f'href="/konto/login/?next={back}"'.replace("%2F", "/") in page
    assert 'href="/konto/signup/?next=' in page
    assert "Netzwerk-Profil anlegen" in page  # the hook of the registering app
    assert "<textarea" not in page

    response = client.post(post_url(event), {"text": "Anonym"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert _comments(event) == []


def test_an_account_without_a_confirmed_address_cannot_comment(client, event):
    person = UserFactory()
    EmailAddress.objects.filter(user=person).update(verified=False)
    client.force_login(person)
    page = client.get(thread_url(event)).content.decode()
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse, bevor Sie kommentieren" in page
    assert "<textarea" not in page
    response = client.post(post_url(event), {"text": "Trotzdem"})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse, bevor Sie kommentieren" in (
        response.content.decode()
    )
    assert _comments(event) == []


def test_a_comment_and_its_replies_appear_and_a_reply_to_a_reply_answers_the_top_comment(
    client, event, participant
):
    client.force_login(participant)
    page = client.get(thread_url(event)).content.decode()
    assert '<label class="kern-label" for="id_text">' in page  # a labelled textarea
    assert "Netiquette" in page

    response = client.post(post_url(event), {"text": "Wann beginnt die **Beteiligung**?"})
    (top,) = _comments(event)
    assert response["Location"] == f"/stadt-a/veranstaltungen/{event.pk}/#kommentar-{top.pk}"

    other = UserFactory(display_name="Nachbarin")
    client.force_login(other)
    client.post(comment_url("reply", top), {"text": "Im Januar."})
    reply = next(c for c in _comments(event) if c.pk != top.pk)
    assert reply.parent_id == top.pk
    page = client.get(comment_url("reply", reply)).content.decode()
    assert "Wann beginnt die <strong>Beteiligung</strong>?" in page  # it answers the top
    client.post(comment_url("reply", reply), {"text": "Danke!"})
    third = max(_comments(event), key=lambda c: c.pk)
    assert third.parent_id == top.pk  # one level deep

    page = client.get(thread_url(event)).content.decode()
    assert page.count('class="mw-comment"') == 3
    assert "3 Kommentare" in page
    assert page.index("Im Januar.") < page.index("Danke!")
    assert f'id="kommentar-{reply.pk}"' in page and "Nachbarin" in page


def test_the_author_edits_within_the_window_and_the_comment_is_marked_edited(
    client, event, participant
):
    comment = write(participant, event, "Erste Fassung")
    client.force_login(participant)
    assert "Bearbeiten" in client.get(thread_url(event)).content.decode()
    response = client.post(comment_url("edit", comment), {"text": "Zweite Fassung"})
    assert response.status_code == 302
    page = client.get(thread_url(event)).content.decode()
    assert "Zweite Fassung" in page and "bearbeitet am" in page
    assert fresh(comment).edited_at is not None

    with scopes_disabled():
        Comment.objects.filter(pk=comment.pk).update(
            created_at=comment.created_at - timedelta(minutes=16)
        )
    assert ">Bearbeiten<" not in client.get(thread_url(event)).content.decode()
    assert client.post(comment_url("edit", comment), {"text": "Zu spät"}).status_code == 403
    assert fresh(comment).text == "Zweite Fassung"

    client.force_login(UserFactory())
    with scopes_disabled():
        Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at)
    assert client.post(comment_url("edit", comment), {"text": "Fremd"}).status_code == 403


def test_deleting_one_s_own_comment_needs_a_confirmation_and_keeps_the_replies(
    client, event, participant
):
    comment = write(participant, event, "Bitte löschen")
    reply = write(UserFactory(), event, "Eine Antwort darauf", parent=comment)
    client.force_login(participant)
    page = client.get(comment_url("delete", comment)).content.decode()
    assert "Möchten Sie diesen Kommentar wirklich löschen?" in page
    assert fresh(comment).status == Comment.Status.VISIBLE  # a GET changes nothing

    client.force_login(UserFactory())
    assert client.post(comment_url("delete", comment)).status_code == 403

    client.force_login(participant)
    client.post(comment_url("delete", comment))
    assert fresh(comment).status == Comment.Status.DELETED and fresh(comment).text == ""
    page = client.get(thread_url(event)).content.decode()
    assert "Kommentar gelöscht" in page and "Bitte löschen" not in page
    assert "Eine Antwort darauf" in page and fresh(reply).parent_id == comment.pk


def test_markdown_in_comments_is_a_sanitised_subset(client, event, participant):
    write(
        participant,
        event,
        "# Überschrift\n\n<script>alert(1)</script>\n\n[klick](javascript:alert(1)) "
        "![Bild](https://example.org/a.png) [Quelle](https://example.org/quelle) *kursiv*",
    )
    page = client.get(thread_url(event)).content.decode()
    text = page[page.index('mw-comment__text">') :]
    text = text[: text.index("</div>")]
    assert "<script" not in text and "alert(1)</script>" not in page
    assert 'href="javascript' not in text and "[klick]" in text  # shown as text, not linked
    assert "<h" not in text and "<img" not in text
    assert '<a href="https://example.org/quelle" rel="nofollow noopener noreferrer">' in text
    assert "<em>kursiv</em>" in text


def test_overlong_comments_get_a_german_error(client, event, participant, settings):
    client.force_login(participant)
    page = client.post(post_url(event), {"text": "x" * (settings.COMMENT_MAX_LENGTH + 1)})
    page = page.content.decode()
    assert "Ihr Kommentar ist zu lang: Möglich sind höchstens 5000 Zeichen" in page
    assert 'aria-invalid="true"' in page
    assert _comments(event) == []


def test_comments_are_rate_limited_per_account(client, event, participant, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": (2, 600)}
    client.force_login(participant)
    for number in range(2):
        assert client.post(post_url(event), {"text": f"Nr. {number}"}).status_code == 302
    page = client.post(post_url(event), {"text": "Nr. 3"}).content.decode()
    assert "Sie haben in kurzer Zeit viele Kommentare geschrieben." in page
    assert len(_comments(event)) == 2


def test_the_template_tag_shows_the_comments_on_the_object_s_own_page(event, participant):
    write(participant, event, "Auf der Seite der Veranstaltung")
    request = RequestFactory().get(f"/stadt-a/veranstaltungen/{event.pk}/")
    request.user = participant
    with scope(organisation=event.organisation):
        html = Template("{% load comments %}{% comments event %}").render(
            Context({"request": request, "event": event})
        )
    assert "Auf der Seite der Veranstaltung" in html
    assert 'action="' + post_url(event) + '"' in html


def _add_comments(event, count):
    """``count`` comments on ``event``: half of them top-level, half replies to those."""
    with scopes_disabled():
        authors = [UserFactory() for _ in range(5)]
        event_type = ContentType.objects.get_for_model(Event)
        tops = Comment.objects.bulk_create(
            Comment(
                organisation=event.organisation,
                content_type=event_type,
                object_id=event.pk,
                author=authors[n % 5],
                text=f"Kommentar **{n}** mit [Link](https://example.org/{n})",
            )
            for n in range(count // 2)
        )
        Comment.objects.bulk_create(
            Comment(
                organisation=event.organisation,
                content_type=event_type,
                object_id=event.pk,
                parent=tops[n % len(tops)],
                author=authors[(n + 1) % 5],
                text=f"Antwort {n}",
            )
            for n in range(count - count // 2)
        )


def _queries_of(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_thread_page_makes_the_same_number_of_queries_at_10_and_1000_comments(
    client, event, participant
):
    client.force_login(participant)
    _add_comments(event, 10)
    client.get(thread_url(event))  # the session and the content types warm up
    small, page = _queries_of(client, thread_url(event))
    assert "10 Kommentare" in page and page.count('class="mw-comment"') == 10
    _add_comments(event, 990)
    large, page = _queries_of(client, thread_url(event))
    assert "1000 Kommentare" in page
    assert "Seite 1 von 10" in page  # 500 top-level comments, 50 a page, with their replies
    assert page.count('class="mw-comment"') == 50 + 50  # 50 top comments, one reply each
    assert small == large, (small, large)
    second, page = _queries_of(client, thread_url(event) + "?kommentarseite=2")
    assert second == large and "Seite 2 von 10" in page


def test_unknown_foreign_and_unreadable_objects_and_comments_answer_404(
    client, event, participant, org_b
):
    client.force_login(participant)
    user_type = ContentType.objects.get_for_model(type(participant)).pk
    event_type = ContentType.objects.get_for_model(Event).pk
    foreign = make_event(org_b)
    draft = make_event(event.organisation, status=Event.Status.DRAFT)
    for content_type_id, object_id in [
        (user_type, participant.pk),  # not commentable
        (event_type, 999999999999999999),
        (event_type, foreign.pk),  # another organisation's
        (event_type, draft.pk),  # not readable
        (999999999, event.pk),
    ]:
        kwargs = {"org": "stadt-a", "content_type_id": content_type_id, "object_id": object_id}
        assert client.get(reverse("comments:thread", kwargs=kwargs)).status_code == 404
        assert (
            client.post(reverse("comments:post", kwargs=kwargs), {"text": "x"}).status_code == 404
        )
    comment = write(participant, event)
    for name in ["reply", "edit", "delete", "report", "hide", "keep", "release"]:
        other_org = reverse(f"comments:{name}", kwargs={"org": "stadt-b", "comment_id": comment.pk})
        missing = reverse(f"comments:{name}", kwargs={"org": "stadt-a", "comment_id": 10**17})
        assert client.post(other_org).status_code == 404
        assert client.get(missing).status_code in (404, 405)


def test_the_use_case_refuses_overlong_and_empty_text_without_a_form_too(event, participant):
    with pytest.raises(CommentError, match="höchstens 5000 Zeichen"):
        write(participant, event, "x" * 5001)
    with pytest.raises(CommentError, match="Bitte schreiben Sie einen Kommentar."):
        write(participant, event, "   ")
    assert _comments(event) == []
