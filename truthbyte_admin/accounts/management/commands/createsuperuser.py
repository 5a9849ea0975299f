"""Refused: ``manage.py create_staff USERNAME --role admin`` makes an admin, recorded."""

from ..not_here import RefusedCommand


class Command(RefusedCommand):
    help = "Refused here (no audit entry): use `create_staff USERNAME --role admin`."
    instead = "`manage.py create_staff USERNAME --role admin`"
