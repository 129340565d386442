from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("daten/", views.export_data, name="export_data"),
    path("loeschen/", views.delete_account, name="delete_account"),
    path("datenschutz-zustimmung/", views.privacy_update, name="privacy_update"),
]
