"""The rejection reasons moderators pick from: saved in the staff database, edited by admins.

Until an admin saves a list, the built-in defaults apply. "Other" (typed text) is always offered
last and can't be removed; the stored reason on a submission is the chosen label's text.
"""

from __future__ import annotations

import re

from django.db import transaction

from ..domain.validation import quoted_as_typed
from .models import SavedReason

OTHER_REASON = "other"
OTHER_LABEL = "Other (typed)"
DUPLICATE_REASON = "duplicate"
DEFAULT_REASONS: list[tuple[str, str]] = [
    (DUPLICATE_REASON, "Duplicate of an existing question"),
    ("wrong", "Answer is wrong or unverifiable"),
    ("unclear", "Unclear or ambiguous wording"),
    ("offensive", "Offensive or inappropriate"),
    ("spam", "Spam or nonsense"),
]
LABEL_MAX = 300
REASONS_MAX = 30


class InvalidReasons(ValueError):
    """The edited list can't be saved; the message says why."""


def rejection_reasons() -> list[tuple[str, str]]:
    """(key, label) pairs in order, "Other" last."""
    saved = [(r.key, r.label) for r in SavedReason.objects.all()]
    return [*(saved or DEFAULT_REASONS), (OTHER_REASON, OTHER_LABEL)]


def reason_label(key: str) -> str | None:
    return dict(rejection_reasons()).get(key)


def rejection_text(reason: str, typed: str = "") -> str:
    """The stored reason: the list's label, or the typed text for "Other"."""
    typed = (typed or "").strip()
    label = None if reason == OTHER_REASON else reason_label(reason)
    if label is None:
        return typed
    return label


def _key_for(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30] or "reason"
    if base == OTHER_REASON:
        base = "other-reason"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def parse_reason_lines(text: str) -> list[str]:
    """One label a line; blank lines dropped; duplicates, over-long or too many refused."""
    labels = [" ".join(line.split()) for line in text.splitlines()]
    labels = [label for label in labels if label]
    if not labels:
        raise InvalidReasons("Keep at least one reason (“Other” is always added).")
    if len(labels) > REASONS_MAX:
        raise InvalidReasons(f"At most {REASONS_MAX} reasons.")
    for label in labels:
        if len(label) > LABEL_MAX:
            raise InvalidReasons(f"A reason is at most {LABEL_MAX} characters: “{label[:40]}…”.")
        if not label.isprintable():  # control, invisible and text-direction characters
            raise InvalidReasons(
                f"“{quoted_as_typed(label, limit=40)}” holds an invisible or control character "
                "(written out here as ⟨U+…⟩): players would see nothing there, or the text "
                "around it reordered. Remove it."
            )
    folded = [label.casefold() for label in labels]
    if len(set(folded)) != len(folded):
        again = [label for n, label in enumerate(labels) if folded[n] in folded[:n]]
        raise InvalidReasons(
            f"Each reason must appear once: “{quoted_as_typed(again[0], limit=60)}” is there "
            f"{folded.count(again[0].casefold())} times (capitals and spaces aside)."
        )
    if OTHER_LABEL.casefold() in folded:  # a second “Other (typed)” that asks for no text
        raise InvalidReasons(
            f"“{OTHER_LABEL}” is always offered last, asking for the reason's text; leave it "
            "out of the list."
        )
    return labels


def save_reasons(labels: list[str]) -> list[tuple[str, str]]:
    """Replace the list. A label kept from before keeps its key (the duplicate reason's too)."""
    current = {label: key for key, label in rejection_reasons() if key != OTHER_REASON}
    with transaction.atomic():
        SavedReason.objects.all().delete()
        taken: set[str] = set()
        for position, label in enumerate(labels):
            key = current.get(label) or _key_for(label, taken | set(current.values()))
            taken.add(key)
            SavedReason.objects.create(key=key, label=label, position=position)
    return rejection_reasons()
