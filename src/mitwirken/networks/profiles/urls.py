from django.urls import path

from . import views

# Under /konto/ (the person's own profile).
account_urlpatterns = [
    path("netzwerk-profil/", views.profile_edit, name="profile_edit"),
    path("netzwerk-profil/loeschen/", views.profile_delete, name="profile_delete"),
    path("netzwerk-profil/foto/", views.own_photo, name="profile_photo"),
]

# Under /<org>/ (a network's member directory).
organisation_urlpatterns = [
    path("netzwerke/<id:pk>/mitglieder/", views.directory, name="members"),
    path(
        "netzwerke/<id:pk>/mitglieder/<id:user_id>/foto/",
        views.member_photo,
        name="member_photo",
    ),
    path("netzwerke/<id:pk>/mitglieder/export.csv", views.members_csv, name="members_csv"),
    path("netzwerke/<id:pk>/mitglieder/export.xlsx", views.members_xlsx, name="members_xlsx"),
]
