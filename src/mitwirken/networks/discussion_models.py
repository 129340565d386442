"""The members' discussion of a network: threads, their posts, and who saw what when.

A post is never removed: an author who deletes theirs leaves "Beitrag gelöscht" in its
place (replies that quote it keep their place), a deleted account leaves "gelöschtes Konto"
as the author. ``Thread.last_post_at`` orders the list; it is set in the transaction that
adds the post (services), so it cannot drift from the posts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.core import uploads

from .models import Network

POST_MAX_LENGTH = 20000


class Thread(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_closed = models.BooleanField(_("closed"), default=False)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(
                fields=["network", "-is_pinned", "-last_post_at"], name="thread_list_order"
            )
        ]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("text"), max_length=POST_MAX_LENGTH)
    quote = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by the moderation (coordinators, the organisation's moderators), with the reason
    # shown in its place.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)

    objects = ScopedManager(organisation="thread__network__organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "created_at"], name="post_thread_order")]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostAttachment(models.Model):
    """A file to a post, checked like every upload and only handed out to those who may see
    the discussion (private storage, a view that checks on every download)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        upload_to=uploads.RandomName("discussion"), storage=uploads.private_storage
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)

    objects = ScopedManager(organisation="post__thread__network__organisation")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ThreadVisit(models.Model):
    """When a person last looked at a thread: what came after is "neu seit Ihrem letzten
    Besuch"."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="thread__network__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_visit_per_thread")
        ]

    def __str__(self):
        return f"{self.user} – {self.thread}"
