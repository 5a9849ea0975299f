from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "truthbyte_admin.core"
    label = "core"
