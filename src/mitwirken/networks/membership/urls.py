"""The URLs of memberships, included by ``networks.urls``."""

from django.urls import path

from . import coordination, views

NETWORK = "netzwerke/<id:pk>/"

# Under /<org>/
organisation_urlpatterns = [
    path(NETWORK + "beitreten/", views.join, name="join"),
    path(NETWORK + "bewerben/", views.apply, name="apply"),
    path(NETWORK + "verlassen/", views.leave, name="leave"),
    # The coordinators' pages (networks.coordinate): tests/networks/network_urls_membership.py
    path(NETWORK + "bewerbungen/", coordination.applications, name="applications"),
    path(
        NETWORK + "bewerbungen/<id:membership_id>/annehmen/",
        coordination.application_accept,
        name="application_accept",
    ),
    path(
        NETWORK + "bewerbungen/<id:membership_id>/ablehnen/",
        coordination.application_decline,
        name="application_decline",
    ),
    path(NETWORK + "mitgliedschaften/", coordination.memberships, name="memberships"),
    path(
        NETWORK + "mitgliedschaften/<id:membership_id>/",
        coordination.membership_detail,
        name="membership",
    ),
    path(
        NETWORK + "mitgliedschaften/<id:membership_id>/entfernen/",
        coordination.member_remove,
        name="member_remove",
    ),
    path(
        NETWORK + "mitgliedschaften/<id:membership_id>/koordination/",
        coordination.coordinator_make,
        name="coordinator_make",
    ),
    path(
        NETWORK + "mitgliedschaften/<id:membership_id>/koordination-beenden/",
        coordination.coordinator_end,
        name="coordinator_end",
    ),
    path(
        NETWORK + "koordination/hinzufuegen/",
        coordination.coordinator_add_staff,
        name="coordinator_add_staff",
    ),
    path(NETWORK + "einladungen/", coordination.invitation_list, name="invitations"),
    path(
        NETWORK + "einladungen/<id:invitation_id>/zurueckziehen/",
        coordination.invitation_revoke,
        name="invitation_revoke",
    ),
]

# At the portal root (before /<org>/).
urlpatterns = [
    path("netzwerke/einladung/<token:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "netzwerke/einladung/<token:token>/willkommen/",
        views.invitation_welcome,
        name="invitation_welcome",
    ),
    path("konto/netzwerke/", views.my_networks, name="my_networks"),
]
