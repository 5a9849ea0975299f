"""The question form's categories field: legacy entries the game wrote verbatim survive an
unrelated edit exactly; only new entries are turned into slugs and validated (no I/O)."""

from __future__ import annotations

from truthbyte_admin.core.question_form import QuestionForm
from truthbyte_admin.domain.validation import split_category_entries

LEGACY = ["Science", "sci fi", "general"]


def _data(**changes) -> dict:
    data = {
        "question": "Is the sky blue on a clear day?",
        "title": "Sky",
        "passage": "",
        "answer": "true",
        "categories": "Science, sci fi",
        "difficulty": "3",
        "version": "0",
        "new_category_names": "",
    }
    data.update(changes)
    return data


def _original(categories=LEGACY) -> dict:
    return {
        "question": "Is the sky blue on a clear day?",
        "title": "Sky",
        "passage": "",
        "categories": list(categories),
        "difficulty": 3,
    }


def test_stored_legacy_categories_are_kept_verbatim_on_an_unrelated_edit():
    form = QuestionForm(
        _data(title="A new title"),
        original=_original(),
        known_categories={"science", "history", "general"},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["Science", "sci fi", "general"]


def test_initial_text_round_trips_to_the_same_list():
    class Stored:
        question, title, passage, answer, difficulty, version = "Q?", "", "", True, 3, 0
        categories = ["Science", "sci fi", "Arts, Crafts", "general"]

    initial = QuestionForm.initial_from(Stored)
    form = QuestionForm(
        _data(categories=initial["categories"]),
        original=QuestionForm.original_from(Stored),
        known_categories=set(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["Science", "sci fi", "Arts, Crafts", "general"]


def test_only_new_entries_are_normalised_validated_and_need_a_display_name():
    form = QuestionForm(
        _data(categories="Science, sci fi, Space Travel"),
        original=_original(),
        known_categories={"science", "general"},
    )
    assert not form.is_valid()
    assert "needs a display name: space_travel" in str(form.errors["new_category_names"])

    form = QuestionForm(
        _data(categories="Science, Space Travel", new_category_names="space_travel: Space Travel"),
        original=_original(),
        known_categories={"science", "general"},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["Science", "space_travel", "general"]

    form = QuestionForm(_data(categories="Science, sci/fi"), original=_original())
    assert not form.is_valid()
    assert "sci/fi" in str(form.errors["categories"])


def test_a_differently_cased_entry_is_new_not_the_stored_one():
    form = QuestionForm(_data(categories="science"), original=_original(), known_categories=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["science", "general"]


def test_without_original_categories_every_entry_is_new_as_moderation_uses_it():
    form = QuestionForm(_data(categories="Science, sci fi, History"), known_categories=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["science", "sci_fi", "history", "general"]


def test_general_is_always_added_and_duplicates_dropped():
    form = QuestionForm(_data(categories="history, history,, "), known_categories=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["history", "general"]


def test_split_keeps_a_stored_entry_with_a_comma_whole():
    assert split_category_entries("a, b , c", {"a, b"}) == ["a, b", "c"]
    assert split_category_entries("a, b , c") == ["a", "b", "c"]
    assert split_category_entries(" , ,") == []


def test_original_categories_json_is_for_the_chips_script():
    form = QuestionForm(original=_original())
    assert form.original_categories_json == '["Science", "sci fi", "general"]'
    assert QuestionForm().original_categories_json == "[]"


def test_an_over_limit_legacy_list_may_shrink_but_not_grow():
    many = [f"Tag {n}" for n in range(8)] + ["general"]
    original = _original(many)
    shrink = QuestionForm(
        _data(categories=", ".join(many[2:-1])), original=original, known_categories=set()
    )
    assert shrink.is_valid(), shrink.errors
    assert shrink.cleaned_data["categories"] == many[2:]
    grow = QuestionForm(
        _data(
            categories=", ".join(many[2:-1] + ["history"]), new_category_names="history: History"
        ),
        original=original,
        known_categories=set(),
    )
    assert not grow.is_valid()
    assert "categories" in grow.errors


def test_each_field_lists_all_its_problems_quoting_what_was_typed():
    form = QuestionForm(
        _data(
            question="Is " + "x" * 320 + "\x07 true?",
            categories="Science, Sci/Fi, a+b",
            new_category_names="foo\nBad.Slug: Whatever\nok_slug:",
        ),
        original=_original(),
        known_categories=set(),
    )
    assert not form.is_valid()
    assert form.errors["question"] == [
        "Remove the invisible control characters (U+0007).",
        "Question must be at most 200 characters (it has 330).",
    ]
    assert form.errors["categories"] == [
        "Category slug “Sci/Fi” may contain only lowercase letters a-z, digits and underscores.",
        "Category slug “a+b” may contain only lowercase letters a-z, digits and underscores.",
    ]
    assert form.errors["new_category_names"] == [
        "“foo” should look like “slug: Display name”.",
        "“Bad.Slug: Whatever”: Category slug “Bad.Slug” may contain only lowercase letters "
        "a-z, digits and underscores.",
        "“ok_slug:”: Enter a display name.",
    ]
