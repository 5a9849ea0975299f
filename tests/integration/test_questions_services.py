"""Editor services against moto: save, conflict, create, retire — one transaction each, with the
category index, counts and audit log kept exact."""

from __future__ import annotations

import pytest

from tests.support.questions import (
    assert_invariants,
    game_question_item,
    index_entries,
    make_question,
    put_game_index,
    put_game_question,
    raw_question,
    seed,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.errors import Throttled
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.questions import services
from truthbyte_admin.questions.services import EditConflict, QuestionEdits


def edits_of(loaded, **changes) -> QuestionEdits:
    values = {
        "question": loaded.question,
        "title": loaded.title,
        "passage": loaded.passage,
        "answer": loaded.answer,
        "categories": list(loaded.categories),
        "difficulty": loaded.difficulty,
    }
    values.update(changes)
    return QuestionEdits(**values)


@pytest.fixture
def seeded(game_tables):
    seed(
        make_question("q1", ["science", "history"], 2),
        make_question("q2", ["science"], 3),
        make_question("q3", ["sports"], 1),
    )
    return game_tables


def test_save_diffs_index_moves_counts_and_audits_field_level(seeded):
    before = questions_repo.get("q1")
    saved = services.update_question(
        question_id="q1",
        loaded_version=before.version,
        actor="eddie",
        edits=edits_of(
            before,
            question="Is the sky blue on a clear day?",
            categories=["science", "geography"],
            difficulty=4,
        ),
    )
    assert saved.question.version == before.version + 1
    assert saved.created_categories == {}  # geography exists: nothing created
    stored = raw_question("q1")
    assert stored["question"] == "Is the sky blue on a clear day?"
    assert stored["categories"] == ["science", "geography", "general"]
    assert stored["difficulty"] == 4
    assert stored["version"] == before.version + 1
    entries = index_entries()
    assert ("history", "q1") not in entries
    assert entries[("geography", "q1")] == 4
    assert entries[("science", "q1")] == 4
    assert entries[("general", "q1")] == 4
    counts = stored_counts()
    assert counts["history"] == 0
    assert counts["geography"] == 1
    assert counts["science"] == 2
    assert_invariants()

    [entry] = audit.history("question#q1")
    assert entry.action == "edit"
    assert entry.actor == "eddie"
    changed = {name: (old, new) for name, old, new in entry.changed_fields()}
    assert set(changed) == {"question", "categories", "difficulty"}
    assert changed["difficulty"] == (2, 4)
    assert changed["categories"][1] == ["science", "geography", "general"]


def test_general_stays_on_every_question(seeded):
    before = questions_repo.get("q2")
    services.update_question(
        question_id="q2",
        loaded_version=before.version,
        actor="eddie",
        edits=edits_of(before, categories=["history"]),
    )
    assert raw_question("q2")["categories"] == ["history", "general"]
    assert ("general", "q2") in index_entries()
    assert_invariants()


def test_stale_version_is_a_conflict_carrying_the_stored_item_and_writes_nothing(seeded):
    loaded = questions_repo.get("q1")
    # Someone else saves first.
    services.update_question(
        question_id="q1",
        loaded_version=loaded.version,
        actor="other",
        edits=edits_of(loaded, title="Their new title"),
    )
    snapshot = (raw_question("q1"), index_entries(), stored_counts())

    with pytest.raises(EditConflict) as caught:
        services.update_question(
            question_id="q1",
            loaded_version=loaded.version,
            actor="eddie",
            edits=edits_of(loaded, title="My title", categories=["food"], difficulty=5),
        )
    current = caught.value.current
    assert current is not None
    assert current.title == "Their new title"
    assert current.version == loaded.version + 1
    assert (raw_question("q1"), index_entries(), stored_counts()) == snapshot
    assert [e.actor for e in audit.history("question#q1")] == ["other"]


def test_a_question_written_by_the_game_without_version_can_be_edited(game_tables):
    item = make_question("g1", ["science", "general"], 3).to_item()
    del item["version"]
    client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=to_item(item))
    from truthbyte_admin.data.bulk import recount_categories
    from truthbyte_admin.data.transactions import Transaction

    tx = Transaction()
    for c in ("science", "general"):
        tx.put("i", tables.name(tables.QUESTION_CATEGORIES), {"category": c, "question_id": "g1"})
    tx.execute()
    recount_categories(["science", "general"])
    loaded = questions_repo.get("g1")
    assert loaded.version == 0
    services.update_question(
        question_id="g1", loaded_version=0, actor="eddie", edits=edits_of(loaded, difficulty=1)
    )
    assert raw_question("g1")["version"] == 1
    assert index_entries()[("science", "g1")] == 1
    assert_invariants()


