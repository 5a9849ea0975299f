"""Slow down password guessing with django-axes, counters in the staff database.

Three scopes, each counted over the last LOGIN_LOCKOUT_SECONDS:
- username + address (axes' own lockout, LOGIN_FAILURE_LIMIT): the guesser is locked out, the
  real user signing in from their own address is not;
- the address alone (LOGIN_ADDRESS_FAILURE_LIMIT): one address guessing many usernames;
- the username alone (LOGIN_USERNAME_FAILURE_LIMIT, much higher): many addresses guessing one
  account. Addresses this account has signed in from before are exempt, so an attacker
  elsewhere can't lock a real user out of their usual desk.

A lockout ends LOGIN_LOCKOUT_SECONDS after the failure that caused it: refused attempts are not
counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so they can't extend it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ..core.clock import minute_up

USERNAME_MAX_LENGTH = 150


def normalise(raw: str | None) -> str | None:
    """The username exactly as the login form hands it to authentication: stripped and
    NFKC-normalised (so a fullwidth look-alike counts against the account it signs in to)."""
    if raw is None:
        return None
    return UsernameField().to_python(str(raw)[: USERNAME_MAX_LENGTH * 4])[:USERNAME_MAX_LENGTH]


def normalised_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: whichever source axes has, normalised like authentication."""
    if credentials and credentials.get("username") is not None:
        return normalise(credentials["username"])
    if request is not None and request.method == "POST":
        return normalise(request.POST.get("username"))
    return None


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE, also used by the audit log. X-Forwarded-For is believed only as
    far as DJANGO_TRUSTED_PROXY_COUNT says: each trusted proxy appends the address it saw, so the
    client is the N-th entry from the right; anything further left was sent by the client.
    None when there is no usable address (e.g. a test client's force_login)."""
    remote = _address_or_none(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote  # the request did not come through the proxies
    return _address_or_none(hops[-proxies]) or remote


def valid_address(text: str) -> str | None:
    """``text`` as a network address in its usual form, or None if it is none."""
    return _address_or_none(str(text)[:100])


def _address_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def seconds() -> int:
    """How long a lockout lasts (LOGIN_LOCKOUT_SECONDS)."""
    return settings.LOGIN_LOCKOUT_SECONDS


def seconds_to_wait(lock: Lockout | None) -> int:
    """How long the refused sign-in must wait: ``lock``'s time left, or a whole lockout when
    django-axes refused it and none is found (it ended in between: the longest it could be)."""
    return lock.seconds_left() if lock else seconds()


def describe_wait(seconds: int) -> str:
    """A lockout's time left in words: "40 seconds", "15 minutes"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: failures of one username from one address before a lockout."""
    return settings.LOGIN_FAILURE_LIMIT


def lockout_duration(request=None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long after its last counted failure a lockout lasts."""
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def tries_left(request) -> int | None:
    """After a wrong password: how many more this username may have from this address before
    sign-in pauses, said once only two or one are left (None before then). django-axes counts
    any username typed, an account or not, so the warning tells nobody which names exist."""
    failures = getattr(request, "axes_failures_since_start", None)
    if not isinstance(failures, int):
        return None
    left = failure_limit() - failures
    return left if 0 < left <= 2 else None


@dataclass(frozen=True)
class Lockout:
    scope: str  # "account" (this username from this address), "address", "username"
    until: dt.datetime

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        left = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(left + 0.999))

    @property
    def ends_by(self) -> dt.datetime:
        """The end as pages show it, to the minute: never earlier than it is."""
        return minute_up(self.until)


def _window_start() -> dt.datetime:
    return timezone.now() - lockout_duration()


def _scope_lockout(scope: str, limit: int, **filters) -> Lockout | None:
    totals = AccessAttempt.objects.filter(attempt_time__gte=_window_start(), **filters).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (totals["failures"] or 0) < limit:
        return None
    return Lockout(scope, totals["last"] + lockout_duration())


def current_lockout(username: str | None, address: str | None) -> Lockout | None:
    """The lockout that refuses this username from this address now, if any (the longest)."""
    found = []
    if username is not None:
        found.append(
            _scope_lockout("account", failure_limit(), username=username, ip_address=address)
        )
    found.append(
        _scope_lockout("address", settings.LOGIN_ADDRESS_FAILURE_LIMIT, ip_address=address)
    )
    if (
        username is not None
        and not AccessLog.objects.filter(username=username, ip_address=address).exists()
    ):
        found.append(
            _scope_lockout("username", settings.LOGIN_USERNAME_FAILURE_LIMIT, username=username)
        )
    locks = [lock for lock in found if lock is not None]
    return max(locks, key=lambda lock: lock.until) if locks else None


def account_lockout(username: str) -> Lockout | None:
    """Whether ``username`` is locked out now from some address (its own failures there) or
    from everywhere unknown (the username scope): what an admin's unlock lifts. The address
    scope (one address trying many names) is not this account's, and stays."""
    per_address = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    found = [
        Lockout("account", row["last"] + lockout_duration())
        for row in per_address
        if row["failures"] >= failure_limit()
    ]
    found.append(
        _scope_lockout("username", settings.LOGIN_USERNAME_FAILURE_LIMIT, username=username)
    )
    locks = [lock for lock in found if lock is not None]
    return max(locks, key=lambda lock: lock.until) if locks else None


@dataclass(frozen=True)
class AddressLockout:
    """One address locked out for every username (LOGIN_ADDRESS_FAILURE_LIMIT failures)."""

    address: str
    failures: int
    until: dt.datetime

    @property
    def ends_by(self) -> dt.datetime:
        """The end as pages show it, to the minute: never earlier than it is."""
        return minute_up(self.until)


def address_lockouts() -> list[AddressLockout]:
    """Every address locked out now for every username, the latest lockout first."""
    per_address = (
        AccessAttempt.objects.filter(attempt_time__gte=_window_start())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    locks = [
        AddressLockout(row["ip_address"], row["failures"], row["last"] + lockout_duration())
        for row in per_address
        if row["ip_address"] and row["failures"] >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
    ]
    return sorted(locks, key=lambda lock: lock.until, reverse=True)


def clear_address_failures(address: str) -> int:
    """Forget every counted sign-in failure from ``address`` (any username): its address
    lockout, and each account's lockout there, end now. Returns how many were forgotten."""
    return _forget(AccessAttempt.objects.filter(ip_address=address), ip=address)


def clear_failures(username: str) -> int:
    """Forget ``username``'s counted sign-in failures (every address): any lockout of the
    account ends now. Returns how many failed attempts were forgotten."""
    return _forget(AccessAttempt.objects.filter(username=username), username=username)


def _forget(attempts, **scope) -> int:
    """axes' own reset of ``scope``, and how many counted failures ``attempts`` held."""
    from axes.utils import reset

    failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    reset(**scope)
    return failures


class StaffLockoutHandler(AxesDatabaseHandler):
    """axes' database handler (atomic counting: select_for_update + F() in a transaction), with
    the address and username scopes added to its username+address lockout."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        username = get_client_username(request, credentials)
        return current_lockout(username, request.axes_ip_address) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        # This failure may have filled the address or username scope: lock out from now on.
        username = get_client_username(request, credentials)
        if current_lockout(username, request.axes_ip_address) is not None:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )


@contextlib.contextmanager
def one_attempt_at_a_time(username: str | None, address: str | None) -> Iterator[None]:
    """Serialise concurrent sign-ins for one username+address, so that each sees the failures
    counted before it: 40 simultaneous guesses get LOGIN_FAILURE_LIMIT password checks, not 40.
    On PostgreSQL this is a transaction-scoped advisory lock; SQLite serialises writers anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    digest = hashlib.sha256(f"{username}\0{address}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        yield
