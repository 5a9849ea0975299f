"""The question form's rules as typed (``validate_question_edit``), the ones the editor and the
moderation review share: cleaned values, and every problem at once in the app's words (no I/O)."""

from __future__ import annotations

import pytest

from truthbyte_admin.domain.validation import (
    ANSWER_REQUIRED,
    DIFFICULTY_REQUIRED,
    NULL_CHARACTERS,
    QUESTION_REQUIRED,
    validate_question_edit,
)

TYPED = {
    "question": "  Is the sky blue on a clear day?  ",
    "title": " Sky ",
    "passage": "Rayleigh scattering.\r\n",
    "answer": "false",
    "categories": "Science, Space Travel",
    "new_category_names": "space_travel: Space Travel",
    "difficulty": "4",
}
STORED = {
    "question": "Is the sky blue on a clear day?",
    "title": "Sky",
    "passage": "",
    "categories": ["Science", "sci fi", "general"],
    "difficulty": 3,
}


def check(original=None, known=None, **changes):
    return validate_question_edit({**TYPED, **changes}, original=original, known_categories=known)


def test_a_good_form_gives_typed_values_and_no_problems():
    values, problems = check(original=STORED, known={"science", "general"})
    assert problems == {}
    assert values == {
        "question": "Is the sky blue on a clear day?",
        "title": "Sky",
        "passage": "Rayleigh scattering.\r\n",  # as typed: the passage is never trimmed
        "answer": False,
        "categories": ["Science", "space_travel", "general"],
        "new_category_names": {"space_travel": "Space Travel"},
        "difficulty": 4,
    }


def test_every_problem_at_once_in_the_forms_order_and_refused_fields_have_no_value():
    values, problems = check(
        question="",
        title="t" * 101,
        answer="",
        categories="sci/fi",
        new_category_names="no colon here",
        difficulty="9",
    )
    assert list(problems.items()) == [
        ("question", [QUESTION_REQUIRED]),
        ("answer", [ANSWER_REQUIRED]),
        (
            "categories",
            [
                "Category slug “sci/fi” may contain only lowercase letters a-z, "
                "digits and underscores."
            ],
        ),
        ("new_category_names", ["“no colon here” should look like “slug: Display name”."]),
        ("difficulty", [DIFFICULTY_REQUIRED]),
        ("title", ["Title must be at most 100 characters (it has 101)."]),
    ]
    assert set(values) == {"passage"}


def test_nothing_typed_at_all():
    values, problems = validate_question_edit({})
    assert problems == {
        "question": [QUESTION_REQUIRED],
        "answer": [ANSWER_REQUIRED],
        "difficulty": [DIFFICULTY_REQUIRED],
    }
    assert values == {
        "title": "",
        "passage": "",
        "categories": ["general"],
        "new_category_names": {},
    }


@pytest.mark.parametrize("answer", ["True", " true", "yes", "1", True, ["true"]])
def test_the_answer_is_exactly_true_or_false(answer):
    assert check(answer=answer).problems["answer"] == ["Choose the answer: True or False."]


@pytest.mark.parametrize("difficulty", ["0", "6", "03", " 3", "3.0", 3.0, "three", ""])
def test_the_difficulty_is_one_of_1_to_5_as_the_select_sends_it(difficulty):
    assert check(difficulty=difficulty).problems["difficulty"] == [
        "Choose a difficulty from 1 to 5."
    ]


def test_a_stored_difficulty_read_as_a_number_is_accepted():
    assert check(difficulty=5).values["difficulty"] == 5


def test_a_question_refused_as_typed_is_not_measured_as_well():
    assert check(question="   ").problems["question"] == [QUESTION_REQUIRED]
    assert check(question="Is this \x00 ok?").problems["question"] == [NULL_CHARACTERS]
    assert check(question="Too short").problems["question"] == [
        "Question must be at least 10 characters (it has 9)."
    ]


def test_an_overlong_categories_text_says_all_that_is_wrong_with_it():
    text = "x" * 5001 + "\x00"
    assert check(categories=text).problems["categories"] == [
        "Ensure this value has at most 5000 characters (it has 5002).",
        NULL_CHARACTERS,
    ]