def test_a_legacy_category_list_without_general_gets_its_general_index_item(game_tables):
    item = make_question("g2", ["science"], 3).to_item()
    client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=to_item(item))
    from truthbyte_admin.data.bulk import recount_categories

    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item=to_item({"category": "science", "question_id": "g2", "difficulty": 3}),
    )
    recount_categories(["science"])
    loaded = questions_repo.get("g2")
    services.update_question(
        question_id="g2",
        loaded_version=loaded.version,
        actor="eddie",
        edits=edits_of(loaded, title="Fixed"),
    )
    assert raw_question("g2")["categories"] == ["science", "general"]
    assert_invariants()


def test_create_adds_index_items_counts_new_category_name_and_audit(seeded):
    saved = services.create_question(
        actor="eddie",
        display_names={"space_travel": "Space Travel", "unused": "Not Chosen"},
        edits=QuestionEdits(
            question="Has a person walked on the moon?",
            title="Moon",
            passage="",
            answer=True,
            categories=["space_travel"],
            difficulty=2,
        ),
    )
    question = saved.question
    assert saved.created_categories == {"space_travel": "Space Travel"}
    assert question.id.startswith("q_")
    stored = raw_question(question.id)
    assert stored["categories"] == ["space_travel", "general"]
    assert stored["answer"] is True
    assert stored["version"] == 1
    from truthbyte_admin.data import categories as categories_repo

    assert categories_repo.get("space_travel").display_name == "Space Travel"
    assert stored_counts()["space_travel"] == 1
    assert stored_counts()["general"] == 4
    [entry] = audit.history(f"question#{question.id}")
    assert entry.action == "create"
    assert entry.before is None
    assert entry.after["question"] == "Has a person walked on the moon?"
    assert_invariants()


def test_create_with_an_existing_id_is_refused_and_changes_nothing(seeded):
    snapshot = (raw_question("q1"), index_entries(), stored_counts())
    with pytest.raises(services.QuestionServiceError, match="already exists"):
        services.create_question(
            actor="eddie",
            question_id="q1",
            edits=QuestionEdits(
                question="A duplicate question text?",
                title="",
                passage="",
                answer=False,
                categories=["food"],
                difficulty=3,
            ),
        )
    assert (raw_question("q1"), index_entries(), stored_counts()) == snapshot


def test_retire_deletes_question_index_items_and_counts_with_audit(seeded):
    loaded = questions_repo.get("q1")
    services.retire_question(question_id="q1", loaded_version=loaded.version, actor="eddie")
    assert raw_question("q1") is None
    assert not [k for k in index_entries() if k[1] == "q1"]
    counts = stored_counts()
    assert counts["science"] == 1
    assert counts["history"] == 0
    assert counts["general"] == 2
    [entry] = audit.history("question#q1")
    assert entry.action == "retire"
    assert entry.after is None
    assert entry.before["categories"] == ["science", "history", "general"]
    assert_invariants()


def test_retire_of_a_changed_question_is_refused(seeded):
    loaded = questions_repo.get("q2")
    services.update_question(
        question_id="q2",
        loaded_version=loaded.version,
        actor="other",
        edits=edits_of(loaded, title="Changed"),
    )
    with pytest.raises(EditConflict) as caught:
        services.retire_question(question_id="q2", loaded_version=loaded.version, actor="eddie")
    assert caught.value.current.title == "Changed"
    assert raw_question("q2") is not None
    assert_invariants()


def test_retire_of_an_already_retired_question_says_who_retired_it(seeded):
    loaded = questions_repo.get("q3")
    services.retire_question(question_id="q3", loaded_version=loaded.version, actor="a")
    with pytest.raises(services.AlreadyRetired, match="already retired by a at .* UTC"):
        services.retire_question(question_id="q3", loaded_version=loaded.version, actor="b")
    assert_invariants()


