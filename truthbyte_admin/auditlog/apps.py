from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "truthbyte_admin.auditlog"
    label = "auditlog"
    verbose_name = "Audit log (staff copy of the admin's audit table)"

    def ready(self):
        from ..data import audit, events
        from . import copy

        events.subscribe(copy.on_committed, tables=audit.is_audit_table)
        audit.on_history_read(copy.keep_missing)
