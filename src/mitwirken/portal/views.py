from django.shortcuts import render

from mitwirken.events.queries import next_events
from mitwirken.organisations.queries import listed_organisations


def home(request):
    return render(
        request,
        "portal/home.html",
        {"organisations": listed_organisations()[:12], "events": next_events(6)},
    )
