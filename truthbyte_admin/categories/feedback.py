"""What a rename, a count repair or a deletion said, as page messages.

A rename's is shown on the category's own row of the page it redirects to: the person comes
back where they were, not at the top of a long page.

The sentence is an ordinary message (the messages framework, tagged as a rename's); which row
it belongs to, and a refused name to show again in its field, wait beside it in the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.utils.html import format_html, format_html_join

from ..core.errors import CONFIRMATION_LOST
from ..core.links import html_key
from ..core.undo import undo_tag
from ..data.models import default_display_name
from .wording import Wording, literal, stored_value_text

if TYPE_CHECKING:
    from .services import Deleted, PutBack, ReconcileResult

TAG = "category-rename"
SESSION_KEY = "categories:rename"


@dataclass(frozen=True)
class RenameFeedback:
    slug: str
    message: Message
    typed: str = ""  # what was typed: a refused name stays in its field to be corrected
    on_its_row: bool = True  # False: the list doesn't show the category (yet), so above it
    # After a rename: (the name now, the name before), offered as "Rename back" (another rename)
    back: tuple[str, str] | None = None

    @property
    def back_to(self) -> str:
        return self.back[1] if self.back else ""

    @property
    def back_from(self) -> str:
        return self.back[0] if self.back else ""

    @property
    def refused(self) -> bool:
        return self.message.level >= messages.ERROR

    @property
    def message_id(self) -> str:
        return _message_id(self.slug)


def _message_id(slug: str) -> str:
    return f"rename-said-{html_key(slug)}"


def _return_to(slug: str, *, refused: bool) -> str:
    """The element the page opens on (URL fragment: scrolled to and focused): the name field
    after a refusal, the message after a rename."""
    return f"name-{html_key(slug)}" if refused else _message_id(slug)


# GAME.md: the game's category list "shows `category.replace('_', ' ').title()` as the display
# name" — never the stored one. A rename changes what this admin shows, not what players see.
PLAYERS_SEE = " Players still see {shown}: the game names each category from its key."


def renamed(slug: str, old_name: str, name: str) -> Wording:
    """What a rename that went through says, and what players go on seeing."""
    names = {"slug": slug, "old": old_name, "new": name, "shown": default_display_name(slug)}
    if name == old_name:
        return Wording("{slug} already has the display name {new}.", names)
    if not old_name:  # it had the game's computed name
        return Wording("Renamed {slug} to {new}." + PLAYERS_SEE, names)
    return Wording("Renamed {slug}: {old} → {new}." + PLAYERS_SEE, names)


def remember(
    request,
    slug: str,
    wording: Wording,
    *,
    refused: bool,
    typed: str = "",
    back: tuple[str, str] | None = None,
) -> str:
    """Keep what a rename said for the next page; returns the fragment it opens on. ``back``:
    (new name, old name) of a rename that changed a stored name, offered as "Rename back"."""
    level = messages.ERROR if refused else messages.SUCCESS
    messages.add_message(request, level, wording.html(), extra_tags=TAG)
    request.session[SESSION_KEY] = {
        "slug": slug,
        "typed": typed if refused else "",
        "back": list(back) if back and not refused else None,
    }
    return _return_to(slug, refused=refused)


def take(request, *, shown: set[str]) -> tuple[RenameFeedback | None, list[Message]]:
    """The last rename's feedback (once), and the page's other messages; ``shown``: the slugs
    of the rows on the page."""
    others: list[Message] = []
    said: Message | None = None
    for message in messages.get_messages(request):
        if TAG in message.tags.split():
            said = message
        else:
            others.append(message)
    kept = request.session.pop(SESSION_KEY, None)
    if said is None:
        return None, others
    if not isinstance(kept, dict) or not isinstance(kept.get("slug"), str):
        return None, [*others, said]  # no row to show it on: it is an ordinary message
    slug = kept["slug"]
    back = kept.get("back")
    back = (str(back[0]), str(back[1])) if isinstance(back, list) and len(back) == 2 else None
    return RenameFeedback(slug, said, str(kept.get("typed") or ""), slug in shown, back), others


def _was(value: object) -> str:
    """A repaired count as it was: a number, "—" for none, or what was stored instead of a
    number, quoted in its own isolate (“lots”)."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return format_html("“<bdi>{}</bdi>”", stored_value_text(value))


