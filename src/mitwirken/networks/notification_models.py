"""What a person wants to hear of their networks, and what is waiting to be told.

- ``NotificationSettings``: one row per person (not tenant content: it spans all their
  networks, like the account): how mails reach them (right away, batched per thread; a daily
  or weekly digest; none) and when they last visited, so that a digest goes only to people
  who have not been here since its period began.
- ``Subscription``: a level per network or per thread (all posts / only mentions and replies
  to me / mute); without a row the default applies (mentions and replies).
- ``Notification``: one thing to tell one person (a post: mentioned, a reply to them, a new
  post in what they follow; a news item), kept until it is mailed or was seen in a digest
  period; the mails are built from these rows when their task runs.
- ``DigestSent``: one row per person and digest period, written with the digest's task in one
  transaction: a second run of the job finds it and sends nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .discussion_models import Post, Thread
from .models import Network


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away (at most one mail per thread every 10 minutes)")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NONE = "none", _("No mails")


class Level(models.TextChoices):
    ALL = "all", _("All posts")
    REPLIES = "replies", _("Only mentions and replies to me")
    MUTE = "mute", _("Mute")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_notifications"
    )
    delivery = models.CharField(
        _("mails from my networks"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: {self.delivery}"


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_subscriptions"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subscriptions")
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    level = models.CharField(_("notifications"), max_length=10, choices=Level.choices)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"],
                condition=Q(thread__isnull=True),
                name="one_level_per_network",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="one_level_per_thread",
            ),
        ]
        indexes = [models.Index(fields=["network", "level"], name="subscription_level")]

    def __str__(self):
        return f"{self.user} – {self.thread or self.network}: {self.level}"


class Notification(models.Model):
    class Reason(models.TextChoices):
        MENTION = "mention", _("mentioned you")
        REPLY = "reply", _("replied to you")
        POST = "post", _("new post")
        NEWS = "news", _("news")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    news = models.ForeignKey(
        "networks.News", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["user", "mailed_at", "created_at"], name="notification_waiting")
        ]

    def __str__(self):
        return f"{self.user}: {self.reason}"


class ThreadMail(models.Model):
    """When a person was last mailed about a thread (right-away delivery is batched: at most
    one mail per thread every ``BATCH_MINUTES``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField()

    objects = ScopedManager(organisation="thread__network__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_thread_mail_state")
        ]

    def __str__(self):
        return f"{self.user} – {self.thread}"


class DigestSent(models.Model):
    """A digest for one person and period (``key``: "daily:2026-12-01", "weekly:2026-W48")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=30)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"{self.user}: {self.key}"


class News(models.Model):
    """News (Neuigkeiten) of a network, written by its coordinators: public or members only,
    mailed to the members by their delivery setting."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members only")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    audience = models.CharField(
        _("visible to"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self):
        return self.title
