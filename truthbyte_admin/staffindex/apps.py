from django.apps import AppConfig


class StaffIndexConfig(AppConfig):
    name = "truthbyte_admin.staffindex"
    label = "staffindex"
    verbose_name = "Staff index (derived from DynamoDB)"

    def ready(self):
        from ..data import events
        from . import live

        events.subscribe(live.on_committed, tables=live.wants)
