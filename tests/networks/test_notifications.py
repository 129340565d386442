"""Notifications of a network: who hears of a post or news item, right away (batched per
thread) or in a digest (once per person and period, only when away), what the mails carry
(never the text of what is members-only), and the one-click unsubscribe without login."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task_backends

from mitwirken.networks import discussion, notifications
from mitwirken.networks.digests import send_digests
from mitwirken.networks.news import publish_news
from mitwirken.networks.notification_models import (
    Delivery,
    DigestSent,
    Level,
    News,
    Notification,
    NotificationSettings,
)

from ..factories import UserFactory
from .factories import make_member, make_network

SECRET = "Geheimer-Entwurf-0815"


@pytest.fixture
def network(org_a):
    return make_network(org_a)


@pytest.fixture
def people(network):
    return {
        name: make_member(network, UserFactory(display_name=name)).user
        for name in ("Erika Muster", "Jan Kowalski", "Ada Follower")
    }


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what the code under test queues, right after it commits (as a worker would)."""

    def run(function, *args, **kwargs):
        organisation = kwargs.pop("organisation")
        with django_capture_on_commit_callbacks(execute=True), scope(organisation=organisation):
            return function(*args, **kwargs)

    return run


def _texts(message) -> str:
    return message.subject + message.body + "".join(body for body, _ in message.alternatives)


def _scheduled():
    backend = task_backends["scheduled"]
    return list(backend.results)


def test_a_reply_tells_the_thread_author_and_nobody_else_by_default(run_tasks, network, people):
    org = network.organisation
    thread = run_tasks(
        discussion.start_thread,
        people["Erika Muster"],
        network,
        title="Bürgerräte",
        text="Erfahrungen?",
        organisation=org,
    )
    assert mail.outbox == []  # a new thread: nobody follows everything yet
    run_tasks(discussion.reply, people["Jan Kowalski"], thread, text=SECRET, organisation=org)
    (message,) = mail.outbox
    assert message.to == [people["Erika Muster"].email]
    assert "Bürgerräte" in message.subject
    assert SECRET not in _texts(message)
    assert "Jan Kowalski" in message.body


def test_following_a_whole_network_tells_of_every_post_and_mute_silences_even_mentions(
    run_tasks, network, people
):
    org = network.organisation
    with scope(organisation=org):
        notifications.set_level(people["Ada Follower"], network, Level.ALL)
    thread = run_tasks(
        discussion.start_thread,
        people["Erika Muster"],
        network,
        title="Neu",
        text="Hallo @Jan Kowalski",
        organisation=org,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["Ada Follower"].email, people["Jan Kowalski"].email]
    )
    mail.outbox.clear()
    with scope(organisation=org):
        notifications.set_level(people["Jan Kowalski"], network, Level.MUTE, thread=thread)
    # Ada's last mail about this thread was just now: her next one waits for the batch.
    run_tasks(
        discussion.reply,
        people["Erika Muster"],
        thread,
        text="@Jan Kowalski noch da?",
        organisation=org,
    )
    assert mail.outbox == []
    with scopes_disabled():
        assert not Notification.objects.filter(
            user=people["Jan Kowalski"], post__text__contains="noch da"
        ).exists()


def test_right_away_means_at_most_one_mail_per_thread_in_ten_minutes(
    run_tasks, network, people, django_capture_on_commit_callbacks
):
    org = network.organisation
    author, reader = people["Erika Muster"], people["Jan Kowalski"]
    thread = run_tasks(
        discussion.start_thread, author, network, title="Takt", text="Erster", organisation=org
    )
    before = len(_scheduled())
    run_tasks(discussion.reply, reader, thread, text="Zweiter", organisation=org)
    assert len(mail.outbox) == 1  # to the author, right away
    run_tasks(discussion.reply, reader, thread, text="Dritter", organisation=org)
    run_tasks(discussion.reply, reader, thread, text="Vierter", organisation=org)
    assert len(mail.outbox) == 1  # batched
    planned = _scheduled()[before:]
    assert len(planned) == 2
    assert all(result.task.run_after >= timezone.now() + timedelta(minutes=9) for result in planned)
    with scopes_disabled():  # ten minutes later
        from mitwirken.networks.notification_models import ThreadMail

        ThreadMail.objects.update(last_sent_at=timezone.now() - timedelta(minutes=11))
    from mitwirken.networks.notification_tasks import deliver_thread

    for result in planned:  # both planned tasks run; the first sends both posts, once
        with django_capture_on_commit_callbacks(execute=True):
            deliver_thread.enqueue(**result.kwargs)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("– hat Ihnen geantwortet") == 2  # the third and fourth post


def test_every_notification_mail_has_a_one_click_unsubscribe_that_needs_no_login(
    client, run_tasks, network, people
):
    org = network.organisation
    thread = run_tasks(
        discussion.start_thread,
        people["Erika Muster"],
        network,
        title="Abbestellen",
        text="x",
        organisation=org,
    )
    run_tasks(discussion.reply, people["Jan Kowalski"], thread, text="y", organisation=org)
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    assert path in message.body
    page = client.get(path)  # a link checker opening it changes nothing
    assert page.status_code == 200 and "Abbestellen" in page.content.decode()
    with scope(organisation=org):
        assert (
            notifications.levels([people["Erika Muster"].pk], network, thread)[
                people["Erika Muster"].pk
            ]
            == Level.REPLIES
        )
    response = client.post(path, {"List-Unsubscribe": "One-Click"})  # no login, no CSRF token
    assert response.status_code == 200
    with scope(organisation=org):
        assert (
            notifications.levels([people["Erika Muster"].pk], network, thread)[
                people["Erika Muster"].pk
            ]
            == Level.MUTE
        )
    mail.outbox.clear()
    run_tasks(discussion.reply, people["Jan Kowalski"], thread, text="z", organisation=org)
    assert mail.outbox == []
    tampered = path.replace(path.split("/")[-2], path.split("/")[-2][:-3] + "abc")
    assert client.post(tampered).status_code == 404


