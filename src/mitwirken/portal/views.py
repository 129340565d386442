from django.shortcuts import render

from mitwirken.organisations.queries import listed_organisations


def home(request):
    return render(request, "portal/home.html", {"organisations": listed_organisations()[:12]})