def test_a_throttled_transaction_saves_nothing_and_says_so(seeded, faults):
    loaded = questions_repo.get("q1")
    faults.fail_next("TransactWriteItems", times=5)
    with pytest.raises(services.NotSentNow) as caught:
        services.update_question(
            question_id="q1",
            loaded_version=loaded.version,
            actor="eddie",
            edits=edits_of(loaded, title="Nope"),
        )
    assert isinstance(caught.value.__cause__, Throttled)
    assert str(caught.value).startswith("Nothing was saved: the game's database is busy")
    faults.clear()
    assert raw_question("q1")["title"] == "Title q1"


# --- counts follow the index as it really is (not the question's categories) -----------------


def test_editing_a_tags_only_never_indexed_question_gives_exact_counts(seeded):
    item = game_question_item("t1", [], 2)
    del item["categories"]
    item["tags"] = ["science", "history"]  # an old export: tags as categories, never indexed
    put_game_question(item)
    before_counts = stored_counts()
    loaded = questions_repo.get("t1")
    assert loaded.categories_from_tags
    assert loaded.categories == ["science", "history"]

    with assert_dynamodb_requests() as stats:
        services.update_question(
            question_id="t1",
            loaded_version=loaded.version,
            actor="eddie",
            edits=edits_of(loaded, categories=["science"]),
        )
    assert stats.operations.count("batch_get_item") == 1

    stored = raw_question("t1")
    assert stored["categories"] == ["science", "general"]
    entries = index_entries()
    assert entries[("science", "t1")] == 2
    assert entries[("general", "t1")] == 2
    assert ("history", "t1") not in entries
    counts = stored_counts()
    # science and general really gained an item; history never had one, so it doesn't drop.
    assert counts["science"] == before_counts["science"] + 1
    assert counts["general"] == before_counts["general"] + 1
    assert counts["history"] == before_counts["history"]
    assert_invariants()


def test_a_legacy_question_missing_general_but_indexed_in_general_keeps_exact_counts(seeded):
    put_game_question(game_question_item("g3", ["science"], 3))
    put_game_index("g3", ["science", "general"])  # as the game wrote it: no difficulty
    from truthbyte_admin.data.bulk import recount_categories

    recount_categories(["science", "general"])
    before_counts = stored_counts()
    loaded = questions_repo.get("g3")
    services.update_question(
        question_id="g3",
        loaded_version=0,
        actor="eddie",
        edits=edits_of(loaded, title="Only the title"),
    )
    assert raw_question("g3")["categories"] == ["science", "general"]
    assert stored_counts() == before_counts
    # The kept items now carry the question's difficulty, as the design document wants.
    assert index_entries()[("general", "g3")] == 3
    assert index_entries()[("science", "g3")] == 3
    assert_invariants()


def test_retire_moves_counts_only_for_index_items_that_exist(seeded):
    put_game_question(game_question_item("g4", ["science", "history", "general"], 2))
    put_game_index("g4", ["science", "general"], difficulty=2)  # history was never indexed
    from truthbyte_admin.data.bulk import recount_categories

    recount_categories(["science", "history", "general"])
    before_counts = stored_counts()
    services.retire_question(question_id="g4", loaded_version=0, actor="eddie")
    counts = stored_counts()
    assert counts["science"] == before_counts["science"] - 1
    assert counts["general"] == before_counts["general"] - 1
    assert counts["history"] == before_counts["history"]
    assert_invariants()


def test_create_reads_no_index_items_first(seeded):
    with assert_dynamodb_requests() as stats:
        services.create_question(
            actor="eddie",
            edits=QuestionEdits(
                question="Is a new question created?",
                title="",
                passage="",
                answer=True,
                categories=["science"],
                difficulty=2,
            ),
        )
    assert "batch_get_item" not in stats.operations
    assert_invariants()


