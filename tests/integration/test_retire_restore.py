"""Retire keeps a full copy in the admin's own table, in the same transaction; restore puts it
back in one transaction — refused, with nothing changed, when the id was reused."""

from __future__ import annotations

import threading

import pytest

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import (
    assert_invariants,
    make_question,
    put_game_question,
    seed,
)
from tests.support.requests import assert_dynamodb_requests
from tests.support.snapshots import game_question_tables
from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import retired as retired_repo
from truthbyte_admin.data.bulk import recount_categories
from truthbyte_admin.questions import services
from truthbyte_admin.questions.services import EditConflict, QuestionEdits
from truthbyte_admin.retired import selectors as retired_selectors
from truthbyte_admin.retired import services as retired_services
from truthbyte_admin.retired.queries import RetiredQuery
from truthbyte_admin.retired.services import RestoreRefused


@pytest.fixture
def seeded(game_tables):
    seed(
        make_question("q1", ["science", "history", "general"], 2),
        make_question("q2", ["science", "general"], 3),
        make_question("q3", ["sports", "general"], 1, question="Is a football round?"),
    )
    return game_tables


def _retire(qid: str, actor: str = "eddie"):
    loaded = questions_repo.get(qid)
    return services.retire_question(question_id=qid, loaded_version=loaded.version, actor=actor)


def test_retire_then_restore_leaves_the_game_tables_exactly_as_before(seeded):
    before = game_question_tables()

    _retire("q1")
    assert retired_repo.stored_question_wire("q1") is None
    assert_index_and_counts_exact()
    copy = retired_repo.latest_unrestored("q1")
    assert copy is not None
    assert copy.retired_by == "eddie"
    # In the question's own order, as every page shows its categories (not the index's).
    assert copy.index_categories == ["science", "history", "general"]
    assert copy.counts_moved == {"general": -1, "history": -1, "science": -1}

    retired_services.restore_question(question_id="q1", retired_key=copy.retired_key, actor="rita")

    assert game_question_tables() == before
    assert_index_and_counts_exact()
    assert_invariants()
    assert retired_repo.latest_unrestored("q1") is None
    assert retired_repo.get("q1", copy.retired_key).restored_by == "rita"
    # History kept across both: newest first.
    assert [e.action for e in audit.history("question#q1")][:2] == ["restore", "retire"]


def test_the_copy_is_the_item_exactly_as_stored_string_sets_and_extra_attributes_kept(seeded):
    raw = {
        "id": {"S": "legacy1"},
        "question": {"S": "Is this an item the game wrote long ago?"},
        "answer": {"BOOL": False},
        "tags": {"SS": ["old", "tags"]},
        "categories": {"L": [{"S": "Science"}, {"S": "general"}]},
        "difficulty": {"N": "2.0"},
        "created_at": {"N": "1700000000"},
        "something_else": {"M": {"x": {"N": "1"}}},
    }
    client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=raw)
    for category in ("Science", "general"):
        client.call(
            "put_item",
            TableName=tables.name(tables.QUESTION_CATEGORIES),
            Item={"category": {"S": category}, "question_id": {"S": "legacy1"}},
        )
    stored = retired_repo.stored_question_wire("legacy1")
    assert stored["tags"] == {"SS": ["old", "tags"]}
    # (No stored counts were seeded for this item; only the question and its index compared.)
    before = {k: v for k, v in game_question_tables().items() if k != tables.CATEGORIES}
    services.retire_question(question_id="legacy1", loaded_version=0, actor="eddie")
    copy = retired_repo.latest_unrestored("legacy1")
    assert copy.question_wire == stored
    retired_services.restore_question(
        question_id="legacy1", retired_key=copy.retired_key, actor="eddie"
    )
    after = {k: v for k, v in game_question_tables().items() if k != tables.CATEGORIES}
    assert after == before
    assert retired_repo.stored_question_wire("legacy1") == stored


def test_restore_is_refused_with_nothing_changed_when_the_id_was_reused(seeded):
    _retire("q2")
    copy = retired_repo.latest_unrestored("q2")
    services.create_question(
        question_id="q2",
        edits=QuestionEdits(
            question="Is this a new question under an old id?",
            title="",
            passage="",
            answer=True,
            categories=["sports"],
            difficulty=3,
        ),
        actor="carl",
    )
    before = game_question_tables()

    with pytest.raises(RestoreRefused, match="used by another question now"):
        retired_services.restore_question(
            question_id="q2", retired_key=copy.retired_key, actor="rita"
        )

    assert game_question_tables() == before
    assert retired_repo.latest_unrestored("q2") is not None  # still restorable later
    assert_index_and_counts_exact()


def test_a_second_restore_of_the_same_copy_is_refused(seeded):
    _retire("q3")
    copy = retired_repo.latest_unrestored("q3")
    retired_services.restore_question(question_id="q3", retired_key=copy.retired_key, actor="a")
    before = game_question_tables()
    with pytest.raises(RestoreRefused, match="already restored by a"):
        retired_services.restore_question(question_id="q3", retired_key=copy.retired_key, actor="b")
    assert game_question_tables() == before


