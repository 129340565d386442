"""The members' discussion: threads and replies, quotes, edits and deletions, pinning and
closing, read state, mentions (and their mails, which never carry the text), attachments,
bad input, and pages whose number of queries does not grow with the posts."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.networks.discussion_models import Post, Thread
from mitwirken.networks.models import Membership, Network

from ..core import upload_samples as samples
from ..factories import UserFactory
from .factories import make_member, make_network

SECRET = "Vertraulich-Haushaltsentwurf-4711"


@pytest.fixture
def network(org_a):
    return make_network(org_a)


@pytest.fixture
def member(network):
    return make_member(network, UserFactory(display_name="Erika Muster")).user


@pytest.fixture
def other_member(network):
    return make_member(network, UserFactory(display_name="Jan Kowalski")).user


def _url(network, name, **kwargs):
    return reverse(
        f"networks:{name}", kwargs={"org": network.organisation.slug, "pk": network.pk, **kwargs}
    )


def _start(client, network, title="Erfahrungen mit Bürgerräten", text="Wer hat Erfahrungen?"):
    return client.post(_url(network, "thread_new"), {"title": title, "text": text})


def _thread(network) -> Thread:
    with scopes_disabled():
        return Thread.objects.filter(network=network).latest("pk")


def test_a_member_starts_a_thread_and_another_replies_with_a_quote(
    client, network, member, other_member
):
    client.force_login(member)
    response = _start(client, network)
    thread = _thread(network)
    assert response.status_code == 302
    assert response["Location"] == _url(network, "thread", thread_id=thread.pk)

    client.force_login(other_member)
    with scopes_disabled():
        first = thread.posts.get()
    page = client.get(_url(network, "thread", thread_id=thread.pk) + f"?zitat={first.pk}")
    assert f'value="{first.pk}"' in page.content.decode()  # the quote is in the reply form
    response = client.post(
        _url(network, "thread_reply", thread_id=thread.pk),
        {"text": "Wir in Köln, gern.", "quote": first.pk},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Erika Muster schrieb:" in page
    assert "Wir in Köln, gern." in page and "Wer hat Erfahrungen?" in page
    with scopes_disabled():
        thread.refresh_from_db()
        assert thread.posts.count() == 2
        assert thread.last_post_at == thread.posts.latest("created_at").created_at


def test_visitors_and_non_members_see_nothing_of_a_members_only_discussion(
    client, network, member, participant
):
    client.force_login(member)
    _start(client, network, text=SECRET)
    thread = _thread(network)
    client.logout()
    for path in [_url(network, "threads"), _url(network, "thread", thread_id=thread.pk)]:
        response = client.get(path)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(participant)
    for path in [_url(network, "threads"), _url(network, "thread", thread_id=thread.pk)]:
        response = client.get(path)
        assert response.status_code == 403
        assert SECRET not in response.content.decode()
    assert client.post(_url(network, "thread_new"), {"title": "x", "text": "y"}).status_code == 403


def test_a_public_discussion_is_readable_but_only_members_write(client, network, member):
    with scopes_disabled():
        Network.objects.filter(pk=network.pk).update(discussion_audience="public")
    client.force_login(member)
    _start(client, network, text="Öffentlich lesbar")
    thread = _thread(network)
    client.logout()
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert "Öffentlich lesbar" in page
    assert 'id="antworten"' not in page
    response = client.post(_url(network, "thread_reply", thread_id=thread.pk), {"text": "x"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_editing_marks_the_post_and_deleting_leaves_a_placeholder(client, network, member):
    client.force_login(member)
    _start(client, network)
    thread = _thread(network)
    client.post(_url(network, "thread_reply", thread_id=thread.pk), {"text": "Zweiter Beitrag"})
    with scopes_disabled():
        post = thread.posts.latest("pk")
    response = client.post(_url(network, "post_edit", post_id=post.pk), {"text": "Korrigiert"})
    assert response.status_code == 302
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert "Korrigiert" in page and "bearbeitet" in page

    confirm = client.get(_url(network, "post_delete", post_id=post.pk))
    assert confirm.status_code == 200  # a confirmation page, never one click
    with scopes_disabled():
        assert Post.objects.get(pk=post.pk).deleted_at is None
    client.post(_url(network, "post_delete", post_id=post.pk))
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert "Beitrag gelöscht" in page and "Korrigiert" not in page
    with scopes_disabled():
        assert Post.objects.get(pk=post.pk).text == ""


def test_nobody_edits_or_deletes_another_persons_post(client, network, member, other_member):
    client.force_login(member)
    _start(client, network)
    with scopes_disabled():
        post = _thread(network).posts.get()
    client.force_login(other_member)
    assert client.get(_url(network, "post_edit", post_id=post.pk)).status_code == 403
    assert client.post(_url(network, "post_delete", post_id=post.pk)).status_code == 403
    with scopes_disabled():
        post.refresh_from_db()
    assert post.deleted_at is None and post.text == "Wer hat Erfahrungen?"


def test_coordinators_pin_and_close_members_cannot(client, network, member, org_a):
    client.force_login(member)
    _start(client, network, title="Erster")
    first = _thread(network)
    _start(client, network, title="Zweiter")
    assert client.post(_url(network, "thread_pin", thread_id=first.pk)).status_code == 403
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    client.post(_url(network, "thread_pin", thread_id=first.pk))
    listing = client.get(_url(network, "threads")).content.decode()
    assert listing.index("Erster") < listing.index("Zweiter")  # pinned on top
    client.post(_url(network, "thread_close", thread_id=first.pk))
    client.force_login(member)
    page = client.get(_url(network, "thread", thread_id=first.pk)).content.decode()
    assert "Geschlossen" in page and 'id="antworten"' not in page
    response = client.post(_url(network, "thread_reply", thread_id=first.pk), {"text": "Doch"})
    assert response.status_code == 302
    with scopes_disabled():
        assert first.posts.count() == 1  # refused: nothing added
    from mitwirken.organisations.models import AuditLogEntry

    with scopes_disabled():
        actions = set(
            AuditLogEntry.objects.filter(organisation=org_a).values_list("action", flat=True)
        )
    assert {"network_thread_pinned", "network_thread_closed"} <= actions


def test_new_posts_since_the_last_visit_are_marked(client, network, member, other_member):
    client.force_login(member)
    _start(client, network)
    thread = _thread(network)
    client.force_login(other_member)
    listing = client.get(_url(network, "threads")).content.decode()
    assert "Neu" in listing
    client.get(_url(network, "thread", thread_id=thread.pk))  # seen
    listing = client.get(_url(network, "threads")).content.decode()
    assert "Neue Beiträge seit Ihrem letzten Besuch" not in listing
    client.force_login(member)
    client.post(_url(network, "thread_reply", thread_id=thread.pk), {"text": "Nachtrag"})
    client.force_login(other_member)
    listing = client.get(_url(network, "threads")).content.decode()
    assert "Neue Beiträge seit Ihrem letzten Besuch" in listing
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert page.index("Neu seit Ihrem letzten Besuch") < page.index("Nachtrag")
    assert page.index("Wer hat Erfahrungen?") < page.index("Neu seit Ihrem letzten Besuch")


def test_a_mentioned_member_gets_title_and_link_but_never_the_text(
    client, network, member, other_member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, network, text=f"@Jan Kowalski, kannst du {SECRET} prüfen?")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [other_member.email]
    assert message.subject == "Neu in „Erfahrungen mit Bürgerräten“"
    body = message.body + "".join(content for content, _ in message.alternatives)
    assert SECRET not in body and SECRET not in message.subject
    assert "Erika Muster" in body and network.name in body
    thread = _thread(network)
    assert f"/diskussion/{thread.pk}/" in body


def test_only_members_can_be_mentioned_and_at_most_ten(client, network, member, org_a):
    outsider = UserFactory(display_name="Max Außenstehend")  # noqa: F841  exists, no member
    client.force_login(member)
    response = _start(client, network, text="Hallo @Max Außenstehend")
    assert response.status_code == 200
    page = response.content.decode()
    assert "„@Max“: Niemand dieses Namens ist Mitglied dieses Netzwerks" in page
    with scopes_disabled():
        assert not Thread.objects.filter(network=network).exists()  # nothing half-saved
    names = []
    for number in range(11):
        names.append(make_member(network, UserFactory(display_name=f"Mitglied{number}")).user)
    text = " ".join(f"@{user.display_name}" for user in names)
    response = _start(client, network, text=text)
    assert response.status_code == 200
    assert "höchstens 10" in response.content.decode()
    with scopes_disabled():
        assert not Thread.objects.filter(network=network).exists()


def test_an_email_address_is_no_mention(client, network, member):
    client.force_login(member)
    response = _start(client, network, text="Schreiben Sie an info@stadt.example")
    assert response.status_code == 302


def test_bad_input_gets_german_errors_and_nothing_is_lost(client, network, member):
    client.force_login(member)
    response = _start(client, network, title="", text="x" * 20001)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte füllen Sie das Feld „Titel“ aus." in page
    assert "höchstens 20000 Zeichen" in page
    response = client.post(
        _url(network, "thread_new"),
        {
            "title": "Mit Anhang",
            "text": "Siehe Anhang",
            "attachment": SimpleUploadedFile("bild.png", samples.HTML, "image/png"),
        },
    )
    assert response.status_code == 200
    assert "Siehe Anhang" in response.content.decode()  # the text is still in the form
    with scopes_disabled():
        assert not Thread.objects.filter(network=network).exists()


def test_an_attachment_is_only_handed_to_those_who_may_see_the_discussion(
    client, network, member, participant
):
    client.force_login(member)
    client.post(
        _url(network, "thread_new"),
        {
            "title": "Protokoll",
            "text": "Anbei",
            "attachment": SimpleUploadedFile("protokoll.pdf", samples.PDF, "application/pdf"),
        },
    )
    with scopes_disabled():
        attachment = _thread(network).posts.get().attachments.get()
    url = _url(network, "post_attachment", attachment_id=attachment.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_ids_of_another_network_are_not_found(client, network, member, org_a):
    other = make_network(org_a, name="Anderes Netzwerk")
    client.force_login(make_member(other).user)
    _start(client, other)
    foreign = _thread(other)
    client.force_login(member)
    assert client.get(_url(network, "thread", thread_id=foreign.pk)).status_code == 404
    assert client.get(_url(network, "thread", thread_id=10**17)).status_code == 404


def _fill(network, threads, posts_each):
    with scopes_disabled():
        authors = [make_member(network).user for _ in range(3)]
        for number in range(threads):
            thread = Thread.objects.create(network=network, title=f"Thema {number}")
            Post.objects.bulk_create(
                Post(thread=thread, author=authors[index % 3], text=f"Beitrag {index}")
                for index in range(posts_each)
            )
        return thread


@pytest.mark.parametrize(("threads", "posts"), [(3, 10), (30, 500)])
def test_thread_list_and_thread_page_make_a_constant_number_of_queries(
    client, network, member, threads, posts, django_assert_max_num_queries
):
    last = _fill(network, threads, posts)
    client.force_login(member)
    with django_assert_max_num_queries(16):
        assert client.get(_url(network, "threads")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(_url(network, "thread", thread_id=last.pk)).status_code == 200


def test_a_persons_posts_are_in_their_data_and_stay_as_deleted_account_after_deletion(
    client, network, member, other_member
):
    import json

    from mitwirken.networks.discussion_models import ThreadVisit

    client.force_login(member)
    _start(client, network, text="Mein Beitrag zum Export")
    thread = _thread(network)
    data = json.loads(client.post(reverse("accounts:export_data")).content)
    assert data["networks_discussion"][0]["text"] == "Mein Beitrag zum Export"
    assert data["networks_discussion"][0]["thread"] == "Erfahrungen mit Bürgerräten"

    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    with scopes_disabled():
        post = thread.posts.get()
        assert post.author is None and post.text == "Mein Beitrag zum Export"
        assert not ThreadVisit.objects.filter(user_id=member.pk).exists()
    client.force_login(other_member)
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert "gelöschtes Konto" in page and "Erika Muster" not in page


def test_members_see_the_buttons_for_what_they_may_do(client, network, member, participant):
    client.force_login(member)
    _start(client, network)
    thread = _thread(network)
    listing = client.get(_url(network, "threads")).content.decode()
    assert _url(network, "thread_new") in listing
    assert _url(network, "moderation") not in listing
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    with scopes_disabled():
        post = thread.posts.get()
    assert _url(network, "post_edit", post_id=post.pk) in page
    assert _url(network, "thread_pin", thread_id=thread.pk) not in page
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    listing = client.get(_url(network, "threads")).content.decode()
    assert _url(network, "moderation") in listing
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert _url(network, "thread_pin", thread_id=thread.pk) in page
    assert _url(network, "post_report", post_id=post.pk) in page
    assert _url(network, "post_edit", post_id=post.pk) not in page


def test_a_reported_post_hidden_by_the_moderation_tells_author_and_reporter(
    client, network, member, other_member, org_a, django_capture_on_commit_callbacks
):
    from mitwirken.organisations.models import AuditLogEntry

    client.force_login(member)
    _start(client, network, text=SECRET)
    thread = _thread(network)
    with scopes_disabled():
        post = thread.posts.get()
    client.force_login(other_member)
    response = client.post(
        _url(network, "post_report", post_id=post.pk), {"reason": "insult", "text": "Ton"}
    )
    assert response.status_code == 302
    again = client.post(_url(network, "post_report", post_id=post.pk), {"reason": "spam"})
    assert "bereits gemeldet" in again.content.decode()
    # A member cannot decide; the coordinator can.
    assert (
        client.post(_url(network, "post_hide", post_id=post.pk), {"reason": "x"}).status_code == 403
    )
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    queue = client.get(_url(network, "moderation")).content.decode()
    assert SECRET in queue and "Beleidigung" in queue
    empty = client.post(_url(network, "post_hide", post_id=post.pk), {"reason": ""}, follow=True)
    assert "Bitte geben Sie den Grund" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(network, "post_hide", post_id=post.pk), {"reason": "Bitte sachlich bleiben"}
        )
    page = client.get(_url(network, "thread", thread_id=thread.pk)).content.decode()
    assert "Von der Moderation ausgeblendet: Bitte sachlich bleiben" in page
    assert SECRET not in page
    to = {message.to[0]: message for message in mail.outbox}
    assert set(to) == {member.email, other_member.email}
    assert "Bitte sachlich bleiben" in to[member.email].body
    assert "ausgeblendet" in to[other_member.email].body
    assert all(SECRET not in m.body for m in mail.outbox)
    with scopes_disabled():
        assert AuditLogEntry.objects.filter(
            organisation=org_a, action="network_post_hidden"
        ).exists()
    assert "Keine gemeldeten Beiträge" in client.get(_url(network, "moderation")).content.decode()
