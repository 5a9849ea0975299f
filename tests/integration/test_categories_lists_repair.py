"""The repair's list step and the counts after it, against DynamoDB Local: what changed between
the repair's reads and its writes is never overwritten, and a second run changes nothing."""

from __future__ import annotations

import pytest

from tests.support.questions import (
    assert_invariants,
    index_entries,
    make_question,
    seed,
    set_stored_count,
    stored_counts,
)
from truthbyte_admin.categories import lists, services
from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(game_tables):
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )
    rebuild()
    return game_tables


def _put_entry(category: str, question_id: str) -> None:
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item=to_item({"category": category, "question_id": question_id, "difficulty": 2}),
    )


def _delete_entry(category: str, question_id: str) -> None:
    client.call(
        "delete_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Key=to_item({"category": category, "question_id": question_id}),
    )


def _after_the_lists_are_read(monkeypatch, then) -> None:
    """Run ``then`` right after the repair has read every list entry (before any write)."""
    real = questions_repo.scan_index

    def scan_then(*args, **kwargs):
        yield from real(*args, **kwargs)
        then()

    monkeypatch.setattr(questions_repo, "scan_index", scan_then)


def test_an_entry_for_a_question_not_tagged_so_is_deleted_and_no_count_created(pool):
    _put_entry("orphan", "s1")  # s1 is tagged science only
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert [(p.category, p.question_id, p.kind) for p in result.lists_fixed] == [
        ("orphan", "s1", lists.NOT_TAGGED)
    ]
    assert "orphan" not in result.fixed
    assert ("orphan", "s1") not in index_entries()
    assert "orphan" not in stored_counts()
    assert services.reconcile_counts(actor="eddie").lists_fixed == []  # convergent
    assert_invariants()


def test_a_count_that_changed_after_the_lists_were_read_is_not_overwritten(pool, monkeypatch):
    set_stored_count("science", 40)
    _after_the_lists_are_read(monkeypatch, lambda: set_stored_count("science", 41))
    result = services.reconcile_counts(actor="eddie")
    assert not result.ok
    assert "“science” (was 40, now 41)" in str(result.failed[0])
    assert stored_counts()["science"] == 41
    assert audit.history("category#science") == []


def test_a_word_stored_as_the_count_is_said_as_it_was_when_it_changed_meanwhile(pool, monkeypatch):
    set_stored_count("science", "lots")
    _after_the_lists_are_read(monkeypatch, lambda: set_stored_count("science", 30))
    result = services.reconcile_counts(actor="eddie")
    assert result.fixed == {}
    assert str(result.failed[0]) == (
        "A stored count changed while repairing: “science” (was “lots”, now 30). Nothing in "
        "that batch of 1 was changed; repair again to use the new figures."
    )


def test_a_question_edited_before_its_list_is_put_right_is_left_and_so_is_its_count(
    pool, monkeypatch
):
    _delete_entry("science", "s4")
    set_stored_count("history", 9)
    real = questions_repo.get_many

    def read_then_someone_saves(ids, **kwargs):
        found = real(ids, **kwargs)
        client.call(  # an editor's save lands: the version moves on
            "update_item",
            TableName=tables.name(tables.QUESTIONS),
            Key=to_item({"id": "s4"}),
            UpdateExpression="SET #v = #v + :one",
            ExpressionAttributeNames={"#v": "version"},
            ExpressionAttributeValues=to_item({":one": 1}),
        )
        return found

    monkeypatch.setattr(questions_repo, "get_many", read_then_someone_saves)
    result = services.reconcile_counts(actor="eddie")
    assert not result.ok
    assert "for question “s4” (“science”)" in str(result.failed[0])
    assert ("science", "s4") not in index_entries()
    assert stored_counts()["science"] == 12  # not set to the 11 entries read
    assert result.fixed == {"history": (9, 3)}  # the rest was repaired
    assert audit.history("category#science") == []

    monkeypatch.setattr(questions_repo, "get_many", real)
    assert services.reconcile_counts(actor="eddie").ok  # the next run puts it right
    assert ("science", "s4") in index_entries()
    assert_invariants()


def test_many_questions_are_put_right_in_few_transactions(pool, monkeypatch):
    for n in range(12):
        _delete_entry("science", f"s{n}")
    calls = []
    real = questions_repo.commit_list_fixes
    monkeypatch.setattr(
        questions_repo,
        "commit_list_fixes",
        lambda tx, *, token: calls.append(len(tx.actions)) or real(tx, token=token),
    )
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert len(result.lists_fixed) == 12
    assert calls == [36]  # 12 × (the question's check, the entry, its audit entry)
    assert_invariants()


