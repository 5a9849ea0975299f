"""Category use cases: rename (conditional on the old name), reconcile stored counts, and
delete an empty category (and put it back).

Each is a transaction with its audit entry inside, so a change and its record land together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.audit_labels import action_label
from ..core.errors import RESENT_FORM, not_confirmed, not_saved_because, unavailable_reason
from ..core.undo import undo_deadline, undo_minutes
from ..data import audit
from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data.category_index import count_index, without_questions
from ..data.errors import (
    Conflict,
    NotFound,
    OutcomeUnknown,
    SentBefore,
    ServerError,
    Throttled,
    TransactionCancelled,
)
from ..data.models import GENERAL, AuditEntry, Category
from ..data.transactions import MAX_ACTIONS, Transaction, form_request_token
from ..domain.categories import count_drift, key_problem, named_like
from ..domain.validation import validate_display_name
from ..staffindex.drift import forget_drift
from . import lists, verify
from .wording import Wording, literal, stored_value_text

# Each reconciled category takes two actions (the count, its audit entry): 49 per transaction,
# with room for the form's sent mark.
RECONCILE_CATEGORIES_PER_TRANSACTION = MAX_ACTIONS // 2


class CategoryServiceError(Exception):
    """A category change that was not made; ``wording`` is the message to show (``str()`` is
    its plain text)."""

    def __init__(self, wording: Wording | str) -> None:
        self.wording = wording if isinstance(wording, Wording) else Wording(literal(wording))
        super().__init__(str(self.wording))


class CategoryNotFound(CategoryServiceError):
    """Neither a metadata item nor any index item has this key: nothing to rename (404)."""


NO_TABLE = (
    "This environment stores no category names or counts: display names and counts are "
    "computed from the questions, as the game does, so there is nothing to rename or repair."
)


@dataclass(frozen=True)
class Renamed:
    """A rename that is stored: ``name`` now, ``old_name`` before (the same: nothing changed)."""

    old_name: str
    name: str

    @property
    def back(self) -> tuple[str, str] | None:
        """(the name now, the name before) when "Rename back" is offered: a stored name can be
        put back by a second rename (audited like the first); the game's computed name (none
        stored, ``old_name`` "") can't be stored back as "none", and an unchanged name has
        nothing to go back to."""
        return (self.name, self.old_name) if self.old_name and self.name != self.old_name else None


def rename_category(
    *, slug: str, old_name: str, new_name: str, actor: str, form_nonce: str = ""
) -> Renamed:
    """Set a category's display name if it is still ``old_name``. Returns what is stored now
    and whether it can be renamed back (:class:`Renamed`).

    Only an existing category can be renamed (its metadata item, or at least one index item);
    anything else is :class:`CategoryNotFound`, never a new item. ``form_nonce`` identifies the
    form submission: sending it again is the same DynamoDB request.
    """
    name = _rename(
        slug=slug, old_name=old_name, new_name=new_name, actor=actor, form_nonce=form_nonce
    )
    return Renamed(old_name=old_name, name=name)


def _rename(*, slug: str, old_name: str, new_name: str, actor: str, form_nonce: str) -> str:
    """The rename itself; returns the name stored now."""
    if categories_repo.schema() is None:
        raise CategoryServiceError(NO_TABLE)
    # Any existing key may be renamed, including legacy ones ("sci fi", "Science", "sci/fi").
    problem = key_problem(slug)
    if problem:
        raise CategoryServiceError(problem)
    refused = _name_refused(slug, new_name)
    if refused is not None:
        raise CategoryServiceError(refused)
    new_name = new_name.strip()
    indexed_question_id = _guarding_question_id(slug)
    if new_name == old_name:
        # Nothing asked of us, but the page may be out of date: say what is stored.
        stored = _display_name(slug)
        if stored is not None and stored != old_name:
            raise CategoryServiceError(
                Wording(
                    "Nothing was changed: {slug} was renamed to {stored} since this page was "
                    "loaded (here in another tab, or by someone else).",
                    {"slug": slug, "stored": stored},
                )
            )
        return old_name
    tx = Transaction()
    categories_repo.add_display_name_change(
        tx, slug, old=old_name, new=new_name, indexed_question_id=indexed_question_id
    )
    audit.add_to(
        tx,
        audit.new_entry(
            audit.category_entity(slug),
            actor=actor,
            action="rename",
            before={"display_name": old_name},
            after={"display_name": new_name},
        ),
    )
    token = form_request_token(form_nonce, "rename", slug, old_name, new_name)
    return _commit_rename(tx, slug, old_name, new_name, token=token)


def _commit_rename(tx: Transaction, slug: str, old_name: str, new_name: str, *, token: str) -> str:
    """Commit a rename; returns the name stored now, or raises what to say (every failure
    message says what is stored)."""
    try:
        categories_repo.commit_rename(tx, slug, token=token)
    except OutcomeUnknown as exc:
        stored = _display_name(slug)
        if stored == new_name:
            tx.found_applied()
            return new_name  # the confirmation was lost, but the rename is stored
        raise CategoryServiceError(_rename_not_confirmed(exc, slug, stored or old_name)) from exc
    except NotFound as exc:
        raise CategoryNotFound(str(exc)) from exc
    except Conflict as exc:
        if exc.current.display_name == new_name:
            # Not this rename sent again: a resend is DynamoDB's to answer, or the sent mark's
            # (SentBefore, above). Another rename to the same name got there first; this one
            # must not be reported as done, nor offer to rename "back" over it.
            raise CategoryServiceError(
                Wording(
                    "Nothing was changed: {slug} was renamed to {name} meanwhile (in another "
                    "tab, or by someone else), the name you chose.",
                    {"slug": slug, "name": new_name},
                )
            ) from exc
        raise CategoryServiceError(
            Wording(
                "Not renamed: {slug} was renamed to {name} meanwhile (in another tab, or by "
                "someone else). Check the name and try again.",
                {"slug": slug, "name": exc.current.display_name},
            )
        ) from exc
    except TransactionCancelled as exc:
        raise _cancelled(exc, slug, "renamed") from exc
    except (Throttled, ServerError) as exc:
        raise _not_taken(exc, slug, "renamed") from exc
    return new_name


def _name_refused(slug: str, name: str) -> Wording | None:
    """Why ``name`` can't be the category's display name, naming the category (the message is
    shown, and read out, on its own), or None."""
    problem = validate_display_name(name)
    if problem:
        return Wording(
            "Display name of {slug}: " + literal(problem[0].lower() + problem[1:]), {"slug": slug}
        )
    taken_by = _named_already(slug, name.strip())
    if taken_by is not None:
        return Wording(
            "Not renamed: {other} is already called {name}, and two categories with one name "
            "can't be told apart in the lists. Choose another name.",
            {"other": taken_by.slug, "name": taken_by.display_name},
        )
    return None


def _named_already(slug: str, name: str) -> categories_repo.CategoryName | None:
    """Another category whose display name reads as ``name`` (``display_name_key``), or None:
    read afresh (one consistent Scan of the small table), as another worker may have renamed
    or created one within the cached names' minute."""
    names = {c.slug: c for c in categories_repo.category_names(fresh=True)}
    other = named_like(name, {s: c.display_name for s, c in names.items()}, other_than=slug)
    return None if other is None else names[other]


