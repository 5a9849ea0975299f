"""Staff accounts as an admin sees them, and what an admin does for colleagues: unlock their
sign-in after too many failures (an account, or an address locked out for every username),
reset a lost second factor. Each is recorded in the audit log with the admin as the actor.
Also what ``manage.py create_staff`` does to an account (create it, change its role or password,
reset its second factor, deactivate or reactivate it), recorded with the actor "manage.py"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from importlib import import_module

from confusable_homoglyphs import categories, confusables
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from ..core.audit_labels import COMMAND_LINE, NOT_STAFF_ACTORS
from ..core.params import has_control_characters
from ..domain.validation import code_points, is_invisible_format_character
from . import events, lockout, signed_out, two_factor
from .models import TwoFactorSetUpDue
from .roles import ALL_GROUPS, ROLE_GROUPS, role_label

# The audit log's names for "nobody signed in" and the command line: an account called so
# would be mistaken for them.
RESERVED_USERNAMES = frozenset(name.casefold() for name in NOT_STAFF_ACTORS)
NOT_STAFF = "no staff access"  # the "role" of an account without is_staff (not made here)


def is_reserved(username: str) -> bool:
    """Whether ``username`` (normalised as sign-in reads it) is one the audit log uses for
    something other than a staff account, in any case."""
    return username.casefold() in RESERVED_USERNAMES


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: str
    active: bool
    last_sign_in: dt.datetime | None
    two_factor: bool
    two_factor_set_up_due: bool  # reset by an admin: must be set up at the next sign-in
    locked_until: dt.datetime | None  # to the minute, rounded up; None: not locked out now


def staff_members() -> list[StaffMember]:
    """Every staff account, by username (a few dozen at most)."""
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    set_up_due = set(TwoFactorSetUpDue.objects.values_list("user_id", flat=True))
    members = []
    for user in users:
        lock = lockout.account_lockout(user.get_username())
        members.append(
            StaffMember(
                username=user.get_username(),
                role=role_label(user),
                active=user.is_active,
                last_sign_in=user.last_login,
                two_factor=two_factor.is_enrolled(user),
                two_factor_set_up_due=user.pk in set_up_due,
                locked_until=lock.ends_by if lock else None,
            )
        )
    return members


def find(username: str):
    """The staff account, or None."""
    return get_user_model().objects.filter(username=username).first()


def find_ignoring_case(username: str):
    """An account whose username is ``username`` but for capitals ("newbie" for "NEWBIE"), or
    None. Compared here, not by the database: SQLite's case-insensitive match knows only ASCII
    letters. A few dozen accounts at most."""
    wanted = username.casefold()
    names = get_user_model().objects.values_list("username", flat=True)
    match = next((name for name in names if name.casefold() == wanted), None)
    return None if match is None else find(match)


def invisible_characters_problem(username: str) -> str | None:
    """Why ``username`` can't be used, if it holds characters nobody sees (a zero-width space, a
    text-direction control such as U+202E, a control character): an account "ada" plus one of
    them would pass for "ada", or reorder the pages that show it. None when it holds none."""
    found = [
        ch for ch in username if is_invisible_format_character(ch) or has_control_characters(ch)
    ]
    if not found:
        return None
    one = len(set(found)) == 1
    what, it = ("an invisible character", "it") if one else ("invisible characters", "them")
    return f"The username contains {what} ({code_points(found)}): remove {it}."


def look_alike_problem(username: str) -> str | None:
    """Why ``username`` can't be a new account's, if it mixes alphabets with letters that look
    like another's ("аdmin" with a Cyrillic "а"): it would pass for another name on every page
    and in the audit log. Unicode's confusables data (confusable_homoglyphs) decides."""
    if not confusables.is_dangerous(username):
        return None
    scripts = Counter(categories.alias(ch) for ch in username if ch.isalpha())
    usual = scripts.most_common(1)[0][0]
    odd = [ch for ch in dict.fromkeys(username) if ch.isalpha() and categories.alias(ch) != usual]
    return (
        f"The username mixes alphabets ({code_points(odd)} among {usual.title()} letters), "
        "which lets a name pass for another. Use letters of one alphabet."
    )


@dataclass(frozen=True)
class Unlocked:
    failures_cleared: int  # 0: there were none, nothing changed or recorded
    # Addresses still refused for every username (too many failures there with any names):
    # this account's unlock doesn't lift them, and it may be signing in from one.
    locked_addresses: list[lockout.AddressLockout]
    audit_not_written: str | None = None  # why the change's audit entry is missing, if it is


