"""Text read from DynamoDB is text: half of a character (a lone UTF-16 surrogate, which
DynamoDB Local keeps when a client sent "\\ud800") is read as U+FFFD, so one such value can't
make a page, the staff index, the audit copy or a backup fail. A file name that is not UTF-8 is
recorded the same way."""

from __future__ import annotations

from truthbyte_admin.core.templatetags.typed_text import as_typed
from truthbyte_admin.data.audit import file_name_as_text, question_file_entity
from truthbyte_admin.data.serialization import from_item


def test_half_a_character_is_read_as_the_replacement_character():
    item = {
        "question": {"S": "Is RTL \u202e \ud800 text?"},
        "categories": {"L": [{"S": "sci\udcfeence"}, {"S": "général"}]},
        "tags": {"SS": ["ok", "\udfff"]},
        "nested": {"M": {"deep": {"L": [{"S": "a\ud83d"}]}}},
    }
    assert from_item(item) == {
        "question": "Is RTL \u202e \ufffd text?",
        "categories": ["sci\ufffdence", "général"],
        "tags": {"ok", "\ufffd"},
        "nested": {"deep": ["a\ufffd"]},
    }


def test_names_holding_half_a_character_are_read_so_too():
    item = {"n\udcfe": {"M": {"k\ud800": {"S": "v"}}}}
    assert from_item(item) == {"n\ufffd": {"k\ufffd": "v"}}


def test_whole_characters_are_read_as_they_are():
    text = "Är 😀 العربية ✓"
    assert from_item({"q": {"S": text}}) == {"q": text}


def test_a_file_name_that_is_not_utf8_is_recorded_with_the_replacement_character():
    # os.fsdecode(b"\xfe.jsonl"): the byte arrives as a lone surrogate.
    assert file_name_as_text("\udcfe.jsonl") == "\ufffd.jsonl"
    assert question_file_entity("caf\udce9.jsonl") == "import#caf\ufffd.jsonl"
    assert file_name_as_text("café.jsonl") == "café.jsonl"


def test_as_typed_marks_what_it_leaves_out():
    # A 250-character category had been cut at 200 with nothing to say so (diff review).
    assert as_typed("x" * 250) == "x" * 200 + "…"
    assert as_typed("x" * 200) == "x" * 200
    assert as_typed("\u202eab", 3) == "⟨U+202E⟩ab"
