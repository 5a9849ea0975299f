"""What saving, creating and retiring a question said, as page messages."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from ..core.errors import CONFIRMATION_LOST
from ..core.question_form import categories_named, names_not_used

if TYPE_CHECKING:
    from ..data.retired import RetiredCopy
    from .services import SavedQuestion


def tell_no_such_id(request, typed: str) -> None:
    """Open by id found nothing: what ids look like, and the search, which finds a question by
    its words (what was typed may be some of them)."""
    search = reverse("questions:index") + "?" + urlencode({"q": typed})
    messages.error(
        request,
        format_html(
            "No question has the id “<bdi>{}</bdi>”. Ids look like q530, dq00004 or q_cf14932ea195 "
            'and are case-sensitive. <a href="{}" data-testid="search-instead">Search the '
            "questions for “<bdi>{}</bdi>”</a> instead.",
            typed,
            search,
            typed,
        ),
    )


def tell_retired(request, question_id: str, retired: RetiredCopy) -> None:
    """Retired, what that removed, and the way back: restoring that very copy."""
    messages.success(
        request,
        format_html(
            "Retired question {}: removed from the question bank, its {} category listing{} "
            "and counts. "
            'A full copy is kept: <a href="{}" data-testid="restore-just-retired">restore it</a> '
            '(you confirm first), now or later from <a href="{}">Retired questions</a>.',
            question_id,
            len(retired.index_items),
            pluralize(len(retired.index_items)),
            reverse("retired:restore", args=[question_id])
            + "?"
            + urlencode({"retired_key": retired.retired_key}),
            reverse("retired:index"),
        ),
    )


def tell_retire_conflict(request) -> None:
    messages.error(
        request,
        "Not retired: this question was changed after you loaded it (in another tab, or by "
        "someone else). Check the current version, then retire it again if you still want to.",
    )


def tell_saved(request, saved: SavedQuestion, loaded_version: int) -> None:
    """An edit's outcome: nothing to save, or the version stored and any category it created."""
    question = saved.question
    if question.version == loaded_version:
        messages.info(request, "No changes to save.")
    else:
        created = categories_named(saved.created_categories)
        messages.success(
            request,
            f"Saved question {question.id} (version {question.version})"
            + (f" and created {created}." if created else ".")
            + (CONFIRMATION_LOST if saved.confirmation_lost else ""),
        )
    _tell_names_not_used(request, saved)


def tell_created(request, saved: SavedQuestion) -> None:
    created = categories_named(saved.created_categories)
    messages.success(
        request,
        f"Created question {saved.question.id}"
        + (f" and {created}." if created else ".")
        + (CONFIRMATION_LOST if saved.confirmation_lost else ""),
    )
    _tell_names_not_used(request, saved)


def _tell_names_not_used(request, saved: SavedQuestion) -> None:
    """A warning of its own, not inside the green "Saved": a typed line stored nothing."""
    note = names_not_used(saved.names_not_used, saved.question.categories)
    if note:
        messages.warning(request, note.strip())
