"""The idea collection's figures on the project's dashboard: ideas (online, and offline by
channel), by status, supports and the people behind them, comments; ideas per day of
receipt (an offline idea counts on the day it came in)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from mitwirken.comments.models import Comment

from .dashboard import ModuleStatistics
from .models_ideas import Idea, IdeaCollection, Support


def statistics(module) -> ModuleStatistics:
    collection = IdeaCollection.objects.filter(module=module).first()
    if collection is None:
        return ModuleStatistics()
    ideas = Idea.objects.filter(collection=collection)
    per_day = {
        row["received_on"]: row["count"]
        for row in ideas.values("received_on").annotate(count=Count("pk")).order_by()
    }
    by_channel = dict(ideas.values_list("channel").annotate(count=Count("pk")).order_by())
    by_status = dict(
        ideas.filter(withdrawn_at__isnull=True, merged_into__isnull=True)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    supports = Support.objects.filter(idea__collection=collection)
    comments = Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea),
        object_id__in=ideas.values("pk"),
    ).count()
    total = sum(per_day.values())
    figures = [(_("Ideas"), total), (_("of them online"), by_channel.get(Idea.Channel.ONLINE, 0))]
    for value, label in Idea.Channel.choices:
        if value != Idea.Channel.ONLINE and by_channel.get(value):
            figures.append((_("by %(channel)s") % {"channel": label}, by_channel[value]))
    for value, label in Idea.Status.choices:
        figures.append((_("Status: %(status)s") % {"status": label}, by_status.get(value, 0)))
    figures += [
        (_("Supports"), supports.count()),
        (_("People who support ideas"), supports.values("user").distinct().count()),
        (_("Comments"), comments),
    ]
    url = reverse(
        "participation:staff_ideas",
        kwargs={
            "org": module.project.organisation.slug,
            "pk": module.project_id,
            "module": module.pk,
        },
    )
    return ModuleStatistics(figures=figures, per_day=per_day, url=url)
