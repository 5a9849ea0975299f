"""Parsing an export file: exactly the shapes the game's exports have, duplicates and loose types
refused with a reason naming the file's own line (no I/O)."""

from __future__ import annotations

import json

import pytest

from truthbyte_admin.data.importing import (
    JSON_ARRAY_HINT,
    PRETTY_JSON_HINT,
    encoding_hint,
    parse_question_lines,
)

CURATED = {
    "id": "q1",
    "question": "Is water wet?",
    "answer": True,
    "category": "science",
    "difficulty": 2,
    "tags": ["nature"],
    "title": "Water",
    "passage": "Water is wet.",
}
OTHER = {"id": "o1", "question": "Is ice cold?", "title": "", "passage": "", "answer": False}


def _parse(*records: object):
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return parse_question_lines(line.encode() + b"\n" for line in lines)


def _reasons(parsed) -> list[tuple[int, str]]:
    return [(r.line_number, r.reason) for r in parsed.rejected]


def test_both_export_shapes_are_read():
    parsed = _parse(CURATED, {**OTHER, "tags": ["art", "music"]})
    assert _reasons(parsed) == []
    curated, other = parsed.questions
    assert (curated.answer, curated.difficulty) == (True, 2)
    assert curated.categories == ["science", "general"]
    assert (other.answer, other.difficulty) == (False, 3)
    assert other.categories == ["art", "music", "general"]


def test_a_repeated_id_is_rejected_naming_the_line_that_has_it():
    parsed = _parse(
        CURATED,
        {**CURATED, "id": "q2"},
        {**CURATED, "question": "Is water dry?"},
        {**CURATED, "id": "q2"},
    )
    assert [q.id for q in parsed.questions] == ["q1", "q2"]
    assert parsed.questions[0].question == "Is water wet?"  # the first line, not the last
    assert _reasons(parsed) == [
        (3, "id q1 already on line 1; skipped"),
        (4, "id q2 already on line 2; skipped"),
    ]


def test_an_id_whose_first_line_was_rejected_is_not_a_repeat():
    parsed = _parse({**CURATED, "answer": "yes"}, CURATED)
    assert [q.id for q in parsed.questions] == ["q1"]
    assert [n for n, _ in _reasons(parsed)] == [1]


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("yes", '"yes"'), ("true", '"true"'), (1, "1"), (2, "2"), (0, "0"), (None, "null")],
)
def test_an_answer_that_is_not_a_json_boolean_is_refused(answer, shown):
    parsed = _parse({**CURATED, "answer": answer}, {**OTHER, "answer": answer})
    assert parsed.questions == []
    reason = f"answer must be true or false (a JSON boolean), not {shown}"
    assert _reasons(parsed) == [(1, reason), (2, reason)]


def test_a_missing_answer_says_so_and_recognises_a_submission_shape():
    no_answer = {k: v for k, v in CURATED.items() if k != "answer"}
    submission = {**no_answer, "suggested_answer": True}
    assert _reasons(_parse(no_answer, submission)) == [
        (1, "answer must be true or false (missing)"),
        (
            2,
            "answer must be true or false (missing; suggested_answer is the design document's "
            "field for a player's submission, not a question export's)",
        ),
    ]


@pytest.mark.parametrize(
    ("difficulty", "shown"),
    [("3", '"3"'), (3.0, "3.0"), (2.5, "2.5"), (0, "0"), (6, "6"), (True, "true"), ([3], "[3]")],
)
def test_a_difficulty_that_is_not_a_whole_json_number_from_1_to_5_is_refused(difficulty, shown):
    parsed = _parse({**CURATED, "difficulty": difficulty})
    assert _reasons(parsed) == [(1, f"difficulty must be a whole number from 1 to 5, not {shown}")]


def test_every_difficulty_from_1_to_5_and_none_is_taken():
    parsed = _parse(*({**CURATED, "id": f"d{n}", "difficulty": n} for n in range(1, 6)), OTHER)
    assert [q.difficulty for q in parsed.questions] == [1, 2, 3, 4, 5, 3]