def test_an_index_item_written_between_the_read_and_the_commit_cancels_the_save(
    seeded, monkeypatch
):
    loaded = questions_repo.get("q2")
    real_lookup = questions_repo.stored_index_items

    def lookup_then_someone_indexes_it(question_id, categories):
        found = real_lookup(question_id, categories)
        put_game_index("q2", ["food"], difficulty=3)  # a concurrent writer, right after our read
        return found

    monkeypatch.setattr(questions_repo, "stored_index_items", lookup_then_someone_indexes_it)
    snapshot = (raw_question("q2"), stored_counts())
    with pytest.raises(services.QuestionServiceError, match="category index changed"):
        services.update_question(
            question_id="q2",
            loaded_version=loaded.version,
            actor="eddie",
            edits=edits_of(loaded, categories=["science", "food"]),
        )
    assert (raw_question("q2"), stored_counts()) == snapshot


def test_a_change_too_large_for_one_transaction_is_refused_with_a_clear_message(game_tables):
    many = [f"tag{n:02d}" for n in range(60)] + ["general"]
    put_game_question(game_question_item("big1", many, 3))
    put_game_index("big1", many, difficulty=3)
    loaded = questions_repo.get("big1")
    with pytest.raises(services.QuestionServiceError) as caught:
        services.retire_question(question_id="big1", loaded_version=loaded.version, actor="eddie")
    message = str(caught.value)
    assert "more than one change to the game's database may hold (100)" in message
    assert "61 categories" in message
    assert "Nothing was saved" in message
    assert raw_question("big1") is not None
    # An unrelated edit of the same question is small and still works.
    services.update_question(
        question_id="big1",
        loaded_version=loaded.version,
        actor="eddie",
        edits=edits_of(loaded, title="Still editable"),
    )
    assert raw_question("big1")["title"] == "Still editable"


def test_the_same_edit_saved_by_two_at_once_is_said_saved_once(game_tables, monkeypatch):
    # Both read version 1 and send the same change: the second's condition fails on a stored
    # item equal to its own change. It was told "Saved (version 2)", which the other saved.
    seed(make_question("tw1", ["science"], 2))
    loaded = questions_repo.get("tw1")
    services.update_question(
        question_id="tw1", loaded_version=1, actor="eddie", edits=edits_of(loaded, title="Same")
    )
    # The second read happened before the first write: it saw version 1.
    stale = questions_repo.get("tw1")
    stale.version, stale.title = 1, loaded.title
    monkeypatch.setattr(services, "_loaded", lambda *args: (stale, 1))

    with pytest.raises(services.QuestionServiceError) as caught:
        services.update_question(
            question_id="tw1",
            loaded_version=1,
            actor="edna",
            edits=edits_of(loaded, title="Same"),
            form_nonce="second-editor-form",
        )

    assert str(caught.value) == (
        "Nothing more was saved: the same change was saved a moment ago (version 2, in another "
        "tab or by someone else)."
    )
    assert [e.actor for e in audit.history("question#tw1")] == ["eddie"]


def test_a_stale_form_sending_what_is_stored_now_says_it_was_saved_since_not_no_changes(
    game_tables,
):
    seed(make_question("tw2", ["science"], 2))
    loaded = questions_repo.get("tw2")
    services.update_question(
        question_id="tw2", loaded_version=1, actor="eddie", edits=edits_of(loaded, title="Same")
    )

    with pytest.raises(services.QuestionServiceError) as caught:
        services.update_question(
            question_id="tw2", loaded_version=1, actor="edna", edits=edits_of(loaded, title="Same")
        )

    assert str(caught.value) == (
        "Nothing to save: question tw2 already has what you sent, saved since you loaded this "
        "page (version 2, in another tab or by someone else)."
    )


def test_the_same_edit_form_sent_again_after_its_save_is_that_save_not_someone_elses(game_tables):
    # A double click whose second send comes after the first is stored: the same values, the
    # same form. It was told the values were "saved since … by someone else" (a 409).
    seed(make_question("tw3", ["science"], 2))
    loaded = questions_repo.get("tw3")
    sent = {
        "question_id": "tw3",
        "loaded_version": 1,
        "actor": "eddie",
        "edits": edits_of(loaded, title="Once"),
        "form_nonce": "double-click-form",
    }
    first = services.update_question(**sent)

    again = services.update_question(**sent)

    assert first.question.version == again.question.version == 2
    assert [e.action for e in audit.history("question#tw3")] == ["edit"]
