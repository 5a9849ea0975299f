"""Category names are read as the game stored them: it matches a category by exact string
(``contains(categories, :c)``, GAME.md), so " space" and "space" are two categories."""

from __future__ import annotations

from decimal import Decimal

from truthbyte_admin.data.models import Question, Submission
from truthbyte_admin.data.serialization import as_str_list


def test_a_list_keeps_each_name_verbatim():
    assert as_str_list([" space", "Sci Fi ", "general"]) == [" space", "Sci Fi ", "general"]


def test_only_exact_repeats_non_strings_and_blank_names_are_dropped():
    # Blank names as domain.categories.with_general drops them: the staff index and the list
    # check count a question in the same categories as it is read with.
    names = [" space", "space", " space", "", "  ", Decimal(5), None, True, ["x"]]
    assert as_str_list(names) == [" space", "space"]


def test_a_string_set_is_read_in_order_verbatim():
    assert as_str_list({"b ", " a", ""}) == [" a", "b "]


def test_the_legacy_comma_separated_string_is_split_and_trimmed():
    assert as_str_list("a, b ,, a") == ["a", "b"]
    assert as_str_list(" space ") == ["space"]


def test_anything_else_is_no_names():
    assert as_str_list(None) == []
    assert as_str_list(Decimal(3)) == []
    assert as_str_list({"M": 1}.items()) == []


def test_a_question_and_its_legacy_tags_are_read_verbatim():
    question = Question.from_item({"id": "g1", "categories": [" space", "general"]})
    assert question.categories == [" space", "general"]
    tagged = Question.from_item({"id": "g2", "tags": ["Old Tag ", "general"]})
    assert tagged.categories == ["Old Tag ", "general"]
    assert tagged.categories_from_tags


def test_a_submission_in_either_shape_is_read_verbatim():
    game = Submission.from_item({"id": "q_1", "answer": True, "categories": [" space", "x"]})
    assert game.categories == [" space", "x"]
    documented = Submission.from_item({"id": "q_2", "suggested_answer": True, "tags": ["y "]})
    assert documented.categories == ["y "]


def test_an_import_turns_a_files_names_into_slugs_spaces_included():
    """The import's choice (data/importing.py): a file's categories become slugs, case and
    surrounding spaces alike, as every category the admin creates; names already stored in
    DynamoDB are what is read verbatim."""
    from truthbyte_admin.data.importing import question_from_export

    base = {"id": "i1", "question": "Is this imported?", "answer": True}
    assert question_from_export({**base, "category": " Space"}).categories == ["space", "general"]
    listed = question_from_export({**base, "tags": [" space", "space", ""]})
    assert listed.categories == ["space", "general"]