def _rename_not_confirmed(exc: OutcomeUnknown, slug: str, name: str) -> Wording:
    """A rename whose confirmation was lost, and re-reading shows it is not stored."""
    if isinstance(exc, SentBefore):
        return Wording(literal(f"Not renamed. {RESENT_FORM}"))
    now = "{slug} is still named {name} as of now"  # the placeholders: Wording's to fill
    return Wording(not_confirmed("rename", now), {"slug": slug, "name": name})


def _guarding_question_id(slug: str) -> str | None:
    """None when the metadata item exists; else the id of one question indexed under ``slug``
    (the rename is then conditional on that index item). CategoryNotFound when neither."""
    try:
        categories_repo.get(slug, consistent=True)
        return None
    except NotFound:
        pass
    page = questions_repo.index_page(slug, limit=1)
    if not page.items:
        raise CategoryNotFound(f"There is no category “{slug}”.")
    return page.items[0].question_id


def _display_name(slug: str) -> str | None:
    try:
        return categories_repo.get(slug, consistent=True).display_name
    except NotFound:
        return None


@dataclass
class ReconcileResult:
    # slug -> (was, now); was as it was stored: a number, None (no count), or what was stored
    # instead of a number ("lots"), kept as it was.
    fixed: dict[str, tuple[object, int]] = field(default_factory=dict)
    failed: list[Wording] = field(default_factory=list)  # batches that changed nothing
    # List entries and counts found as this repair would have left them, by another write that
    # came first (a colleague's repair at the same moment): nothing left to do, not a failure.
    lists_put_right_meanwhile: list[lists.ListProblem] = field(default_factory=list)
    counts_put_right_meanwhile: list[str] = field(default_factory=list)

    @property
    def put_right_meanwhile(self) -> int:
        return len(self.lists_put_right_meanwhile) + len(self.counts_put_right_meanwhile)

    # Entries of the game's category lists put in or deleted, in (category, question) order
    lists_fixed: list[lists.ListProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def reconcile_counts(*, actor: str, form_nonce: str = "") -> ReconcileResult:
    """Put the game's category lists right, then set every drifting stored count to its list.

    First the lists (:mod:`.lists`): an entry missing for a question tagged with the category is
    put (with the question's difficulty), an entry naming no question, or a question not tagged
    with the category, is deleted; each conditional on the question being as re-read and on the
    entry still being missing / there, each audited on its category. Then the counts, as
    before: stored counts are read BEFORE the lists are read, and each set is conditional on
    the stored count still being what we read, so an edit that lands in between fails the
    condition and that batch changes nothing (never a count set from a stale read). All reads
    are strongly consistent. A batch whose outcome is unknown is re-read: its counts are
    reported as fixed only if they are stored. Running it again changes only what still differs.
    """
    if categories_repo.schema() is None:
        raise CategoryServiceError(NO_TABLE)
    found = lists.survey()
    result = ReconcileResult()
    unsettled = _put_lists_right(found.problems, actor=actor, form_nonce=form_nonce, into=result)
    items, was = found.items, found.was
    # A category whose list could not be put right keeps its count: its figures are not known.
    drifting = [
        change
        for change in count_drift(
            found.stored, found.counted(result.lists_fixed + result.lists_put_right_meanwhile)
        )
        if change.slug not in unsettled
    ]
    step = RECONCILE_CATEGORIES_PER_TRANSACTION
    batches = [drifting[start : start + step] for start in range(0, len(drifting), step)]
    while batches:
        batch = batches.pop(0)
        tx = Transaction()
        for slug, expected, count in batch:
            read_from = items[slug].count_attr if slug in items else None
            categories_repo.add_count_set(
                tx, slug, expected=expected, actual=count, expected_attr=read_from
            )
            audit.add_to(
                tx,
                audit.new_entry(
                    audit.category_entity(slug),
                    actor=actor,
                    action="reconcile",
                    before={"count": was.get(slug)},
                    after={"count": count},
                ),
            )
        token = form_request_token(
            form_nonce,
            "reconcile",
            *(f"{slug}:{expected}:{count}" for slug, expected, count in batch),
        )
        try:
            categories_repo.commit_count_sets(tx, (slug for slug, _, _ in batch), token=token)
        except Conflict as exc:
            changed = [change for change in batch if change.slug in exc.current]
            # A count now at this repair's figure is put right only if its list still has that
            # many entries (counted afresh): a question added meanwhile moves both.
            moved = [
                change
                for change in changed
                if exc.current[change.slug].count != change.actual
                or count_index(change.slug) != change.actual
            ]
            if moved:
                result.failed.append(_counts_changed(exc.current, moved, was, len(batch)))
                continue
            # Every count that changed meanwhile is now what this repair would have set (another
            # repair at the same moment): the rest of the batch, cancelled with them, goes again.
            result.counts_put_right_meanwhile += [slug for slug, _, _ in changed]
            rest = [change for change in batch if change.slug not in exc.current]
            if rest:
                batches.insert(0, rest)
            continue
        except TransactionCancelled as exc:
            result.failed.append(
                Wording(
                    f"A batch of {len(batch)} counts was not saved: "
                    f"{not_saved_because(exc, what='categories')}; nothing in it was changed. "
                    "Repair again."
                )
            )
            continue
        except OutcomeUnknown as exc:
            now = {c.slug: c.count for c in categories_repo.list_all(consistent=True)}
            if any(now.get(slug) != count for slug, _, count in batch):
                result.failed.append(_counts_not_confirmed(exc, len(batch)))
                continue
            tx.found_applied()
        result.fixed.update({slug: (was.get(slug), count) for slug, _, count in batch})
    if result.fixed:
        # These counts now match DynamoDB: the sync's last drift check no longer describes them
        # (the next sync pass checks them again).
        forget_drift(result.fixed)
    if result.ok or result.fixed or result.lists_fixed:
        # The last "Verify now" no longer describes what is stored.
        verify.forget()
    return result


def _counts_not_confirmed(exc: OutcomeUnknown, batch_size: int) -> Wording:
    """A batch of counts whose confirmation was lost, and re-reading shows it not stored (yet)."""
    if isinstance(exc, SentBefore):
        return Wording(literal(f"Counts not repaired. {RESENT_FORM}"))
    many = batch_size != 1
    change = f"repair of {batch_size} count{'s' if many else ''}"
    now = f"{'They are' if many else 'It is'} not stored as of now"
    return Wording(literal(not_confirmed(change, now)))


_LIST_NOTES = {
    lists.MISSING: "The question is tagged with this category; put in the game's list.",
    lists.NOT_TAGGED: "The question is not tagged with this category; deleted from the list.",
    lists.NO_QUESTION: "No such question is stored; deleted from the game's list.",
}


def _put_lists_right(
    problems: list[lists.ListProblem], *, actor: str, form_nonce: str, into: ReconcileResult
) -> set[str]:
    """Put or delete each problem's list entry, audited, conditional on its question being as
    re-read: several questions a transaction, each question alone when one of them changed
    meanwhile. Adds what was done to ``into.lists_fixed`` and what wasn't to ``into.failed``;
    returns the categories with an entry that could not be put right."""
    by_question: dict[str, list[lists.ListProblem]] = {}
    for problem in problems:
        by_question.setdefault(problem.question_id, []).append(problem)
    # One question's change: its check, then an entry and its audit entry per category.
    per_tx = (MAX_ACTIONS - 1) // 2
    groups = [
        group[start : start + per_tx]
        for group in by_question.values()
        for start in range(0, len(group), per_tx)
    ]
    batches: list[list[list[lists.ListProblem]]] = [[]]
    for group in groups:
        if sum(1 + 2 * len(g) for g in batches[-1]) + 1 + 2 * len(group) > MAX_ACTIONS:
            batches.append([])
        batches[-1].append(group)
    unsettled: set[str] = set()
    for batch in batches:
        if not batch or _commit_list_fixes(batch, actor=actor, form_nonce=form_nonce, into=into):
            continue
        for group in batch:  # one of them changed meanwhile: each question alone
            if len(batch) > 1 and _commit_list_fixes(
                [group], actor=actor, form_nonce=form_nonce, into=into
            ):
                continue
            if _list_fix_stored(group):  # put right by another write that came first
                into.lists_put_right_meanwhile += group
                continue
            unsettled |= {problem.category for problem in group}
            into.failed.append(_list_not_put_right(group))
    return unsettled


def _commit_list_fixes(
    batch: list[list[lists.ListProblem]], *, actor: str, form_nonce: str, into: ReconcileResult
) -> bool:
    tx = Transaction()
    for group in batch:
        questions_repo.add_question_as_read(tx, group[0].question_id, group[0].question)
        for problem in group:
            if problem.puts:
                assert problem.question is not None
                questions_repo.add_list_entry(tx, problem.category, problem.question)
            else:
                questions_repo.add_list_entry_removal(tx, problem.category, problem.question_id)
            audit.add_to(
                tx,
                audit.new_entry(
                    audit.category_entity(problem.category),
                    actor=actor,
                    action="repair_list",
                    before={"question": problem.question_id, "in_game_list": not problem.puts},
                    after={"question": problem.question_id, "in_game_list": problem.puts},
                    note=_LIST_NOTES[problem.kind],
                ),
            )
    token = form_request_token(
        form_nonce,
        "repair_list",
        *(f"{p.category}:{p.question_id}:{p.kind}" for group in batch for p in group),
    )
    try:
        questions_repo.commit_list_fixes(tx, token=token)
    except (Conflict, TransactionCancelled):
        return False  # nothing of it applied: the next repair re-reads and re-judges
    except OutcomeUnknown:
        # Maybe applied (a lost answer): what is stored says which, never a guess.
        if not all(_list_fix_stored(group) for group in batch):
            return False
    into.lists_fixed += [problem for group in batch for problem in group]
    return True


def _list_fix_stored(group: list[lists.ListProblem]) -> bool:
    """Whether the game's lists hold what this question's fixes were to make them hold (one
    strongly consistent read)."""
    stored = questions_repo.stored_index_entries(
        group[0].question_id, [problem.category for problem in group]
    )
    return all((problem.category in stored) == problem.puts for problem in group)


def _list_not_put_right(group: list[lists.ListProblem]) -> Wording:
    names = {"q": group[0].question_id}
    names.update({f"c{n}": problem.category for n, problem in enumerate(group)})
    listed = ", ".join("{c" + str(n) + "}" for n in range(len(group)))
    return Wording(
        "The game's lists were not put right for question {q} (" + listed + "): it, or its "
        "entries, changed while repairing (then nothing of it was changed), or the change was "
        "not confirmed (then it is not stored as of now, but could still go through). Repair "
        "again in a moment to use what is stored then.",
        names,
    )


def _counts_changed(
    now: dict[str, Category],
    moved: list[tuple[str, int | None, int]],
    was: dict[str, object],
    batch_size: int,
) -> Wording:
    names: dict[str, str] = {}

    def said(value: object, key: str) -> str:
        """A count in the sentence: a number as it is, none as "none", anything else quoted."""
        if value is None:
            return "none"
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        names[key] = stored_value_text(value)
        return "{" + key + "}"

    parts = []
    for n, slug in enumerate(slug for slug, _, _ in moved):
        names[f"c{n}"] = slug
        current = now[slug].count if now[slug].count is not None else now[slug].unreadable_count
        before, after = said(was.get(slug), f"w{n}"), said(current, f"n{n}")
        parts.append(f"{{c{n}}} (was {before}, now {after})")
    return Wording(
        "A stored count changed while repairing: "
        + ", ".join(parts)
        + f". Nothing in that batch of {batch_size} was changed; repair again to use the new "
        "figures.",
        names,
    )


# --- deleting an empty category, and putting it back -------------------------------------------


@dataclass(frozen=True)
class Deleted:
    """A category deletion that is stored (``confirmation_lost``: DynamoDB didn't confirm it;
    re-reading showed it applied). Its Undo is open until ``undo_until``."""

    slug: str
    display_name: str
    undo_until: dt.datetime
    confirmation_lost: bool = False


def delete_empty_category(*, slug: str, actor: str, form_nonce: str = "") -> Deleted:
    """Delete a category that no question is in (a mistaken "hist" made with one Enter in the
    picker), with its audit entry (which keeps the item exactly, for Undo), in one transaction.

    Refused while any index item names it (one consistent Query), and conditional on its stored
    count and display name being those read: a question our writes put there moves the count,
    a rename the name. The game's own approval writes index items without touching the count,
    and no condition can say "no index item": one approved in the moment between the Query and
    the commit leaves a category the dashboard shows without a stored count, which Repair
    recreates. Questions whose own categories name it without an index item are drift that
    "Verify now" finds; deleting the name and count changes nothing for them. ``general`` is
    never deleted.
    """
    if categories_repo.schema() is None:
        raise CategoryServiceError(NO_TABLE)
    problem = key_problem(slug)
    if problem:
        raise CategoryServiceError(problem)
    if slug == GENERAL:
        raise CategoryServiceError(
            "general is never deleted: every question is in it (the game's rule)."
        )
    stored = categories_repo.stored_category(slug)
    if stored is None:
        raise CategoryServiceError(_gone(slug))
    if not without_questions([slug]):
        raise CategoryServiceError(
            Wording(
                "Not deleted: {slug} has questions now (put there since this page was loaded). "
                "Only a category with no questions can be deleted.",
                {"slug": slug},
            )
        )
    display_name = stored.category.display_name
    tx = Transaction()
    categories_repo.add_deletion(tx, slug, stored)
    at = dt.datetime.now(dt.UTC)
    entry = audit.new_entry(
        audit.category_entity(slug),
        actor=actor,
        action=audit.CATEGORY_DELETED,
        before=stored.item,
        note=f"Deleted “{display_name}”: no question was in it",
        at=at,
    )
    audit.add_to(tx, entry)
    token = form_request_token(form_nonce, "delete-category", slug)
    lost = False
    try:
        categories_repo.commit_deletion_or_put_back(tx, slug, token=token)
    except OutcomeUnknown as exc:
        # Our own entry says whether this deletion is stored; the item being gone doesn't (a
        # colleague may have deleted it meanwhile).
        if not audit.is_stored(entry):
            raise CategoryServiceError(_delete_not_confirmed(exc, slug)) from exc
        tx.found_applied()
        lost = True
    except NotFound as exc:
        raise CategoryServiceError(_gone(slug)) from exc
    except Conflict as exc:
        raise CategoryServiceError(
            Wording(
                "Not deleted: {slug} changed meanwhile (a question was put in it, or it was "
                "renamed, here or by someone else). Nothing was changed.",
                {"slug": slug},
            )
        ) from exc
    except TransactionCancelled as exc:
        raise _cancelled(exc, slug, "deleted") from exc
    except (Throttled, ServerError) as exc:
        raise _not_taken(exc, slug, "deleted") from exc
    forget_drift([slug])
    return Deleted(slug, display_name, undo_deadline(at), confirmation_lost=lost)


def _latest_change(slug: str) -> AuditEntry | None:
    return next(iter(audit.history(audit.category_entity(slug), limit=1)), None)


def _gone(slug: str) -> Wording:
    """Why there is nothing to delete: said from the category's log, which knows whether it was
    deleted (this same form sent twice, another tab, someone else)."""
    latest = _latest_change(slug)
    if latest is not None and latest.action == audit.CATEGORY_DELETED:
        return _said_by(latest, "Nothing to delete: {actor} deleted {slug} at {when}.", slug)
    return Wording("Nothing to delete: there is no category {slug} now.", {"slug": slug})


def _said_by(entry: AuditEntry, template: str, slug: str) -> Wording:
    """A sentence naming who did ``entry`` and when (UTC), with ``slug`` in its isolate."""
    when = f"{entry.at:%H:%M} UTC ({entry.at:%Y-%m-%d})"
    return Wording(
        template.replace("{actor}", literal(entry.actor)).replace("{when}", literal(when)),
        {"slug": slug},
    )


def _delete_not_confirmed(exc: OutcomeUnknown, slug: str) -> Wording:
    if isinstance(exc, SentBefore):
        return Wording(literal(f"Not deleted. {RESENT_FORM}"))
    if categories_repo.stored_category(slug) is None:
        latest = _latest_change(slug)
        if latest is not None and latest.action == audit.CATEGORY_DELETED:
            return _said_by(latest, "Not deleted by you: {actor} deleted {slug} at {when}.", slug)
        now = "{slug} is not there as of now, deleted by something other than this page"
    else:
        now = "{slug} is still there as of now"
    return Wording(not_confirmed("deletion", now), {"slug": slug})


@dataclass(frozen=True)
class PutBack:
    slug: str
    display_name: str
    confirmation_lost: bool = False


def put_back_category(
    *, slug: str, actor: str, form_nonce: str = "", now: dt.datetime | None = None
) -> PutBack:
    """Undo a deletion: put the category's item back exactly as its deletion recorded it, if
    that is still the category's latest change, within the undo time, and no item has taken
    its place (a question put in it since recreates it, with its count)."""
    problem = key_problem(slug)
    if problem or categories_repo.schema() is None:
        raise CategoryServiceError(problem or NO_TABLE)
    latest = _latest_change(slug)
    if (
        latest is None
        or latest.action != audit.CATEGORY_DELETED
        or not isinstance(latest.before, dict)
    ):
        raise CategoryServiceError(_nothing_to_put_back(latest, slug))
    now = now or dt.datetime.now(dt.UTC)
    if now > undo_deadline(latest.at):
        raise CategoryServiceError(
            f"Deletions can be undone for {undo_minutes()} minutes; this one is older. "
            "Nothing was changed."
        )
    recorded = categories_repo.recorded_category(latest.before)
    display_name = recorded.category.display_name
    tx = Transaction()
    categories_repo.add_put_back(tx, slug, recorded)
    entry = audit.new_entry(
        audit.category_entity(slug),
        actor=actor,
        action=audit.CATEGORY_PUT_BACK,
        after=recorded.item,
        note=f"Put back “{display_name}” as it was before its deletion",
    )
    audit.add_to(tx, entry)
    token = form_request_token(form_nonce, "put-back-category", slug)
    try:
        categories_repo.commit_deletion_or_put_back(tx, slug, token=token)
    except OutcomeUnknown as exc:
        if not audit.is_stored(entry):
            raise CategoryServiceError(_put_back_not_confirmed(exc, slug)) from exc
        tx.found_applied()
        return PutBack(slug, display_name, confirmation_lost=True)
    except Conflict as exc:
        raise CategoryServiceError(_nothing_to_put_back(_latest_change(slug), slug)) from exc
    except TransactionCancelled as exc:
        raise _cancelled(exc, slug, "put back") from exc
    except (Throttled, ServerError) as exc:
        raise _not_taken(exc, slug, "put back") from exc
    return PutBack(slug, display_name)


def _cancelled(exc: TransactionCancelled, slug: str, done: str) -> CategoryServiceError:
    """A deletion or its Undo that DynamoDB cancelled for another reason than its condition."""
    why = not_saved_because(exc, what="category")
    return CategoryServiceError(
        Wording(
            "{slug} was not " + done + ": " + why + "; nothing was changed. Try again.",
            {"slug": slug},
        )
    )


def _not_taken(exc: Throttled | ServerError, slug: str, done: str) -> CategoryServiceError:
    """A rename, deletion or Undo that DynamoDB refused before taking it (throttling) or that
    could not be sent: said on the dashboard, beside what was typed, not on an error page."""
    reason = unavailable_reason(exc)
    return CategoryServiceError(
        Wording(
            "{slug} was not "
            + done
            + ": "
            + reason[0].lower()
            + reason[1:].rstrip(".")
            + "; nothing was changed. Try again in a moment.",
            {"slug": slug},
        )
    )


def _nothing_to_put_back(latest: AuditEntry | None, slug: str) -> Wording:
    """Why an Undo of a deletion has nothing to do, from the category's latest change."""
    if latest is not None and latest.action == audit.CATEGORY_PUT_BACK:
        return _said_by(latest, "Nothing to undo: {actor} put {slug} back at {when}.", slug)
    if latest is not None and latest.action == audit.CATEGORY_DELETED:  # an item took its place
        return Wording(
            "Not put back: {slug} exists again (a question was put in it since), so there is "
            "nothing to put back. Nothing was changed.",
            {"slug": slug},
        )
    if latest is not None:  # created again by a save that named it, renamed since, …
        done = literal(action_label(latest.action).lower())
        return _said_by(
            latest,
            "Nothing to undo: the latest change to {slug} is not its deletion ("
            + done
            + " by {actor} at {when}). Nothing was changed.",
            slug,
        )
    return Wording("Nothing to undo: {slug} was not deleted here.", {"slug": slug})


def _put_back_not_confirmed(exc: OutcomeUnknown, slug: str) -> Wording:
    if isinstance(exc, SentBefore):
        return Wording(literal(f"Not put back. {RESENT_FORM}"))
    if categories_repo.stored_category(slug) is None:
        now = "{slug} is still deleted as of now"
    else:
        now = "{slug} is there as of now, but not put back by this page"
    return Wording(not_confirmed("undo", now), {"slug": slug})