@dataclass(frozen=True)
class Done:
    """How many things a staff action changed (0: none, nothing recorded either), and why its
    audit entry could not be written (None: it was, or nothing needed one)."""

    count: int
    audit_not_written: str | None = None


def unlock(username: str, *, admin: str, address: str | None, log_failure: bool = True) -> Unlocked:
    """Forget the account's failed sign-ins (every address), and say which addresses are still
    locked out for everyone. ``log_failure=False``: the caller says itself that the audit entry
    is missing (a command, with no traceback before its message)."""
    cleared = lockout.clear_failures(username)
    not_written = None
    if cleared:
        not_written = events.record(
            username,
            "sign_in_unlocked",
            address=address,
            actor=admin,
            failures_cleared=cleared,
            log_failure=log_failure,
        )
    return Unlocked(cleared, lockout.address_lockouts(), not_written)


def unlock_address(
    locked_address: str, *, admin: str, address: str | None, log_failure: bool = True
) -> Done:
    """Forget every failed sign-in from ``locked_address`` (any username): sign-ins from there
    are taken again at once. Recorded under the admin's own name, the address in the note;
    the count is of the failures forgotten."""
    cleared = lockout.clear_address_failures(locked_address)
    if not cleared:
        return Done(0)
    return Done(
        cleared,
        events.record(
            admin,
            "sign_in_unlocked",
            address=address,
            actor=admin,
            note=f"Unlocked the address {locked_address} (sign-ins with any username)",
            unlocked_address=locked_address,
            failures_cleared=cleared,
            log_failure=log_failure,
        ),
    )


def reset_two_factor(user, *, admin: str, address: str | None) -> Done:
    """Remove the account's authenticator and backup codes (a lost phone): they must set it up
    again at their next sign-in, whatever their role. The count is of the devices removed."""
    removed = len(two_factor.reset(user, by=admin))
    if not removed:
        return Done(0)
    return Done(
        removed,
        events.record(user.get_username(), "second_factor_reset", address=address, actor=admin),
    )


@dataclass(frozen=True)
class AccountSaved:
    """What :func:`save_account` did (each change also in the audit log, unless
    ``audit_not_written``)."""

    created: bool
    role_before: str  # in words, as the Staff page shows it ("" when created)
    role_after: str
    password: str  # "changed", "same" (the one it had: not changed), "kept" (none given)
    # What a reset removed ("authenticator app", "backup codes"); None: no reset asked for;
    # empty: there was none.
    second_factors_removed: list[str] | None
    # Why the change's audit entries (some or all) could not be written; None: all were.
    audit_not_written: str | None = None
    sessions_ended: int = 0  # the account's open sessions a new password ended

    @property
    def role_changed(self) -> bool:
        return not self.created and self.role_before != self.role_after

    @property
    def changed_anything(self) -> bool:
        return (
            self.created
            or self.role_changed
            or self.password == "changed"
            or bool(self.second_factors_removed)
        )


def save_account(
    user, *, role: str | None, password: str | None, reset_2fa: bool, by: str = COMMAND_LINE
) -> AccountSaved:
    """Create ``user`` (unsaved) or update it: ``role`` a create_staff role ("admin",
    "moderator", …; None keeps the account's), ``password`` already validated (None keeps it),
    ``reset_2fa`` removes its second factor. A new password ends the account's open sessions,
    each told why."""
    created = user._state.adding
    role_before = "" if created else (role_label(user) if user.is_staff else NOT_STAFF)
    password_state = "kept"
    if password is not None:
        if not created and user.check_password(password):
            password_state = "same"
        else:
            user.set_password(password)
            password_state = "changed"
    with transaction.atomic():
        for name in ALL_GROUPS:
            Group.objects.get_or_create(name=name)
        user.is_staff = True
        if role is not None:
            user.is_superuser = role == "admin"
        user.save()
        if role is not None:
            groups = [] if role == "admin" else [Group.objects.get(name=ROLE_GROUPS[role])]
            user.groups.set(groups)
        removed = two_factor.reset(user, by=by) if reset_2fa else None
    ended = 0
    if password_state == "changed" and not created:
        # Django would refuse them at their next request anyway (the hash changed); ended here,
        # each says why on the sign-in page, not "your session ended after 10 hours".
        ended = end_sessions(user, reason=signed_out.PASSWORD_SET)
    saved = AccountSaved(
        created, role_before, role_label(user), password_state, removed, sessions_ended=ended
    )
    return dataclasses.replace(
        saved, audit_not_written=_record_saved(user.get_username(), saved, by=by)
    )


