"""The audit log's "Concerning" filter reads what staff copy from pages, and its Concerning
column names what an entry is about (pure, no I/O)."""

from __future__ import annotations

import pytest

from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.auditlog.queries import AuditQuery
from truthbyte_admin.auditlog.selectors import AuditRow, NamedQuestion
from truthbyte_admin.core.audit_labels import ITEM_KINDS
from truthbyte_admin.core.concerning import Concerning, parse, without_invisible, written
from truthbyte_admin.core.errors import BadQuery

UUID = "5eed0000-0000-4000-8000-000000000007"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # The start of an id, of any kind (as before).
        ("5eed0000", Concerning(None, prefix="5eed0000")),
        ("q_12", Concerning(None, prefix="q_12")),
        ("5eed0000…", Concerning(None, prefix="5eed0000")),
        # As the log shows it: that one, of that kind.
        (f"Player {UUID}", Concerning("user", ids=(UUID,))),
        (f"player  {UUID}", Concerning("user", ids=(UUID,))),
        ("Question dq00004", Concerning("question", ids=("dq00004",))),
        ("Submission q_1a2b3c4d", Concerning("submission", ids=("q_1a2b3c4d",))),
        ("Username typed: yy5 (no such account)", Concerning("staff", ids=("yy5",))),
        ("Staff account gone (no account by this name now)", Concerning("staff", ids=("gone",))),
        ("Staff member mona", Concerning("staff", ids=("mona",))),
        # Shortened as pages show a long id: every one starting so.
        ("Player 5eed…", Concerning("user", prefix="5eed")),
        ("Player 5eed...", Concerning("user", prefix="5eed")),
        # A category by the name the game shows, or by its key.
        ("Category Space", Concerning("category", ids=("Space", "space"))),
        ("category space", Concerning("category", ids=("space",))),
        (
            "Category Science Fiction",
            Concerning("category", ids=("Science Fiction", "science_fiction")),
        ),
        (
            "Category Pop-Culture",
            Concerning("category", ids=("Pop-Culture", "pop-culture", "pop_culture")),
        ),
        # The stored key form, as links from other pages put it: exactly that key.
        ("category#science", Concerning("category", ids=("science",))),
        ("category#Sci/Fi", Concerning("category", ids=("Sci/Fi",))),
        (f"player#{UUID}", Concerning("user", ids=(UUID,))),
        (f"user#{UUID}", Concerning("user", ids=(UUID,))),
        ("question#q_1", Concerning("question", ids=("q_1",))),
        ("player#5eed…", Concerning("user", prefix="5eed")),
        # A kind alone: all of it (the home page links "staff#").
        ("staff#", Concerning("staff")),
        ("Player", Concerning("user")),
        # Words that only start like a kind are an id's start.
        ("users_favourites", Concerning(None, prefix="users_favourites")),
    ],
)
def test_what_staff_copy_means_the_stored_key(typed, meant):
    assert parse(typed) == meant


def test_the_entities_are_the_stored_keys():
    assert parse(f"Player {UUID}").entities == [f"user#{UUID}"]
    assert parse("Category Space").entities == ["category#Space", "category#space"]


def test_nothing_typed_is_no_filter():
    assert parse("") is None


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("plyer#5eed", "“plyer” is not something the audit log records"),
        ("…", "type an id or its start"),
        ("#q1", "“#q1” has nothing before its “#”. Type the id alone"),
        ("#", "“#” has nothing before its “#”"),
    ],
)
def test_what_cannot_be_read_says_why(typed, reason):
    with pytest.raises(BadQuery, match=reason):
        parse(typed)