def test_concurrent_restores_of_one_copy_restore_it_once(seeded):
    _retire("q1")
    copy = retired_repo.latest_unrestored("q1")
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def attempt(name: str) -> None:
        barrier.wait()
        try:
            retired_services.restore_question(
                question_id="q1", retired_key=copy.retired_key, actor=name
            )
            outcomes.append("restored")
        except RestoreRefused as exc:
            outcomes.append("refused" if "already restored by s" in str(exc) else str(exc))

    threads = [threading.Thread(target=attempt, args=(f"s{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Exactly one restore applied, and only its author is told "restored": each loser is
    # told who restored it (the README's promise).
    assert sorted(outcomes) == ["refused"] * 3 + ["restored"], outcomes
    restores = [e for e in audit.history("question#q1") if e.action == "restore"]
    assert len(restores) == 1
    assert_index_and_counts_exact()


def test_concurrent_retire_and_restore_leave_consistent_tables(seeded):
    _retire("q2")
    copy = retired_repo.latest_unrestored("q2")
    loaded = questions_repo.get("q1")
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def restore() -> None:
        barrier.wait()
        try:
            retired_services.restore_question(
                question_id="q2", retired_key=copy.retired_key, actor="r"
            )
        except RestoreRefused as exc:
            errors.append(exc)

    def retire() -> None:
        barrier.wait()
        try:
            services.retire_question(question_id="q1", loaded_version=loaded.version, actor="x")
        except services.QuestionServiceError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=restore), threading.Thread(target=retire)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert_index_and_counts_exact()
    # Whatever happened, each question is either stored or has a restorable copy — never lost.
    for qid in ("q1", "q2"):
        stored = retired_repo.stored_question_wire(qid) is not None
        assert stored != (retired_repo.latest_unrestored(qid) is not None), (qid, errors)


def test_retiring_a_changed_question_keeps_no_copy(seeded):
    loaded = questions_repo.get("q2")
    services.update_question(
        question_id="q2",
        loaded_version=loaded.version,
        actor="other",
        edits=QuestionEdits(
            question=loaded.question + " Really?",
            title=loaded.title,
            passage=loaded.passage,
            answer=loaded.answer,
            categories=list(loaded.categories),
            difficulty=loaded.difficulty,
        ),
    )
    with pytest.raises(EditConflict):
        services.retire_question(question_id="q2", loaded_version=loaded.version, actor="eddie")
    assert retired_repo.latest_unrestored("q2") is None


def test_retire_and_restore_request_counts(seeded):
    loaded = questions_repo.get("q1")
    # GetItem (the item as stored) + BatchGet (index items) + the transaction + general's
    # recount (GetItem, COUNT Query, conditional update, COUNT Query after it).
    with assert_dynamodb_requests(at_most=7):
        services.retire_question(question_id="q1", loaded_version=loaded.version, actor="e")
    copy = retired_repo.latest_unrestored("q1")
    # GetItem (the copy) + the transaction + general's recount (4).
    with assert_dynamodb_requests(at_most=6):
        retired_services.restore_question(question_id="q1", retired_key=copy.retired_key, actor="e")


def test_retired_list_is_newest_first_searchable_and_one_query_a_page(seeded):
    _retire("q1")
    _retire("q3")
    with assert_dynamodb_requests(1):
        listing = retired_selectors.retired_list(RetiredQuery())
    assert [c.question_id for c in listing.copies] == ["q3", "q1"]
    with assert_dynamodb_requests(1):
        found = retired_selectors.retired_list(RetiredQuery(search="FOOTBALL"))
    assert [c.question_id for c in found.copies] == ["q3"]
    copy = retired_repo.latest_unrestored("q1")
    retired_services.restore_question(question_id="q1", retired_key=copy.retired_key, actor="e")
    listing = retired_selectors.retired_list(RetiredQuery())
    assert [c.question_id for c in listing.copies] == ["q3"]


def test_a_reused_id_retired_again_keeps_both_copies(seeded):
    _retire("q2")
    first = retired_repo.latest_unrestored("q2")
    put_game_question({"id": "q2", "question": "Reused id?", "categories": ["general"]})
    services.retire_question(question_id="q2", loaded_version=0, actor="eddie")
    latest = retired_repo.latest_unrestored("q2")
    assert latest.retired_key != first.retired_key
    assert latest.question.question == "Reused id?"
    listing = retired_selectors.retired_list(RetiredQuery(search="q2"))
    assert len(listing.copies) == 2


def test_restore_refused_when_the_index_already_has_an_entry_for_the_id(seeded):
    from tests.support.questions import put_game_index

    _retire("q3")
    copy = retired_repo.latest_unrestored("q3")
    put_game_index("q3", ["sports"], difficulty=1)  # a leftover written after the retirement
    before = game_question_tables()
    with pytest.raises(RestoreRefused, match="already has an entry for id q3"):
        retired_services.restore_question(question_id="q3", retired_key=copy.retired_key, actor="r")
    assert game_question_tables() == before


def test_restore_refused_when_a_category_can_no_longer_be_written(seeded):
    from tests.support.questions import put_game_index

    odd = "sci\nfi"  # written by an old game version; today's rules refuse control characters
    put_game_question({"id": "odd1", "question": "Odd legacy category?", "categories": [odd]})
    put_game_index("odd1", [odd])
    services.retire_question(question_id="odd1", loaded_version=0, actor="eddie")
    copy = retired_repo.latest_unrestored("odd1")
    before = game_question_tables()
    with pytest.raises(RestoreRefused, match="can't be written back"):
        retired_services.restore_question(
            question_id="odd1", retired_key=copy.retired_key, actor="r"
        )
    assert game_question_tables() == before


def test_without_the_retired_table_a_retirement_changes_nothing(dynamodb):
    from truthbyte_admin.data.errors import TableMissing

    tables.create_missing_tables(
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES, tables.AUDIT],
        wait=False,
    )
    seed(make_question("q1", ["science", "general"], 2))
    before = game_question_tables()
    with pytest.raises(TableMissing):
        _retire("q1")
    assert game_question_tables() == before


def test_a_retirement_that_lands_between_anothers_reads_leaves_one_copy(seeded, monkeypatch):
    # The probe's race, made certain: editor b's retirement commits after editor a's has read
    # the question but before it reads the index (so a finds no index items left to guard on).
    loaded = questions_repo.get("q2")
    read_question = retired_repo.stored_question_wire
    raced = []

    def read_then_be_overtaken(question_id):
        wire = read_question(question_id)
        if not raced:
            raced.append(True)
            services.retire_question(question_id="q2", loaded_version=loaded.version, actor="b")
        return wire

    monkeypatch.setattr(retired_repo, "stored_question_wire", read_then_be_overtaken)
    with pytest.raises(services.AlreadyRetired, match="already retired by b"):
        services.retire_question(question_id="q2", loaded_version=loaded.version, actor="a")
    copies = client.call(
        "query",
        TableName=tables.name(tables.RETIRED),
        KeyConditionExpression="question_id = :q",
        ExpressionAttributeValues={":q": {"S": "q2"}},
        ConsistentRead=True,
    )["Items"]
    assert len(copies) == 1
    assert [e.action for e in audit.history("question#q2")].count("retire") == 1
    assert_index_and_counts_exact()


def test_retiring_a_tags_only_question_removes_its_general_listing_too(seeded):
    # As the game's uploader of the other export shape leaves it: `tags`, no `categories`,
    # indexed under its tag and `general`.
    put_game_question(
        {
            "id": "t1",
            "question": "Is a tags-only question retired whole?",
            "answer": True,
            "tags": ["sports"],
            "difficulty": 2,
        }
    )
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item={"category": {"S": "sports"}, "question_id": {"S": "t1"}},
    )
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item={"category": {"S": "general"}, "question_id": {"S": "t1"}},
    )
    recount_categories(["sports", "general"])
    services.retire_question(question_id="t1", loaded_version=0, actor="eddie")
    assert not [e for e in questions_repo.scan_index() if e.question_id == "t1"]
    assert sorted(retired_repo.latest_unrestored("t1").index_categories) == ["general", "sports"]
    assert_index_and_counts_exact()


