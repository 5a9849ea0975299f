"""Refused: ``manage.py create_staff USERNAME`` asks for a new password, recorded."""

from ..not_here import RefusedCommand


class Command(RefusedCommand):
    help = "Refused here (no audit entry): use `create_staff USERNAME` (asks for the password)."
    instead = (
        "`manage.py create_staff USERNAME` (it asks for the new password; the account keeps its "
        "role)"
    )