def _yesterday():
    return timezone.now() - timedelta(days=1)


def _digest_member(network, name, delivery=Delivery.DAILY, visited=None):
    user = make_member(network, UserFactory(display_name=name)).user
    NotificationSettings.objects.create(user=user, delivery=delivery, last_visit_at=visited)
    return user


def _waiting_for(user, network, count, when):
    with scopes_disabled():
        thread = discussion.Thread.objects.create(network=network, title="Digest-Thema")
        for number in range(count):
            post = discussion.Post.objects.create(thread=thread, text=f"{SECRET} {number}")
            Notification.objects.create(
                user=user, network=network, post=post, reason="post", created_at=when
            )


def test_a_digest_is_sent_once_per_person_and_period_and_only_to_those_away(
    network, django_capture_on_commit_callbacks
):
    away = _digest_member(network, "Weg Gewesen")
    here = _digest_member(network, "Da Gewesen", visited=timezone.now())
    immediate = _digest_member(network, "Sofort", delivery=Delivery.IMMEDIATE)
    for user in (away, here, immediate):
        _waiting_for(user, network, 25, _yesterday())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    (message,) = mail.outbox
    assert message.to == [away.email]
    assert message.subject == "Ihre tägliche Zusammenfassung Ihrer Netzwerke"
    assert SECRET not in _texts(message)
    assert "5 weitere" in message.body  # 25 waiting, 20 shown
    assert "List-Unsubscribe" in message.extra_headers
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0  # a second run sends nothing
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=away).count() == 1


def test_news_reaches_members_by_their_setting_and_members_only_news_stays_closed(
    client, run_tasks, network, people, org_a
):
    coordinator = make_member(network, role="coordinator").user
    with scope(organisation=org_a):
        notifications.set_level(people["Ada Follower"], network, Level.MUTE)
    news = run_tasks(
        publish_news,
        coordinator,
        network,
        title="Netzwerktreffen 2026",
        text=SECRET,
        audience=News.Audience.MEMBERS,
        organisation=org_a,
    )
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([people["Erika Muster"].email, people["Jan Kowalski"].email])
    for message in mail.outbox:
        assert "Netzwerktreffen 2026" in message.subject
        assert SECRET not in _texts(message)
    url = reverse(
        "networks:news_detail", kwargs={"org": org_a.slug, "pk": network.pk, "news_id": news.pk}
    )
    assert client.get(url).status_code == 302  # visitors: log in
    client.force_login(people["Erika Muster"])
    assert SECRET in client.get(url).content.decode()


def test_public_news_with_excerpts_allowed_quote_the_beginning(run_tasks, network, people, org_a):
    with scopes_disabled():
        network.mail_excerpts = True
        network.save(update_fields=["mail_excerpts"])
    coordinator = make_member(network, role="coordinator").user
    run_tasks(
        publish_news,
        coordinator,
        network,
        title="Offen",
        text="Öffentlicher Anfang des Textes",
        audience=News.Audience.PUBLIC,
        organisation=org_a,
    )
    assert "Öffentlicher Anfang des Textes" in mail.outbox[0].body


def test_the_settings_page_changes_delivery_and_levels(client, network, people):
    user = people["Erika Muster"]
    client.force_login(user)
    page = client.get(reverse("networks:notification_settings"))
    assert network.name in page.content.decode()
    client.post(reverse("networks:notification_settings"), {"delivery": "weekly"})
    assert NotificationSettings.objects.get(user=user).delivery == "weekly"
    client.post(
        reverse(
            "networks:network_level", kwargs={"org": network.organisation.slug, "pk": network.pk}
        ),
        {"level": "all"},
    )
    with scope(organisation=network.organisation):
        assert notifications.levels([user.pk], network)[user.pk] == Level.ALL
    response = client.post(reverse("networks:notification_settings"), {"delivery": "hourly"})
    assert response.status_code == 200 and "gültige Auswahl" in response.content.decode()


def test_news_can_be_commented_by_readers_with_an_account_and_visitors_see_the_prompt(
    client, run_tasks, network, people, org_a
):
    coordinator = make_member(network, role="coordinator").user
    news = run_tasks(
        publish_news,
        coordinator,
        network,
        title="Bericht vom Netzwerktreffen",
        text="Köln",
        audience=News.Audience.PUBLIC,
        organisation=org_a,
    )
    url = reverse(
        "networks:news_detail", kwargs={"org": org_a.slug, "pk": network.pk, "news_id": news.pk}
    )
    page = client.get(url).content.decode()
    assert "Bitte melden Sie sich an, um zu kommentieren" in page
    client.force_login(people["Erika Muster"])
    page = client.get(url).content.decode()
    assert 'name="text"' in page  # the comment form
