"""Staff words for what the audit table stores as codes: actions, kinds of item, field names.

The codes stay in the table, the staff copy, the filters' URLs and the CSV export (stable,
machine-friendly); pages show these words. An action or field this module doesn't know yet (a
newer writer, the game's own fields) is still shown readably rather than hidden.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..domain.validation import stored_type_name

ACTIONS = {
    "submitted": "Submitted",
    "approve": "Approved",
    "reject": "Rejected",
    "undo-approve": "Undid an approval",
    "undo-reject": "Undid a rejection",
    "create": "Created",
    "undo-create": "Undid a creation",
    "edit": "Edited",
    "retire": "Retired",
    "restore": "Restored",
    "rename": "Renamed",
    "create_category": "Created the category",
    "delete_category": "Deleted the empty category",
    "undo-delete_category": "Put back a deleted category",
    "reconcile": "Repaired the count",
    "repair_list": "Repaired the game's list",
    "store_streaks": "Stored streaks",
    "undo-store_streaks": "Undid a streak store",
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_out": "Signed out",
    "locked_out": "Locked out",
    "sign_in_unlocked": "Unlocked sign-in",
    "second_factor_enrolled": "Set up two-factor sign-in",
    "second_factor_verified": "Passed two-factor sign-in",
    "second_factor_failed": "Failed two-factor sign-in",
    "second_factor_reset": "Reset two-factor sign-in",
    "backup_codes_replaced": "Replaced backup codes",
    "password_changed": "Changed the password",
    # Its code predates the other places a signed-in user's password is asked again.
    "password_change_failed": "Wrong current password (password change, or second factor change)",
    "staff_created": "Created the staff account",
    "role_changed": "Changed the role",
    "deactivated": "Deactivated the staff account",
    "reactivated": "Reactivated the staff account",
    "import_questions": "Imported questions",
    "import_questions_stopped": "Import stopped partway",
    "restore_backup": "Restored a backup",
    "restore_backup_stopped": "Restore stopped partway",
}

# What accounts/events.py records about staff sign-ins (entity "staff#<username>"): personal data
# about colleagues, which only admins see.
SIGN_IN_EVENTS = frozenset(
    {
        "sign_in",
        "sign_in_failed",
        "sign_out",
        "locked_out",
        "sign_in_unlocked",
        "second_factor_enrolled",
        "second_factor_verified",
        "second_factor_failed",
        "second_factor_reset",
        "backup_codes_replaced",
        "password_changed",
        "password_change_failed",
        "staff_created",
        "role_changed",
        "deactivated",
        "reactivated",
    }
)

# Sign-in events whose entity is the username as it was typed at the sign-in form, which
# need not be anyone's account.
TYPED_USERNAME_EVENTS = frozenset({"sign_in_failed", "locked_out"})

# Who did it, where that is no staff account (accounts/ records these): a sign-in attempt is
# made by nobody signed in yet, and create_staff --reset-2fa runs from the command line.
NOT_SIGNED_IN = "anonymous"
COMMAND_LINE = "manage.py"
NOT_STAFF_ACTORS = {
    NOT_SIGNED_IN: "nobody signed in",
    COMMAND_LINE: "command line (manage.py)",
}

ITEM_KINDS = {
    "question": "Question",
    "submission": "Submission",
    "user": "Player",
    "category": "Category",
    "staff": "Staff account",
    "import": "Question file",
    "restore": "Backup",
}

FIELDS = {
    "question": "question text",
    "title": "title",
    "passage": "passage",
    "answer": "answer",
    "suggested_answer": "answer",
    "categories": "categories",
    "tags": "categories",
    "difficulty": "difficulty",
    "status": "status",
    # The game's yes/no beside the status word: stored together, so a label of its own.
    "accepted": "accepted",
    "reviewer_notes": "notes",
    "rejection_reason": "rejection reason",
    "approved_question_id": "approved question",
    "name": "display name",
    "display_name": "display name",
    "question_count": "count",
    "count": "count",
    "current_daily_streak": "current streak",
    "best_daily_streak": "best streak",
    "role": "role",
}

# Fields that hold numbers: anything else stored in one is quoted and said to be no number.
NUMBER_FIELDS = {"question_count", "count", "current_daily_streak", "best_daily_streak"}

# Where a question came from (its `source`, which the game writes for an approved submission).
SOURCES = {"user_submission": "a player's submission, approved"}


def source_label(code: str) -> str:
    return SOURCES.get(code, code)


# A question's answer: True or False, as every page shows it (not "yes"/"no").
ANSWER_FIELDS = {"answer", "suggested_answer"}

# Fields that hold a time as epoch seconds (the game's and ours): shown as a UTC time, beside
# the number as stored.
TIME_FIELDS = {"created_at", "submitted_at", "reviewed_at", "updated_at", "approved_at"}

# Bookkeeping that moves with every change and says nothing to a reader on its own.
_UNLISTED = {"version", "reviewed_at", "reviewer_id", "review_request", "updated_at"}


def _readable(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").strip().capitalize() or "Unknown"


def action_label(code: str) -> str:
    return ACTIONS.get(code) or _readable(code)


def actor_label(actor: str) -> str:
    """Who did it, in words: a staff member's username, or what acted where no one did."""
    return NOT_STAFF_ACTORS.get(actor) or actor or "unknown"


