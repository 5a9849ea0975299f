"""GAME.md's field limits for new text, with existing over-limit data left editable."""

from decimal import Decimal

import pytest

from truthbyte_admin.domain.validation import (
    validate_category_slug,
    validate_display_name,
    validate_question_fields,
)

GOOD = {
    "question": "Is the sky blue on a clear day?",
    "title": "Sky",
    "passage": "Rayleigh scattering makes the sky look blue.",
    "categories": ["science"],
    "difficulty": 2,
}


def check(original: dict | None = None, **changes: object) -> dict[str, list[str]]:
    return validate_question_fields(**{**GOOD, **changes}, original=original)


def test_valid_question_has_no_errors() -> None:
    assert check() == {}


@pytest.mark.parametrize(
    ("question", "ok"),
    [
        ("x" * 9, False),
        ("x" * 10, True),
        ("x" * 200, True),
        ("x" * 201, False),
        ("", False),
        (None, False),
        ("   " + "x" * 9 + "   ", False),  # surrounding whitespace doesn't count
    ],
)
def test_question_length(question: object, ok: bool) -> None:
    errors = check(question=question)
    assert ("question" not in errors) is ok
    if not ok:
        assert "characters" in errors["question"][0]


def test_title_and_passage_limits() -> None:
    assert check(title="t" * 100, passage="p" * 500) == {}
    assert check(title="", passage="") == {}
    assert check(title=None, passage=None) == {}
    errors = check(title="t" * 101, passage="p" * 501)
    assert set(errors) == {"title", "passage"}
    assert errors["passage"] == ["Passage must be at most 500 characters (it has 501)."]


def test_crlf_counts_as_one_character() -> None:
    passage = "line\r\n" * 100  # 500 characters with LF, 600 with CRLF; trailing LF trimmed
    assert "passage" not in check(passage=passage)


@pytest.mark.parametrize(
    ("categories", "ok"),
    [
        (["science"], True),
        ([], True),  # general is always there, so one category
        (["general"], True),
        (["a", "b", "c", "d"], True),  # + general = 5
        (["a", "b", "c", "d", "general"], True),
        (["a", "b", "c", "d", "e"], False),  # + general = 6
        (["a", "a", "A", " b "], True),  # duplicates collapse
        ("science, history", True),  # comma-separated text input
        (["Science"], True),  # lower-cased before the slug check
        (["pop culture"], False),
        (["pop-culture"], False),
        (["x" * 51], False),
    ],
)
def test_categories(categories: object, ok: bool) -> None:
    assert ("categories" not in check(categories=categories)) is ok


def test_too_many_categories_message_mentions_general() -> None:
    (message,) = check(categories=["a", "b", "c", "d", "e"])["categories"]
    assert "general" in message
    assert "6" in message


@pytest.mark.parametrize(
    ("difficulty", "ok"),
    [
        (1, True),
        (5, True),
        (0, False),
        (6, False),
        ("3", True),
        (" 4 ", True),
        (Decimal("3"), True),
        (3.0, True),
        (2.5, False),
        ("x", False),
        (None, False),
        (True, False),
        (float("nan"), False),
        (Decimal("Infinity"), False),
    ],
)
def test_difficulty(difficulty: object, ok: bool) -> None:
    assert ("difficulty" not in check(difficulty=difficulty)) is ok


@pytest.mark.parametrize("field", ["question", "title", "passage"])
def test_control_characters_rejected(field: str) -> None:
    value = GOOD[field] + "\x00"
    errors = check(**{field: value})
    assert "U+0000" in errors[field][0]


def test_newline_tab_and_crlf_allowed_lone_cr_and_others_not() -> None:
    assert check(passage="a\tb\nc\r\nd") == {}
    assert "U+000D" in check(passage="a\rb")["passage"][0]
    assert "U+001B" in check(title="esc\x1b")["title"][0]
    assert "U+007F" in check(title="del\x7f")["title"][0]
    assert "U+0085" in check(title="nel\x85")["title"][0]


def test_a_field_reports_every_problem_at_once() -> None:
    assert check(question="Is " + "x" * 320 + "\x07 true?")["question"] == [
        "Remove the invisible control characters (U+0007).",
        "Question must be at most 200 characters (it has 330).",
    ]
    assert check(categories=["ok", "sci fi", "a-b"])["categories"] == [
        "Category slug “sci fi” may contain only lowercase letters a-z, digits and underscores.",
        "Category slug “a-b” may contain only lowercase letters a-z, digits and underscores.",
    ]


def test_unicode_text_is_fine() -> None:
    assert check(question="Is São Paulo in Brazil? 🇧🇷", title="Ünïcödé") == {}


# Existing data stays editable


LEGACY = {
    "question": "Too short",  # 9 characters
    "title": "T" * 150,
    "passage": "A long real passage. " * 200,  # ~4,200 characters
    "categories": ["a", "b", "c", "d", "e", "f", "general"],
    "difficulty": Decimal("3"),
}


def test_unchanged_over_limit_fields_are_exempt() -> None:
    assert validate_question_fields(**LEGACY, original=LEGACY) == {}


def test_unchanged_passage_with_crlf_and_trailing_space_is_still_unchanged() -> None:
    passage = "First line.\n" + "x" * 600
    original = {**LEGACY, "passage": passage}
    edited = {**LEGACY, "passage": passage.replace("\n", "\r\n") + "  "}
    assert validate_question_fields(**edited, original=original) == {}


def test_editing_another_field_of_a_legacy_question() -> None:
    edited = {**LEGACY, "difficulty": 4}
    assert validate_question_fields(**edited, original=LEGACY) == {}