def test_categories_from_tags_must_be_a_list_of_strings():
    parsed = _parse({**OTHER, "tags": "art,music"}, {**OTHER, "id": "o2", "tags": ["art", 3]})
    assert _reasons(parsed) == [
        (1, 'tags must be a list of strings, not "art,music"'),
        (2, 'tags must be a list of strings, not ["art", 3]'),
    ]


def test_a_files_category_names_become_keys_as_the_editor_makes_them():
    parsed = _parse(
        {**CURATED, "category": " Pop-Culture "}, {**OTHER, "tags": ["Sci  Fi", "deep - sea"]}
    )
    assert _reasons(parsed) == []
    curated, other = parsed.questions
    assert curated.categories == ["pop_culture", "general"]
    assert other.categories == ["sci_fi", "deep_sea", "general"]


def test_the_curated_shapes_tags_are_keyword_guesses_and_not_checked():
    assert _reasons(_parse({**CURATED, "tags": "anything"})) == []


def test_a_json_error_names_the_column_on_the_files_own_line():
    parsed = _parse('{"id": "q1",', '{"id": "q1" "question": 1}', "{not json")
    assert _reasons(parsed) == [
        (
            1,
            "not valid JSON (Expecting property name enclosed in double quotes at the end of "
            "the line)",
        ),
        (2, "not valid JSON (Expecting ',' delimiter at column 13)"),
        (3, "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
    ]
    assert not any("line 2" in reason for _, reason in _reasons(parsed))


def test_a_deeply_nested_line_is_rejected_not_a_crash():
    parsed = _parse("[" * 5_000 + "]" * 5_000)
    assert _reasons(parsed) == [(1, "not valid JSON (nested too deeply)")]


def test_a_json_array_file_gets_one_hint():
    assert _parse([CURATED, CURATED]).format_hint == JSON_ARRAY_HINT
    pretty_array = json.dumps([CURATED], indent=2).encode().splitlines(keepends=True)
    assert parse_question_lines(pretty_array).format_hint == JSON_ARRAY_HINT


def test_a_pretty_printed_json_file_gets_one_hint():
    pretty = json.dumps(CURATED, indent=2).encode().splitlines(keepends=True)
    parsed = parse_question_lines(pretty)
    assert parsed.format_hint == PRETTY_JSON_HINT
    assert parsed.questions == []


def test_no_hint_for_a_jsonl_file_with_some_bad_lines():
    assert _parse(CURATED, "{not json").format_hint is None
    assert _parse("[1]", CURATED).format_hint is None  # a line was valid: it is JSONL


def test_an_empty_or_blank_file_is_empty():
    assert parse_question_lines([]).empty
    assert parse_question_lines([b"\xef\xbb\xbf\n", b"   \n", b"\r\n"]).empty
    assert not _parse("{not json").empty


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        # `$` matched before a final newline: "q1\n" was imported, and the editor refused it.
        ("q1\n", "id \"q1\\n\" can't be used: ids can't contain invisible control characters"),
        ("", 'id "" can\'t be used: it is empty'),
        ("x" * 129, "ids are at most 128 characters (this one has 129)"),
        ("q/1", 'id "q/1" can\'t be used: ids use letters, digits and _ . : - only'),
        (7, "id must be a string"),
        (None, "missing id"),
    ],
)
def test_an_id_the_editor_could_not_open_is_rejected_saying_why(value, reason):
    record = {**CURATED, "id": value}
    if value is None:
        del record["id"]
    parsed = _parse(record)
    assert parsed.questions == []
    assert reason in parsed.rejected[0].reason