def test_a_restore_whose_answer_was_lost_after_someone_elses_says_who_restored_it(
    seeded, faults, monkeypatch
):
    _retire("q3")
    copy = retired_repo.latest_unrestored("q3")
    read_copy = retired_repo.get
    reads = []

    def read_then_be_overtaken(question_id, retired_key):
        # a's page read the copy unrestored; then b's restore landed before a's was sent.
        seen = read_copy(question_id, retired_key)
        if not reads:
            reads.append(True)
            retired_services.restore_question(
                question_id=question_id, retired_key=retired_key, actor="b"
            )
            faults.drop_next("TransactWriteItems", times=1)  # a's refusal never arrives
        return seen

    monkeypatch.setattr(retired_repo, "get", read_then_be_overtaken)
    with pytest.raises(RestoreRefused, match="already restored by b"):
        retired_services.restore_question(question_id="q3", retired_key=copy.retired_key, actor="a")
    assert_index_and_counts_exact()


def test_the_keys_of_a_write_found_applied_need_no_request_for_game_tables(seeded):
    # found_applied() runs right after DynamoDB lost an answer: it must not depend on another
    # request (a table description) to name the items it hands on.
    tables.forget_schema_cache()
    with assert_dynamodb_requests(0):
        assert tables.key_names(tables.name(tables.QUESTIONS)) == ("id",)
        assert tables.key_names(tables.name(tables.AUDIT)) == ("entity", "event")
        assert tables.key_names(tables.name(tables.QUESTION_CATEGORIES)) == (
            "category",
            "question_id",
        )
