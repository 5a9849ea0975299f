"""What the sign-in page says to someone sent there from a page of the app: they are signed out
(a session lasts SESSION_COOKIE_AGE, or they signed out in another tab), and, when what they
sent was a change, that it was not saved. Their browser sent it, the app refused it unread:
without a word, they would sign in believing it done.

Said through the sign-in page's address (``?next=…&unsaved=1``), not the session: a refused
request writes nothing, not even an anonymous session."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages

from ..core.clock import utc_now

UNSAVED_PARAM = "unsaved"
# In the session from the password to the complete sign-in (a second factor may come between):
# the change refused before it, to say once more that it was not saved.
UNSAVED_CHANGE = "accounts.unsaved_change"


def was_a_change(request) -> bool:
    """A request refused for want of a session that would have changed something."""
    return not request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS")


def mark_unsaved(url: str) -> str:
    """``url`` (the sign-in page's) saying that the change sent was not saved."""
    return f"{url}{'&' if '?' in url else '?'}{UNSAVED_PARAM}=1"


def told_unsaved(request) -> bool:
    return (request.POST.get(UNSAVED_PARAM) or request.GET.get(UNSAVED_PARAM)) == "1"


def session_hours() -> int:
    return max(1, round(settings.SESSION_COOKIE_AGE / 3600))


def remember_unsaved(request) -> None:
    """At the password: keep the notice for when the sign-in completes."""
    if told_unsaved(request):
        request.session[UNSAVED_CHANGE] = True


def remind_after_sign_in(request) -> None:
    """After signing in: the change refused before it still isn't saved."""
    if request.session.pop(UNSAVED_CHANGE, False):
        messages.warning(
            request,
            "Reminder: the change you sent before signing in was not saved. Make it again.",
        )


# Why a session was ended by something done elsewhere, kept in it (nothing else is) for the
# sign-in page its browser lands on.
SESSION_ENDED = "accounts.session_ended"
PASSWORD_CHANGED = "password_changed"
PASSWORD_SET = "password_set"
DEACTIVATED = "deactivated"
_ENDED_BECAUSE = {
    PASSWORD_CHANGED: (
        "Your password was changed in another session at {at} UTC, which signed this one out. "
        "If you didn't change it, tell an admin now."
    ),
    PASSWORD_SET: (
        "An admin set a new password for this account at {at} UTC, which signed this session "
        "out. Sign in with the new password they give you."
    ),
    DEACTIVATED: "An admin deactivated this account at {at} UTC, which signed this session out.",
}


def end_session(store, reason: str) -> None:
    """Sign ``store`` (another session) out: everything it held is forgotten but ``reason``."""
    store.load()
    store.clear()
    store[SESSION_ENDED] = {"reason": reason, "at": f"{utc_now():%Y-%m-%d %H:%M}"}
    store.save()


def ended_because(request) -> str:
    """Why this browser's session was ended elsewhere, said once ("" when it wasn't)."""
    ended = request.session.pop(SESSION_ENDED, None) if hasattr(request, "session") else None
    if not isinstance(ended, dict) or ended.get("reason") not in _ENDED_BECAUSE:
        return ""
    return _ENDED_BECAUSE[ended["reason"]].format(at=ended.get("at", "?"))
