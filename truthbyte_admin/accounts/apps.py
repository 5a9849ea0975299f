from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "truthbyte_admin.accounts"
    label = "accounts"