def _record_saved(username: str, saved: AccountSaved, *, by: str) -> str | None:
    """Record each change; returns why its entries (or some: how many) could not be written, or
    None. The caller says so: no traceback logged."""
    record = functools.partial(events.record, username, address=None, actor=by, log_failure=False)
    failures = []
    if saved.created:
        failures.append(record("staff_created", role=saved.role_after))
    if saved.role_changed:
        failures.append(
            record("role_changed", before={"role": saved.role_before}, role=saved.role_after)
        )
    if saved.password == "changed" and not saved.created:
        failures.append(record("password_changed"))
    if saved.second_factors_removed:
        failures.append(record("second_factor_reset"))
    missing = [why for why in failures if why]
    if not missing or len(missing) == len(failures):
        return missing[0] if missing else None
    return f"{len(missing)} of its {len(failures)} entries weren't written ({missing[0]})"


@dataclass(frozen=True)
class ActiveSet:
    """What :func:`set_active` did."""

    changed: bool  # False: it already was so (nothing changed or recorded)
    sessions_ended: int = 0
    audit_not_written: str | None = None  # why the change's audit entry could not be written


def set_active(user, *, active: bool, by: str = COMMAND_LINE) -> ActiveSet:
    """Deactivate ``user`` (it can't sign in, and its open sessions end now) or reactivate it.
    An audit entry not written is not logged: the caller says so."""
    if user.is_active == active:
        return ActiveSet(changed=False)
    user.is_active = active
    user.save(update_fields=["is_active"])
    username = user.get_username()
    if active:
        why = events.record(username, "reactivated", address=None, actor=by, log_failure=False)
        return ActiveSet(changed=True, audit_not_written=why)
    # Django refuses an inactive account's session at its next request anyway (ModelBackend's
    # get_user); ending them here also forgets what they hold.
    ended = end_sessions(user, reason=signed_out.DEACTIVATED)
    why = events.record(
        username, "deactivated", address=None, actor=by, log_failure=False, sessions_ended=ended
    )
    return ActiveSet(changed=True, sessions_ended=ended, audit_not_written=why)


@dataclass
class PasswordChange:
    form: object  # the bound OwnPasswordChangeForm (its errors when refused)
    other_sessions_ended: int | None = None  # None: refused, nothing changed


def change_own_password(request, data) -> PasswordChange:
    """The signed-in user changes their password, one change of an account at a time: the
    account's row is locked (PostgreSQL: SELECT FOR UPDATE; SQLite: the IMMEDIATE transaction
    takes the write lock), and the current password is checked against the row as locked. Two
    changes sent at once: the first is saved, the second is told its current password is no
    longer the one stored, and nothing of it is saved; before, both were saved, and the loser's
    session, ended by the winner, was told "nothing was changed"."""
    from django.contrib.auth import update_session_auth_hash

    from .forms import OwnPasswordChangeForm

    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=request.user.pk)
        form = OwnPasswordChangeForm(user, request, data)
        if not form.is_valid():
            return PasswordChange(form)
        form.save()
        update_session_auth_hash(request, form.user)  # this session stays signed in
        ended = password_changed(
            form.user,
            keep_session=request.session.session_key,
            address=lockout.client_address(request),
        )
    return PasswordChange(form, ended)


def password_changed(user, *, keep_session: str | None, address: str | None) -> int:
    """``user`` changed their own password (already saved): their other sessions end now (Django
    would refuse them at their next request anyway: the password's hash changed), and it is
    recorded. Returns how many other sessions were ended."""
    ended = end_sessions(user, keep=keep_session, reason=signed_out.PASSWORD_CHANGED)
    events.record(
        user.get_username(), "password_changed", address=address, other_sessions_ended=ended
    )
    return ended


def end_sessions(user, *, keep: str | None = None, reason: str) -> int:
    """End every open session of ``user`` but ``keep`` (a session key), with a database-backed
    session engine, as configured (with another, Django's own checks end them at their next
    request). Each keeps only why it ended (``reason``, :mod:`.signed_out`), which the sign-in
    page its browser lands on says: "your password was changed elsewhere" is the one hint a
    colleague whose session was taken over would get. Returns how many."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    ended = 0
    sessions = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            signed_out.end_session(store_class(session_key=session.session_key), reason)
            ended += 1
    return ended
