"""The three-way, field-by-field merge behind the editor's conflict screen (no I/O)."""

from __future__ import annotations

import pytest

from truthbyte_admin.domain.merge import (
    BOTH_CHANGED,
    KEEP_THEIRS,
    KEEP_YOURS,
    THEIRS,
    UNCHANGED,
    YOURS,
    UnresolvedFields,
    apply_choices,
    merge_fields,
)

NAMES = ("question", "title", "categories", "difficulty")
BASE = {"question": "Is water wet?", "title": "", "categories": ["general"], "difficulty": 2}


def test_a_field_only_they_changed_keeps_their_value():
    theirs = {**BASE, "title": "Their title"}
    yours = {**BASE, "difficulty": 4}
    merge = merge_fields(base=BASE, yours=yours, theirs=theirs, names=NAMES)
    outcomes = {f.name: f.outcome for f in merge.fields}
    assert outcomes == {
        "question": UNCHANGED,
        "title": KEEP_THEIRS,
        "categories": UNCHANGED,
        "difficulty": KEEP_YOURS,
    }
    assert merge.proposed() == {**BASE, "title": "Their title", "difficulty": 4}
    assert merge.needs_choice == []
    assert merge.kept_theirs == ["title"]
    assert merge.applied_yours == ["difficulty"]


def test_both_changing_a_field_differently_needs_a_choice_and_proposes_yours():
    theirs = {**BASE, "title": "Theirs"}
    yours = {**BASE, "title": "Mine"}
    merge = merge_fields(base=BASE, yours=yours, theirs=theirs, names=NAMES)
    assert merge.needs_choice == ["title"]
    assert merge.fields[1].outcome == BOTH_CHANGED
    assert merge.proposed()["title"] == "Mine"


def test_both_making_the_same_change_is_no_conflict():
    same = {**BASE, "categories": ["science", "general"]}
    merge = merge_fields(base=BASE, yours=same, theirs=dict(same), names=NAMES)
    assert merge.needs_choice == []
    assert merge.proposed() == same


def test_list_values_compare_by_content_and_order():
    theirs = {**BASE, "categories": ["science", "general"]}
    merge = merge_fields(base=BASE, yours=dict(BASE), theirs=theirs, names=NAMES)
    assert merge.proposed()["categories"] == ["science", "general"]


def test_unknown_base_makes_every_disagreement_a_choice():
    theirs = {**BASE, "title": "Their title"}
    yours = {**BASE, "difficulty": 4}
    merge = merge_fields(base=None, yours=yours, theirs=theirs, names=NAMES)
    assert merge.needs_choice == ["title", "difficulty"]
    # A base missing one field is unknown for that field only.
    partial = {k: v for k, v in BASE.items() if k != "title"}
    merge = merge_fields(base=partial, yours=yours, theirs=theirs, names=NAMES)
    assert merge.needs_choice == ["title"]


def test_apply_choices_takes_the_named_side():
    yours = {**BASE, "title": "Mine", "difficulty": 4}
    theirs = {**BASE, "title": "Theirs", "difficulty": 5}
    values = apply_choices(
        yours=yours,
        theirs=theirs,
        must_choose=["title", "difficulty"],
        choices={"title": THEIRS, "difficulty": YOURS},
    )
    assert values == {**BASE, "title": "Theirs", "difficulty": 4}


def test_apply_choices_refuses_missing_or_unknown_choices_naming_each_field():
    with pytest.raises(UnresolvedFields) as caught:
        apply_choices(
            yours=BASE,
            theirs=BASE,
            must_choose=["title", "difficulty", "question"],
            choices={"title": None, "difficulty": "both", "question": YOURS},
        )
    assert caught.value.names == ["title", "difficulty"]


def test_apply_choices_without_open_fields_returns_yours_unchanged():
    assert apply_choices(yours=BASE, theirs={}, must_choose=[], choices={}) == BASE
