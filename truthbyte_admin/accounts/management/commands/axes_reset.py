"""Refused: django-axes' unlock of everyone at once, with no audit entry."""

from ..not_here import RefusedCommand


class Command(RefusedCommand):
    help = "Refused here (no audit entry): use axes_reset_username or axes_reset_ip."
    instead = (
        "`manage.py axes_reset_username USERNAME...` or `manage.py axes_reset_ip ADDRESS...` "
        "(each unlock recorded; the Staff page lists who and what is locked out)"
    )
    see = "axes_reset_username"