def test_changed_over_limit_field_is_checked() -> None:
    edited = {**LEGACY, "passage": LEGACY["passage"] + "More."}
    errors = validate_question_fields(**edited, original=LEGACY)
    assert set(errors) == {"passage"}


def test_changed_categories_are_counted() -> None:
    edited = {**LEGACY, "categories": ["a", "b", "c", "d", "e", "g"]}
    assert set(validate_question_fields(**edited, original=LEGACY)) == {"categories"}
    reordered = {**LEGACY, "categories": ["f", "e", "d", "c", "b", "a"]}
    assert validate_question_fields(**reordered, original=LEGACY) == {}


def test_legacy_odd_slug_kept_but_new_odd_slug_rejected() -> None:
    original = {**GOOD, "categories": ["pop-culture", "general"]}
    assert check(original=original, categories=["pop-culture"]) == {}
    assert check(original=original, categories=["pop-culture", "sci fi"]).keys() == {"categories"}


def test_unchanged_text_with_control_characters_is_exempt_but_new_is_not() -> None:
    original = {**GOOD, "title": "Old\x0btitle"}
    assert check(original=original, title="Old\x0btitle") == {}
    assert "title" in check(original=original, title="New\x0btitle")


def test_original_without_the_field_gives_no_exemption() -> None:
    assert "passage" in check(original={"question": GOOD["question"]}, passage="p" * 501)


def test_unchanged_out_of_range_difficulty_is_exempt() -> None:
    assert check(original={**GOOD, "difficulty": 0}, difficulty=0) == {}
    assert "difficulty" in check(original={**GOOD, "difficulty": 0}, difficulty=7)


def test_several_errors_at_once() -> None:
    errors = validate_question_fields(
        question="short",
        title="t" * 101,
        passage="p" * 501,
        categories=["bad slug!"],
        difficulty=9,
    )
    assert set(errors) == {"question", "title", "passage", "categories", "difficulty"}
    assert all(m.endswith(".") for found in errors.values() for m in found)


# Category slug and display name


@pytest.mark.parametrize(
    ("slug", "ok"),
    [
        ("science", True),
        ("pop_culture", True),
        ("top_10", True),
        ("x" * 50, True),
        ("x" * 51, False),
        ("", False),
        (None, False),
        ("Science", False),
        ("pop-culture", False),
        ("pop culture", False),
        ("science\n", False),
        ("café", False),
    ],
)
def test_validate_category_slug(slug: object, ok: bool) -> None:
    error = validate_category_slug(slug)
    assert (error is None) is ok
    if not ok:
        assert isinstance(error, str)
        assert error


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Science", True),
        ("Pop Culture & Music", True),
        ("N" * 60, True),
        ("N" * 61, False),
        ("", False),
        ("   ", False),
        (None, False),
        ("Two\nlines", False),
        ("Tab\there", False),
        ("Bell\x07", False),
        ("Éducation", True),
    ],
)
def test_validate_display_name(name: object, ok: bool) -> None:
    assert (validate_display_name(name) is None) is ok


def test_text_for_a_player_refuses_controls_and_reordering_but_keeps_marks_and_scripts():
    from truthbyte_admin.domain.validation import player_text_problem

    assert player_text_problem("Two questions in one", multiline=False) is None
    assert player_text_problem("سؤالان في سؤال واحد \u200f.", multiline=False) is None  # RLM kept
    assert player_text_problem("👩\u200d🔬 line one\nline two\tend", multiline=True) is None
    assert "U+000A" in player_text_problem("one\ntwo", multiline=False)
    assert "U+0000" in player_text_problem("a\x00b", multiline=True)
    assert "U+009B" in player_text_problem("a\x9bb", multiline=True)  # C1 too
    said = player_text_problem("bad\u202eecnetnes", multiline=False)
    assert said == (
        "Remove the invisible text-direction character (U+202E right-to-left override): "
        "players would see the text after it reordered."
    )


@pytest.mark.parametrize(
    "blank",
    [
        "\u200b" * 15,  # zero-width spaces
        "\u3164" * 15,  # Hangul fillers
        "\u2800" * 12,  # braille blanks
        "\ufe0f\u034f" * 8,  # variation selectors, combining grapheme joiners
        "\u2060 \u200b \ufeff " * 4,
    ],
)
def test_a_question_that_shows_nothing_is_refused(blank):
    problems = validate_question_fields(
        question=blank, title="", passage="", categories=["science"], difficulty=3
    )
    assert "Question has only invisible characters" in problems["question"][0]


@pytest.mark.parametrize(
    "text",
    [
        "Is Tehran\u200cbig, by any measure?",  # a Persian-style joiner inside a word
        "Is 👨\u200d👩\u200d👧 a family emoji?",
        "Is e\u0301 an accented letter?",
        "ΕΙΝΑΙ η Αθήνα πρωτεύουσα;",
        "日本の首都は東京ですか？",
    ],
)
def test_text_in_any_script_is_never_taken_for_invisible(text):
    assert (
        validate_question_fields(
            question=text, title="", passage="", categories=["science"], difficulty=3
        )
        == {}
    )


def test_the_imports_control_character_rule_is_the_editors():
    # The import checks with one compiled pattern; the editor walks the characters. Same set.
    from truthbyte_admin.domain.validation import _control_error, first_control_character

    for code in range(0x00, 0xA1):
        text = f"Is this a question{chr(code)} with one character in it?"
        assert (first_control_character(text) is None) == (_control_error(text) == []), hex(code)
    assert first_control_character("Line one\r\nline two") is None  # a textarea's line break
    assert first_control_character("Line one\rline two") == "U+000D"