def test_a_list_fix_applied_but_answered_with_an_error_is_said_as_fixed(pool, monkeypatch):
    # The answer to a list fix was lost after DynamoDB applied it: what is stored says it was
    # applied; the repair must not report "nothing of it was changed".
    from truthbyte_admin.data.errors import OutcomeUnknown

    _delete_entry("science", "s3")
    real = questions_repo.commit_list_fixes

    def applied_then_lost(tx, *, token):
        real(tx, token=token)
        raise OutcomeUnknown("answer lost")

    monkeypatch.setattr(questions_repo, "commit_list_fixes", applied_then_lost)
    result = services.reconcile_counts(actor="eddie")

    assert result.ok
    assert [(p.category, p.question_id) for p in result.lists_fixed] == [("science", "s3")]
    assert ("science", "s3") in index_entries()
    assert_invariants()


def test_the_questions_an_entry_is_judged_on_are_read_strongly_consistent(game_tables, faults):
    # One way to read many questions (questions_repo.get_many): the repair asks it for the
    # consistent answer, since what it reads decides what it writes.
    seed(*[make_question(f"s{n}", ["science"], 2) for n in range(3)])
    rebuild()
    _delete_entry("science", "s1")
    faults.record_requests()
    result = services.reconcile_counts(actor="eddie")
    assert [(p.category, p.question_id) for p in result.lists_fixed] == [("science", "s1")]
    question_reads = [
        request
        for target, body in faults.log.requests
        if target == "BatchGetItem"
        for table, request in body["RequestItems"].items()
        if table == tables.name(tables.QUESTIONS)
    ]
    assert question_reads
    assert all(request["ConsistentRead"] is True for request in question_reads)


def test_many_questions_are_read_eventually_consistent_unless_asked(game_tables, faults):
    seed(make_question("s1", ["science"], 2))
    faults.record_requests()
    assert set(questions_repo.get_many(["s1", "nope"])) == {"s1"}
    assert set(questions_repo.get_many(["s1"], consistent=True)) == {"s1"}
    asked = [
        request["ConsistentRead"]
        for target, body in faults.log.requests
        if target == "BatchGetItem"
        for request in body["RequestItems"].values()
    ]
    assert asked == [False, True]


def test_the_admin_copy_and_the_check_count_a_question_in_the_same_categories(db):
    # One rule for the categories a question is counted in (domain.categories.with_general: its
    # own categories and general), for the staff index's rows and for the check's judge: an
    # older game item whose list omits general is in general for both, never "behind".
    from truthbyte_admin.staffindex import apply
    from truthbyte_admin.staffindex.drift import tagged_pairs

    question = make_question("old1", ["space"], 2)
    apply.put_question(question)
    assert tagged_pairs() == {("space", "old1"), ("general", "old1")}
    listed = {("space", "old1"), ("general", "old1")}
    assert lists.judge(tagged_pairs(), listed, {"old1": question}) == ([], set())


def test_two_repairs_at_once_the_second_finds_the_work_done_and_says_so_without_errors(
    pool, monkeypatch
):
    # Both pressed "Repair" at once: the second was shown two errors ("not put right", "a stored
    # count changed while repairing") though the first had put everything right.
    _delete_entry("history", "h1")
    set_stored_count("science", 19)
    real = lists.survey

    def survey_then_colleague():
        found = real()
        monkeypatch.setattr(lists, "survey", real)
        colleague = services.reconcile_counts(actor="edna")
        assert colleague.ok
        assert colleague.fixed
        return found

    monkeypatch.setattr(lists, "survey", survey_then_colleague)

    result = services.reconcile_counts(actor="eddie")

    assert result.failed == []
    assert result.put_right_meanwhile == 2  # the history entry and the science count
    assert result.fixed == {}
    assert [e.actor for e in audit.history("category#science") if e.action == "reconcile"] == [
        "edna"
    ]
    assert_invariants()


def test_the_page_of_the_second_repair_says_the_work_was_done_meanwhile(
    pool, monkeypatch, editor_client
):
    set_stored_count("science", 19)
    real = lists.survey

    def survey_then_colleague():
        found = real()
        monkeypatch.setattr(lists, "survey", real)
        services.reconcile_counts(actor="edna")
        return found

    monkeypatch.setattr(lists, "survey", survey_then_colleague)

    html = editor_client.post("/categories/reconcile/", follow=True).content.decode()

    assert (
        "Already put right by another repair or change at the same moment, so left as they "
        "are: the stored count of <bdi>science</bdi>."
    ) in html
    assert "message-error" not in html


def test_a_count_moved_to_the_repairs_figure_by_a_new_question_is_not_called_put_right(
    pool, monkeypatch
):
    # Stored 11, listed 12; a colleague adds a science question meanwhile: listed 13, stored 12,
    # the figure this repair computed. That is not "put right": the count is still one short.
    set_stored_count("science", 11)
    real = lists.survey

    def survey_then_a_new_question():
        found = real()
        monkeypatch.setattr(lists, "survey", real)
        _put_entry("science", "s_new")
        seed(make_question("s_new", ["science"], 2))
        set_stored_count("science", 12)
        return found

    monkeypatch.setattr(lists, "survey", survey_then_a_new_question)

    result = services.reconcile_counts(actor="eddie")

    assert result.counts_put_right_meanwhile == []
    assert len(result.failed) == 1
    assert "A stored count changed while repairing" in result.failed[0].template
