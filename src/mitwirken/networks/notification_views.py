"""Notification settings, levels, one-click unsubscribe, and the network's news."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from . import news as news_services
from . import notifications
from .access import network_view
from .discussion_models import Thread
from .models import Membership, Network
from .notification_forms import DeliveryForm, LevelForm, NewsForm
from .notification_models import News, Subscription


def _memberships(user):
    """The person's networks (of every organisation) with their level."""
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user, status=Membership.Status.MEMBER)
            .select_related("network__organisation")
            .order_by("network__name")
        )
        chosen = dict(
            Subscription.objects.filter(user=user, thread=None).values_list("network_id", "level")
        )
    return [(m.network, chosen.get(m.network_id, "replies")) for m in memberships]


@login_required
def notification_settings(request):
    current = notifications.settings_of(request.user)
    form = DeliveryForm(request.POST or None, initial={"delivery": current.delivery})
    if request.method == "POST" and form.is_valid():
        current.delivery = form.cleaned_data["delivery"]
        current.save(update_fields=["delivery"])
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("networks:notification_settings")
    return render(
        request,
        "networks/notifications/settings.html",
        {
            "form": form,
            "networks": _memberships(request.user),
            "levels": LevelForm().fields["level"].choices,
        },
    )


def _back(request, fallback):
    wanted = request.POST.get("next", "")
    return wanted if wanted.startswith("/") and not wanted.startswith("//") else fallback


@require_POST
@network_view("networks.view_discussion")
def network_level(request, organisation, network):
    form = LevelForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        notifications.set_level(request.user, network, form.cleaned_data["level"])
        messages.success(request, _("Your notifications for this network have been saved."))
    return redirect(
        _back(
            request,
            reverse("networks:threads", kwargs={"org": organisation.slug, "pk": network.pk}),
        )
    )


@require_POST
@network_view("networks.view_discussion")
def thread_level(request, organisation, network, thread_id):
    thread = Thread.objects.filter(network=network, pk=thread_id).first()
    if thread is None:
        raise Http404
    form = LevelForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        notifications.set_level(request.user, network, form.cleaned_data["level"], thread=thread)
        messages.success(request, _("Your notifications for this thread have been saved."))
    return redirect(
        reverse(
            "networks:thread",
            kwargs={"org": organisation.slug, "pk": network.pk, "thread_id": thread.pk},
        )
    )


@csrf_exempt  # mail programs post the one-click unsubscribe (RFC 8058) without a form
def unsubscribe(request, token):
    """The link of every notification mail: a page that says what stops, with a button
    (GET changes nothing, so that link checkers in mail systems cannot unsubscribe); the
    POST, from the button or straight from the mail program, stops it. No login needed."""
    found = notifications.read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=found[0]).first() if found else None
    if user is None:
        return render(request, "networks/notifications/unsubscribe_invalid.html", status=404)
    scope_name = found[1]
    kind, _sep, number = scope_name.partition(":")
    target = None
    with scopes_disabled():
        if kind == "thread" and number.isdigit():
            target = Thread.objects.filter(pk=number).select_related("network").first()
        elif kind == "network" and number.isdigit():
            target = Network.objects.filter(pk=number).first()
    if kind != "all" and target is None:
        return render(request, "networks/notifications/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        if target is None:
            notifications.unsubscribe(user, "all")
        else:
            network = target.network if kind == "thread" else target
            with scope(organisation=network.organisation):
                notifications.unsubscribe(
                    user, scope_name, network=network, thread=target if kind == "thread" else None
                )
        return render(
            request, "networks/notifications/unsubscribed.html", {"kind": kind, "target": target}
        )
    return render(
        request,
        "networks/notifications/unsubscribe.html",
        {"kind": kind, "target": target, "token": token},
    )


@network_view("networks.view_network")
def news_list(request, organisation, network):
    return render(
        request,
        "networks/news/list.html",
        {
            "organisation": organisation,
            "network": network,
            "news": news_services.visible_news(request.user, network)[:50],
            "can_coordinate": request.user.has_perm("networks.coordinate", network),
        },
    )


@network_view("networks.view_network")
def news_detail(request, organisation, network, news_id):
    item = news_services.visible_news(request.user, network).filter(pk=news_id).first()
    if item is None:
        if News.objects.filter(network=network, pk=news_id).exists():
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        raise Http404
    return render(
        request,
        "networks/news/detail.html",
        {"organisation": organisation, "network": network, "item": item},
    )


@network_view("networks.coordinate")
def news_new(request, organisation, network):
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = news_services.publish_news(request.user, network, **form.cleaned_data)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("The news has been published and is mailed to the members.")
            )
            return redirect(
                reverse(
                    "networks:news_detail",
                    kwargs={"org": organisation.slug, "pk": network.pk, "news_id": item.pk},
                )
            )
    return render(
        request,
        "networks/news/form.html",
        {"organisation": organisation, "network": network, "form": form},
    )