@pytest.mark.parametrize(
    ("typed", "meant", "left_out"),
    [
        # Pasted with the text from a page or a chat: before, inside, after.
        ("\u200bQuestion dq00004", "Question dq00004", ["\u200b"]),
        ("\ufeff Player 5eed…", "Player 5eed…", ["\ufeff"]),
        ("Question\u200b dq00004", "Question dq00004", ["\u200b"]),
        ("dq00\u2060004", "dq00004", ["\u2060"]),
        ("\u200eq_12\u200f", "q_12", ["\u200e", "\u200f"]),
        # Space around what remains goes too, as around anything typed (no-break space too).
        ("\u200b\u00a0Question dq00004 \u200b", "Question dq00004", ["\u200b", "\u200b"]),
        # Joiners join nothing at an end; inside, a name may need them (emoji, Persian).
        ("\u200dq_12\u200c", "q_12", ["\u200d", "\u200c"]),
        ("category#\U0001f469\u200d\U0001f680", "category#\U0001f469\u200d\U0001f680", []),
        ("\u200b", "", ["\u200b"]),
        ("q_12", "q_12", []),
    ],
)
def test_invisible_characters_pasted_with_the_text_are_left_out(typed, meant, left_out):
    assert without_invisible(typed) == (meant, left_out)


def test_the_query_names_the_invisible_characters_it_left_out():
    query = AuditQuery.from_params({"item": "\u200bdq00004\u200e"})
    assert query.item == "dq00004"
    assert query.item_typed == "\u200bdq00004\u200e"
    assert query.invisible_left_out == "U+200B zero width space, U+200E left-to-right mark"


def test_a_query_with_nothing_left_out_names_nothing():
    query = AuditQuery.from_params({"item": "dq00004"})
    assert query.item_typed == ""
    assert query.invisible_left_out == ""


def _row(entity_type: str, entity_id: str, question_id: str) -> AuditRow:
    record = AuditRecord(
        entity=f"{entity_type}#{entity_id}",
        entity_type=entity_type,
        entity_id=entity_id,
        question_id=question_id,
    )
    return AuditRow(record, item_url=None, actor_url="/audit/")


def test_a_list_repair_names_its_question_with_its_page():
    named = _row("category", "history", "dq00004").question_named
    assert named == NamedQuestion(id="dq00004", url="/questions/dq00004/")


def test_only_a_category_entry_names_a_question_besides_its_item():
    assert _row("question", "dq00004", "dq00004").question_named is None
    assert _row("category", "history", "").question_named is None


@pytest.mark.parametrize(
    ("entity", "words"),
    [
        ("category#space", "Category space"),
        ("staff#", "Staff account"),
        ("staff#mona", "Staff account mona"),
        (f"user#{UUID}", f"Player {UUID}"),
        ("submission#q_1a2b3c4d", "Submission q_1a2b3c4d"),
        ("question#dq00001", "Question dq00001"),
        # Words that would find more than the key: its kind in words, "#" and the key (a raw
        # "category#sci fi" in the box read as storage jargon).
        ("category#Science", "Category #Science"),
        ("category#pop-culture", "Category #pop-culture"),
        ("category#sci fi", "Category #sci fi"),
    ],
)
def test_links_say_a_key_in_the_logs_words_when_those_read_back_as_exactly_it(entity, words):
    assert written(entity) == words
    assert parse(words) == parse(entity)


def test_an_id_with_spaces_at_either_end_gets_no_log_link():
    from truthbyte_admin.core.links import audit_log_url

    assert audit_log_url("category# space") is None  # the box would trim it into "space"
    assert audit_log_url("category#space") == "/audit/?item=Category+space"


@pytest.mark.parametrize("kind", sorted(ITEM_KINDS))
def test_every_kind_the_log_stores_is_written_in_words_that_read_back(kind):
    entity = f"{kind}#some_id.jsonl"
    assert parse(written(entity)) == parse(entity)
    assert written(entity) == f"{ITEM_KINDS[kind]} some_id.jsonl"


def test_a_question_file_name_keeps_its_spaces():
    assert parse("Question file batch one.jsonl") == parse("import#batch one.jsonl")
    assert parse("Question file batch one.jsonl").entities == ["import#batch one.jsonl"]
