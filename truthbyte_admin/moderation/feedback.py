"""What a moderation action said: the text of the page's message and of the row's toast."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst

from ..core.errors import CONFIRMATION_LOST
from ..core.question_form import categories_named, names_not_used

if TYPE_CHECKING:
    from .services import ApprovalResult, RejectionResult, UndoResult


def quoted(text: str) -> SafeString:
    """A player's question, short, in quotes and in its own bidi isolate: which submission an
    id was, in the sentence that says what happened to it."""
    if not text.strip():
        return mark_safe("")
    return format_html(" “<bdi>{}</bdi>”", Truncator(" ".join(text.split())).chars(60))


def question_link(question_id: str) -> SafeString:
    """The new question's id as a link to its page (the id escaped, as text and in the URL)."""
    url = reverse("questions:index") + quote(question_id, safe="") + "/"
    return format_html('<a href="{}" data-testid="new-question-link">{}</a>', url, question_id)


def approved(result: ApprovalResult) -> SafeString:
    created = categories_named(result.created_categories)
    return format_html(
        "Approved {}{}: it is now question {}{}.{}",
        result.submission_id,
        quoted(result.question.question),
        question_link(result.question.id),
        f", and the approval created {created}" if created else "",
        CONFIRMATION_LOST if result.confirmation_lost else "",
    )


def names_left_out(result: ApprovalResult) -> str:
    """A warning of its own beside the green "Approved", or "": a "Names for new categories"
    line that stored nothing (the editor says it so too)."""
    return names_not_used(result.names_not_used, result.question.categories).strip()


def rejected(result: RejectionResult) -> SafeString:
    return format_html(
        "Rejected {}{}: {}.{}",
        result.submission_id,
        quoted(result.question_text),
        result.reason,
        CONFIRMATION_LOST if result.confirmation_lost else "",
    )


def not_approved(problems: str) -> str:
    return f"Not approved: {problems} Nothing was changed."


def not_rejected(problems: str) -> str:
    return f"Not rejected: {problems} Nothing was changed."


def undone(result: UndoResult) -> str:
    if result.undone == "approve":
        emptied = result.emptied_categories
        left = ""
        if emptied:
            one = len(emptied) == 1
            left = (
                f" {capfirst(categories_named(emptied))} now {'has' if one else 'have'} no "
                "questions: kept for staff, and not listed for players until a question is "
                f"tagged with {'it' if one else 'them'}."
            )
        return (
            f"Undone: {result.submission_id} is pending again; question {result.question_id}, "
            f"its category listings and count changes were removed.{left}"
        )
    return f"Undone: {result.submission_id} is pending again (the rejection was removed)."
