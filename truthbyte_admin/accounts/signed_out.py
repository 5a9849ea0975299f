"""What the sign-in page says to someone sent there from a page of the app: they are signed out
(a session lasts SESSION_COOKIE_AGE, or they signed out in another tab), and, when what they
sent was a change, that it was not saved. Their browser sent it, the app refused it unread:
without a word, they would sign in believing it done.

Said through the sign-in page's address (``?next=…&unsaved=1``), not the session: a refused
request writes nothing, not even an anonymous session."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages

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
