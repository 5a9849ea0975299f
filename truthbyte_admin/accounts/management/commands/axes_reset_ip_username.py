"""Refused: django-axes' unlock of one username at one address, with no audit entry."""

from ..not_here import RefusedCommand


class Command(RefusedCommand):
    help = "Refused here (no audit entry): use axes_reset_username."
    instead = (
        "`manage.py axes_reset_username USERNAME` (it unlocks the account from every address, "
        "recorded)"
    )
    see = "axes_reset_username"