def test_stored_entries_stay_verbatim_and_new_ones_become_slugs():
    values, problems = check(
        original={**STORED, "categories": ["Science", "Arts, Crafts", "general"]},
        categories="Arts, Crafts, Science, science, Sci Fi, science,, ",
        new_category_names="",
    )
    assert problems == {}
    assert values["categories"] == ["Arts, Crafts", "Science", "science", "sci_fi", "general"]


def test_two_stored_spellings_one_with_spaces_are_both_kept_on_an_unchanged_save():
    # The game matches exactly: "space" and " space" are two categories, both shown "space".
    original = {**STORED, "categories": ["space", " space", "general"]}

    values, problems = check(original=original, categories="space,  space", new_category_names="")

    assert problems == {}
    assert values["categories"] == ["space", " space", "general"]


def test_both_boxes_make_a_new_category_key_alike_from_what_was_typed():
    # "My Cat" in the categories box and "My Cat: …" in the names box are the same category,
    # as are "pop-culture" and "Pop Culture".
    values, problems = check(
        known=set(),
        categories="My Cat, pop-culture",
        new_category_names="My  Cat: My cat\nPop Culture: Pop culture",
    )
    assert problems == {}
    assert values["categories"] == ["my_cat", "pop_culture", "general"]
    assert values["new_category_names"] == {"my_cat": "My cat", "pop_culture": "Pop culture"}


def test_a_category_that_exists_is_chosen_by_its_key_as_it_is_not_made_a_slug():
    # The game's own approval writes names verbatim: "sci-fi" and "Arts" are its categories.
    values, problems = check(
        known={"science", "sci-fi", "Arts", "general"},
        categories="sci-fi, Arts, Sci Fi",
        new_category_names="sci_fi: Science fiction",
    )
    assert problems == {}
    assert values["categories"] == ["sci-fi", "Arts", "sci_fi", "general"]
    # Without that category, the same entry is a new one, and must be a slug.
    assert check(known={"science"}, categories="sci-fi", new_category_names="").values[
        "categories"
    ] == ["sci_fi", "general"]


def test_new_categories_need_a_display_name_only_when_the_known_ones_are_given():
    typed = {"categories": "science, space travel, deep_sea", "new_category_names": ""}
    assert "new_category_names" not in check(**typed).problems
    assert check(known={"science"}, **typed).problems["new_category_names"] == [
        "New categories need a display name: space_travel, deep_sea"
    ]
    typed["new_category_names"] = "deep_sea: Deep sea"
    assert check(known={"science"}, **typed).problems["new_category_names"] == [
        "New category needs a display name: space_travel"
    ]


def test_a_refused_name_line_is_said_once_and_only_missing_names_are_asked_for():
    """The refused line's category has its line: "needs a display name" would have the editor
    add one that is there (and a good line's category was said to need one too)."""
    problems = check(
        known=set(),
        categories="deep_sea, reefs, kelp",
        new_category_names="deep_sea: \u202eevil\nreefs: Reefs",
    ).problems
    assert problems["new_category_names"] == [
        "“deep_sea: ⟨U+202E⟩evil”: It contains an invisible text-direction character "
        "(U+202E right-to-left override), which would reorder the text shown around it; "
        "remove it.",
        "New category needs a display name: kelp",
    ]


def test_a_legacy_list_over_the_limit_may_shrink_but_not_grow():
    many = [f"Tag {n}" for n in range(8)] + ["general"]
    original = {**STORED, "categories": many}
    shrink = check(original=original, known=set(), categories=", ".join(many[2:-1]))
    assert shrink.problems == {}
    assert shrink.values["categories"] == many[2:]
    grow = check(original=original, known=set(), categories=", ".join(many[2:-1] + ["history"]))
    assert grow.problems["categories"] == [
        "Choose at most 4 categories besides general (5 including general); there are 8 "
        "including it."
    ]


def test_unchanged_over_limit_text_stays_editable():
    original = {**STORED, "passage": "p" * 900}
    assert check(original=original, passage="p" * 900 + "\r\n").problems == {}
    assert check(original=original, passage="p" * 901).problems["passage"] == [
        "Passage must be at most 500 characters (it has 901)."
    ]


