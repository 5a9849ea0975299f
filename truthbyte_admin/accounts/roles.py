"""Staff roles (Django groups) and what each may do. Enforced server-side on every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

MODERATORS, EDITORS, SUPPORT = "Moderators", "Editors", "Support"
ROLE_GROUPS = {"moderator": MODERATORS, "editor": EDITORS, "support": SUPPORT}
ALL_GROUPS = (MODERATORS, EDITORS, SUPPORT)

# Capability -> groups that have it (superusers have all). Every signed-in staff member may read
# every page: support needs the questions a player saw, editors the queue's backlog, etc.
CAPABILITIES: dict[str, set[str]] = {
    "moderate": {MODERATORS},  # approve / reject / edit submissions
    "edit_questions": {EDITORS},  # create, edit, retire questions
    "manage_categories": {EDITORS},  # rename, reconcile counts
    "store_streaks": set(),  # admin only
    # Staff sign-in events in the audit log (addresses, failed attempts): admin only.
    "view_sign_in_events": set(),
    "edit_rejection_reasons": set(),  # admin only
    # Undo another moderator's recent approve or reject (everyone may undo their own): admin only.
    "undo_others_reviews": set(),
    # Unlock a staff member's sign-in, reset their two-factor: admin only.
    "manage_staff": set(),
}

# What each capability lets staff do, for the 403 page of a view that gives no reason of its own.
DOING = {
    "moderate": "review submissions",
    "edit_questions": "create, edit or retire questions",
    "manage_categories": "check, rename, repair or delete categories",
    "store_streaks": "store a player's streaks",
    "view_sign_in_events": "see staff sign-in events",
    "edit_rejection_reasons": "change the rejection reasons",
    "undo_others_reviews": "undo another moderator's review",
    "manage_staff": "manage staff accounts",
}


def refusal(capability: str, doing: str = "") -> str:
    """The 403 reason for a missing capability: "Your role can't review submissions;
    moderators and admins can." (it names who may, so staff know whom to ask). ``doing``: the
    one action of the capability a page is for ("retire questions"), else all it covers."""
    groups = sorted(group.lower() for group in CAPABILITIES[capability])
    who = " and ".join([*groups, "admins"]) if groups else "only admins"
    return f"Your role can't {doing or DOING[capability]}; {who} can."


def role_label(user) -> str:
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return "Admin"
    names = sorted(g.name for g in user.groups.all() if g.name in ALL_GROUPS)
    return ", ".join(n.rstrip("s") for n in names) or "No role"


def can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    allowed = CAPABILITIES[capability]
    return user.groups.filter(name__in=allowed).exists()


def require_capability(
    capability: str, reason: str = "", *, methods: tuple[str, ...] | None = None
) -> Callable:
    """View decorator, the one way a view checks a capability: the 403 page (with ``reason``,
    or a generic one) unless the signed-in user has ``capability``. With ``methods``, only
    requests of those methods are checked (a page everyone may read, whose POST writes)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            checked = methods is None or request.method in methods
            if checked and not can(request.user, capability):
                raise PermissionDenied(reason or refusal(capability))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
