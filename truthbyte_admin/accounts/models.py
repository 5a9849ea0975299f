"""What the staff side stores about an account beyond Django's user: a second factor an admin
reset, which must be set up again at the account's next sign-in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TwoFactorSetUpDue(models.Model):
    """An admin reset this account's second factor (a lost phone): it must set one up again
    before it can use the app, whatever its role's TRUTHBYTE_REQUIRE_2FA says. Deleted when
    the set-up is confirmed. Without it, a role that doesn't need a second factor would
    quietly go on with the password alone after a reset."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="two_factor_set_up_due",
    )
    since = models.DateTimeField(default=timezone.now)
    # Who reset it: an admin's username, or "manage.py".
    reset_by = models.CharField(max_length=150)

    def __str__(self) -> str:
        return f"{self.user_id}: set up two-factor again (reset by {self.reset_by})"