def item_kind_label(code: str) -> str:
    return ITEM_KINDS.get(code) or _readable(code)


def field_label(name: str) -> str:
    return FIELDS.get(name) or _readable(name).lower()


@dataclass(frozen=True)
class FieldChange:
    label: str  # the field, in staff words
    before: str | None  # the values as one line of text (None: not shown)
    after: str | None


def shown_value(value: object) -> str | None:
    """A value as a reader sees it in one line: text, numbers, yes/no, a list of those (None:
    anything else, e.g. a nested record)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value) or "—"
    return None


def shown_field(name: str, value: object) -> str | None:
    """:func:`shown_value` for the field ``name``, except that a number field holding something
    else says what it holds ("“lots” (text, not a number)"), as the category and player pages
    do, a time in epoch seconds reads as one: "2026-11-12 10:46:00 UTC (1794912360)", and an
    answer reads True or False."""
    if name in ANSWER_FIELDS and isinstance(value, bool):
        return "True" if value else "False"
    if name == "source" and isinstance(value, str):
        return source_label(value)
    if name in NUMBER_FIELDS and value is not None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            return f"“{text}” ({stored_type_name(value)}, not a number)"
    if name in TIME_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            at = dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):  # no time a calendar has: the number alone
            return shown_value(value)
        return f"{at:%Y-%m-%d %H:%M:%S} UTC ({value})"
    return shown_value(value)


def _changed_names(before: object, after: object) -> list[str]:
    """The stored names of the fields an entry changed (see :func:`changed_fields`)."""
    if not isinstance(before, dict) or not isinstance(after, dict) or not before or not after:
        return []
    changed = [
        name
        for name, value in after.items()
        if name in before
        and before[name] != value
        and name not in _UNLISTED
        and isinstance(value, dict) == isinstance(before[name], dict)
    ]
    edited = after.get("edited")
    if isinstance(edited, list):
        changed += [name for name in edited if isinstance(name, str)]
    return changed


def changed_fields(before: object, after: object) -> list[FieldChange]:
    """What an entry changed, in staff words, one per label: the fields ``after`` records whose
    value differs from ``before``, and for an approval the fields the moderator edited
    (``after["edited"]``). ``after`` may be the whole item (an edit) or only what the action
    wrote (a rejection): fields it doesn't mention were not changed, and a copy of another item
    it carries (an approval's new question) is not a change of this one. Nothing for a creation
    or a removal, where every field would be listed. Each with its value before and after where
    both are simple enough for one line (an approval's edited field: as submitted, and as in
    the question the approval made)."""
    changes: dict[str, FieldChange] = {}
    made = after.get("question") if isinstance(after, dict) else None
    edited = after.get("edited") if isinstance(after, dict) else None
    for name in _changed_names(before, after):
        label = field_label(name)
        if label in changes:
            continue
        source = after
        if isinstance(edited, list) and name in edited and isinstance(made, dict):
            source = made  # an approval's edit: the value is in the question it made
        old = shown_field(name, before.get(name)) if name in before and name in source else None
        new = shown_field(name, source.get(name)) if old is not None else None
        changes[label] = FieldChange(label, old if new is not None else None, new)
    return list(changes.values())
