"""Field-by-field three-way merge of an edit that met someone else's save.

``base`` is what the editor loaded, ``theirs`` what is stored now, ``yours`` what the editor
submitted. A field only one side changed takes that side's value; a field both changed to
different values needs the editor's explicit choice. Saving the merge must never silently
undo the other person's unrelated change — that is the whole point of keeping ``base``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

YOURS, THEIRS = "yours", "theirs"

# Outcomes of one field.
UNCHANGED = "unchanged"  # both sides hold the same value (neither changed it, or both alike)
KEEP_THEIRS = "theirs"  # only the other person changed it: their value is kept
KEEP_YOURS = "yours"  # only you changed it: your value is applied
BOTH_CHANGED = "both"  # both changed it differently: choose


@dataclass(frozen=True)
class FieldMerge:
    name: str
    base: Any  # None when the loaded values are unknown
    yours: Any
    theirs: Any
    base_known: bool = True

    @property
    def outcome(self) -> str:
        if self.yours == self.theirs:
            return UNCHANGED
        if not self.base_known:
            return BOTH_CHANGED  # can't tell who changed what: never guess for the editor
        if self.yours == self.base:
            return KEEP_THEIRS
        if self.theirs == self.base:
            return KEEP_YOURS
        return BOTH_CHANGED

    @property
    def needs_choice(self) -> bool:
        return self.outcome == BOTH_CHANGED

    @property
    def proposed(self) -> Any:
        """The value the merged form starts with: yours wherever a choice is still open."""
        return self.theirs if self.outcome == KEEP_THEIRS else self.yours


@dataclass(frozen=True)
class Merge:
    fields: tuple[FieldMerge, ...]

    @property
    def needs_choice(self) -> list[str]:
        return [f.name for f in self.fields if f.needs_choice]

    @property
    def kept_theirs(self) -> list[str]:
        return [f.name for f in self.fields if f.outcome == KEEP_THEIRS]

    @property
    def applied_yours(self) -> list[str]:
        return [f.name for f in self.fields if f.outcome == KEEP_YOURS]

    def proposed(self) -> dict[str, Any]:
        return {f.name: f.proposed for f in self.fields}


def merge_fields(
    *,
    base: Mapping[str, Any] | None,
    yours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    names: Sequence[str],
) -> Merge:
    """Compare each of ``names`` across the three versions. ``base=None`` (the loaded values
    are unknown) makes every field the two sides disagree on a choice."""
    return Merge(
        tuple(
            FieldMerge(
                name=name,
                base=base.get(name) if base is not None else None,
                yours=yours[name],
                theirs=theirs[name],
                base_known=base is not None and name in base,
            )
            for name in names
        )
    )


class UnresolvedFields(ValueError):
    """Some fields both people changed still have no choice."""

    def __init__(self, names: Sequence[str]):
        super().__init__(", ".join(names))
        self.names = list(names)


def apply_choices(
    *,
    yours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    must_choose: Sequence[str],
    choices: Mapping[str, str | None],
) -> dict[str, Any]:
    """The values to save: ``yours``, except each field of ``must_choose`` takes the side its
    choice names. Raises :class:`UnresolvedFields` naming every field left without a choice."""
    values = dict(yours)
    missing = []
    for name in must_choose:
        choice = choices.get(name)
        if choice == THEIRS:
            values[name] = theirs[name]
        elif choice != YOURS:
            missing.append(name)
    if missing:
        raise UnresolvedFields(missing)
    return values