def test_a_bad_category_entry_does_not_hide_the_category_limit():
    assert check(categories="science, history, food, sports, sci/fi").problems["categories"] == [
        "Category slug “sci/fi” may contain only lowercase letters a-z, digits and underscores.",
        "Choose at most 4 categories besides general (5 including general); "
        "there are 6 including it.",
    ]


def test_two_name_lines_typed_as_one_are_refused():
    """The box's prefilled line had no line break and the editor typed on after it: stored, the
    category would be named "Trivia Nighttrivia_night: Trivia night" (newcomer probe)."""
    _, problems = validate_question_edit(
        TYPED
        | {
            "categories": "Trivia Night",
            "new_category_names": "trivia_night: Trivia Nighttrivia_night: Trivia night",
        }
    )
    assert problems["new_category_names"] == [
        "“trivia_night: Trivia Nighttrivia_night: Trivia night”: The name holds “trivia_night:” "
        "again, as if two lines ran together: put each “slug: Display name” on a line of its own."
    ]


def test_a_name_with_a_colon_of_its_own_is_kept():
    values, problems = validate_question_edit(
        TYPED | {"categories": "Star Wars", "new_category_names": "star_wars: Star Wars: Canon"}
    )
    assert "new_category_names" not in problems
    assert values["new_category_names"] == {"star_wars": "Star Wars: Canon"}


KNOWN_NAMES = {"general": "General", "history": "History", "science": "Natural science"}


def test_a_new_category_named_as_another_is_refused_naming_that_one():
    """Two categories called "History" can't be told apart in the lists: the rename refused
    it, and a new category from the editor or an approval must not bring it back."""
    problems = check(
        known=KNOWN_NAMES,
        categories="World history",
        new_category_names="world_history:  HISTORY ",
    ).problems
    assert problems["new_category_names"] == [
        "“world_history:  HISTORY”: history is already called “History”, and two categories "
        "with one name can't be told apart in the lists: choose history in the Categories box, "
        "or give this one another name."
    ]


def test_two_new_categories_with_one_name_are_refused():
    problems = check(
        known=KNOWN_NAMES,
        categories="Space Travel, Spaceflight",
        new_category_names="space_travel: Space Travel\nspaceflight: space  travel",
    ).problems
    assert problems["new_category_names"] == [
        "“spaceflight: space  travel”: space_travel, also new here, is to be called “Space "
        "Travel” too: give each new category its own name."
    ]


def test_a_name_line_for_a_category_not_chosen_is_not_checked():
    """Saving ignores a line whose category isn't chosen: taking the refusal's advice (choose
    history) must clear it, the line left behind or not (review)."""
    values, problems = check(
        known=KNOWN_NAMES, categories="history", new_category_names="world_history: History"
    )
    assert "new_category_names" not in problems
    assert values["categories"] == ["history", "general"]


def test_names_are_compared_as_they_read():
    """A name typed with a combining accent reads as the one typed with the accented letter;
    a name with an accent the other lacks is another name."""
    known = {"cafe": "Caf\u00e9", "history": "History"}
    refused = check(known=known, categories="Coffee", new_category_names="coffee: Cafe\u0301")
    assert refused.problems["new_category_names"][0].startswith(
        "“coffee: Cafe\u0301”: cafe is already called “Caf\u00e9”"
    )
    allowed = check(known=known, categories="Historia", new_category_names="historia: Históry")
    assert "new_category_names" not in allowed.problems


def test_a_name_line_for_a_category_that_exists_is_not_checked_against_its_own_name():
    values, problems = check(
        known=KNOWN_NAMES,
        categories="History, Natural History",
        new_category_names="history: History\nnatural_history: Natural History",
    )
    assert "new_category_names" not in problems
    assert values["categories"] == ["history", "natural_history", "general"]


def test_a_category_whose_name_is_not_read_yet_names_nothing():
    _, problems = check(
        known={"history": None}, categories="Past", new_category_names="past: History"
    )
    assert "new_category_names" not in problems