def _lists_put_right(result: ReconcileResult) -> str:
    """“Put the game's lists right: space 1 question put in (dq00004); art 1 entry deleted
    (zz_orphan).”"""
    per_category: dict[str, tuple[list[str], list[str]]] = {}
    for problem in result.lists_fixed:
        put, deleted = per_category.setdefault(problem.category, ([], []))
        (put if problem.puts else deleted).append(problem.question_id)

    def ids(question_ids: list[str]) -> str:
        shown = format_html_join(", ", "<bdi>{}</bdi>", ((i,) for i in question_ids[:5]))
        more = f" and {len(question_ids) - 5:,} more" if len(question_ids) > 5 else ""
        return format_html("({}{})", shown, more)

    parts = []
    for slug, (put, deleted) in per_category.items():
        said = []
        if put:
            n = len(put)
            said.append(format_html("{} question{} put in {}", n, "s" if n != 1 else "", ids(put)))
        if deleted:
            n = len(deleted)
            said.append(
                format_html("{} entr{} deleted {}", n, "ies" if n != 1 else "y", ids(deleted))
            )
        parts.append(
            format_html(
                "<bdi>{}</bdi>: {}", slug, format_html_join(", ", "{}", ((x,) for x in said))
            )
        )
    return format_html(
        "Put the game's category lists right: {}.",
        format_html_join("; ", "{}", ((p,) for p in parts)),
    )


def tell_reconciled(request, result: ReconcileResult) -> None:
    """What a repair did, as page messages: each list put right, each count repaired (was →
    now), each one that could not be, or that there was nothing to do."""
    if result.lists_fixed:
        messages.success(request, _lists_put_right(result))
    if result.fixed:
        # Each slug in its own bidi isolate: a name can't reorder the list around it.
        changes = format_html_join(
            ", ",
            "<bdi>{}</bdi> {} → {}",
            ((slug, _was(was), f"{now:,}") for slug, (was, now) in result.fixed.items()),
        )
        messages.success(
            request,
            format_html(
                "Repaired {} stored count{}: {}.",
                len(result.fixed),
                "s" if len(result.fixed) != 1 else "",
                changes,
            ),
        )
    if result.put_right_meanwhile:
        # Each category in its own bidi isolate, as above.
        said = [
            format_html("the stored count of <bdi>{}</bdi>", slug)
            for slug in result.counts_put_right_meanwhile
        ] + [
            format_html("the list of <bdi>{}</bdi> (question {})", p.category, p.question_id)
            for p in result.lists_put_right_meanwhile
        ]
        messages.info(
            request,
            format_html(
                "Already put right by another repair or change at the same moment, so left as "
                "they are: {}.",
                format_html_join("; ", "{}", ((part,) for part in said)),
            ),
        )
    for failure in result.failed:
        messages.error(request, failure.html())
    if (
        not result.fixed
        and not result.failed
        and not result.lists_fixed
        and not result.put_right_meanwhile
    ):
        messages.info(
            request,
            "The game's category lists name exactly the questions tagged with each category, "
            "and every stored count matches its list. Nothing to do.",
        )


def tell_deleted(request, deleted: Deleted) -> None:
    """A deletion, said with its Undo (the message region's, as a review's)."""
    lost = CONFIRMATION_LOST if deleted.confirmation_lost else ""
    text = Wording(
        "Deleted the empty category {slug} ({name})." + literal(lost),
        {"slug": deleted.slug, "name": deleted.display_name},
    )
    tag = undo_tag("category_delete", deleted.slug, until=deleted.undo_until)
    messages.success(request, text.html(), extra_tags=tag)


def tell_put_back(request, done: PutBack) -> None:
    lost = CONFIRMATION_LOST if done.confirmation_lost else ""
    text = Wording(
        "Put back the category {slug} ({name}), as it was before its deletion." + literal(lost),
        {"slug": done.slug, "name": done.display_name},
    )
    messages.success(request, text.html())
