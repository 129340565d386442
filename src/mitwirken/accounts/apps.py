from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mitwirken.accounts"
    label = "accounts"