def test_half_a_character_is_refused_not_stored():
    # JSON allows "\ud800" alone; stored, it made the question's page a 500, and the staff index,
    # the audit copy and every backup fail on it.
    line = json.dumps({**CURATED, "question": "Is this RTL \ud800 text?"})
    assert "\\ud800" in line
    parsed = _parse(line)
    assert parsed.questions == []
    assert parsed.rejected[0].reason == (
        "holds \\ud800, half of a character (a lone UTF-16 surrogate), which is not text"
    )
    # A whole character written as its two halves is text.
    parsed = _parse(json.dumps({**CURATED, "question": "Is 😀 a face?"}, ensure_ascii=True))
    assert parsed.questions[0].question == "Is 😀 a face?"


def test_what_the_editor_refuses_is_refused_here_too():
    # A crafted or broken file stored these, where the editor refuses them: a NUL made the
    # question's page send one, a question of zero-width spaces reached players blank, and 500
    # tags made 500 categories (and every category menu 500 entries longer).
    parsed = _parse(
        {**CURATED, "question": "Is q\u0000 ok?"},
        {**CURATED, "id": "q2", "question": "\u200b\u200b\u200b"},
        {**OTHER, "tags": [f"c{n}" for n in range(500)]},
        {**CURATED, "id": "q4", "passage": "Line one\x1b[31m red"},
        {**CURATED, "id": "q5", "category": "x" * 5000},
        {**CURATED, "id": "q6", "passage": "Tabs\tand\nline breaks\r\nare text."},
        {**OTHER, "id": "o7", "tags": [f"t{n}" for n in range(10)]},  # the game's files: 10
        {**CURATED, "id": "q8", "title": "\u3164\u200b"},
        {**CURATED, "id": "q9", "passage": "A lone\rcarriage return"},  # the editor's refusal
    )
    assert _reasons(parsed) == [
        (
            1,
            "question holds the control character U+0000, which the editor refuses too (NUL, "
            "escape, a lone carriage return and the like; tabs and line breaks are fine)",
        ),
        (2, "the question has only invisible characters: players would see nothing"),
        (
            3,
            "501 categories including general; an imported question may have at most 45 "
            "besides general, so that one change can still edit or retire it",
        ),
        (
            4,
            "passage holds the control character U+001B, which the editor refuses too (NUL, "
            "escape, a lone carriage return and the like; tabs and line breaks are fine)",
        ),
        (
            5,
            'category "' + "x" * 37 + '…": category slug must be at most 50 characters '
            "(it has 5000).",
        ),
        (8, "the title has only invisible characters: players would see nothing"),
        (
            9,
            "passage holds the control character U+000D, which the editor refuses too (NUL, "
            "escape, a lone carriage return and the like; tabs and line breaks are fine)",
        ),
    ]
    assert [q.id for q in parsed.questions] == ["q6", "o7"]
    assert len(parsed.questions[1].categories) == 11


def test_a_utf16_file_gets_one_hint_and_nul_bytes_are_named():
    text = json.dumps(CURATED) + "\n" + json.dumps(CURATED | {"id": "q2"}) + "\n"
    for encoding in ("utf-16-le", "utf-16-be"):  # with its byte-order mark, either end first
        marked = ("\ufeff" + text).encode(encoding)
        parsed = parse_question_lines(marked.splitlines(keepends=True))
        assert parsed.format_hint == encoding_hint("UTF-16")
        assert parsed.questions == []
    without_mark = parse_question_lines(text.encode("utf-16-le").splitlines(keepends=True))
    assert without_mark.format_hint is None
    assert {r.reason for r in without_mark.rejected} == {
        "holds NUL bytes: not UTF-8 text (UTF-16, or not a text file at all)"
    }
    utf32 = parse_question_lines(("\ufeff" + text).encode("utf-32-le").splitlines(True))
    assert utf32.format_hint == encoding_hint("UTF-32")  # not UTF-16's, whose mark it starts with
    zeros = parse_question_lines([b"\x00" * 100 + b"\n"])
    assert zeros.rejected[0].reason.startswith("holds NUL bytes")
