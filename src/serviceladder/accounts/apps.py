from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "serviceladder.accounts"
    label = "accounts"
