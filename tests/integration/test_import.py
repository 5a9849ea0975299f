import gc
import json

import pytest
from django.core.management import CommandError, call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import make_question, seed
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.client import track_requests


def _counts():
    return {c.slug: c.count for c in categories_repo.list_all()}


def test_curated_import_gives_2000_questions_with_exact_index_and_counts_and_is_idempotent(
    game_tables, curated_path, capsys
):
    call_command("load_questions", str(curated_path))
    out = capsys.readouterr().out
    assert "2,000 of 2,000 questions to write" in out
    assert "2,000/2,000 questions written" in out
    questions = list(questions_repo.scan_all())
    assert len(questions) == 2000
    assert all("general" in q.categories for q in questions)
    assert_index_and_counts_exact()
    assert _counts()["general"] == 2000
    first = {q.id: q for q in questions}

    call_command("load_questions", str(curated_path))
    out = capsys.readouterr().out
    assert "0 of 2,000 questions needed writing (all unchanged)" in out
    assert "questions written" not in out  # nothing was
    assert "created 0, updated 0, unchanged 2,000" in out
    again = {q.id: q for q in questions_repo.scan_all()}
    assert again == first
    assert_index_and_counts_exact()


def test_an_overlapping_export_in_the_other_shape_updates_in_place(game_tables, tmp_path):
    first = tmp_path / "curated.jsonl"
    first.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "q1",
                    "question": "Is water wet?",
                    "answer": True,
                    "category": "science",
                    "difficulty": 2,
                    "tags": ["x"],
                    "title": "Water",
                    "passage": "Water is wet.",
                },
                {
                    "id": "q2",
                    "question": "Is the sun cold?",
                    "answer": False,
                    "category": "science",
                    "difficulty": 4,
                    "tags": [],
                    "title": "Sun",
                    "passage": "Hot.",
                },
            ]
        )
    )
    second = tmp_path / "other.jsonl"
    second.write_text(
        json.dumps(
            {
                "id": "q1",
                "question": "Is water wet, really?",
                "title": "Water",
                "passage": "Yes.",
                "answer": True,
                "tags": ["chemistry", "nature"],
            }
        )
    )
    call_command("load_questions", str(first))
    call_command("load_questions", str(second))
    q1 = questions_repo.get("q1")
    assert q1.categories == ["chemistry", "nature", "general"]
    assert q1.difficulty == 3
    assert_index_and_counts_exact()
    assert _counts() == {"science": 1, "general": 2, "chemistry": 1, "nature": 1}


def test_bad_lines_are_reported_with_line_numbers_and_good_lines_still_import(
    game_tables, tmp_path, capsys
):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps(
            {
                "id": "ok1",
                "question": "Is one plus one two?",
                "answer": True,
                "category": "maths",
                "difficulty": 1,
            }
        ),
        "{not json",
        json.dumps({"id": "bad2", "question": "No answer here?"}),
        json.dumps({"id": "bad3", "question": "Too hard?", "answer": False, "difficulty": 9}),
        json.dumps(["a list"]),
        json.dumps({"id": "bad 5", "question": "Spaces in id?", "answer": True}),
        json.dumps({"id": "bad6", "question": "Bad slug?", "answer": True, "category": "a/b"}),
        json.dumps({"id": "ok2", "question": "Is zero even?", "answer": True, "tags": ["maths"]}),
    ]
    half = {"id": "bad10", "question": "Half hard?", "answer": True, "difficulty": 2.5}
    path.write_bytes(
        b"\xef\xbb\xbf"  # a byte-order mark before the first line (Windows tools write one)
        + ("\n".join(lines) + "\n").encode()
        + b"\xff\xfe not utf8\n"
        + json.dumps(half).encode()
    )
    with pytest.raises(CommandError, match="8 line.*the valid lines were imported"):
        call_command("load_questions", str(path))
    err = capsys.readouterr().err
    assert "mixed.jsonl:2: rejected: not valid JSON" in err
    assert "mixed.jsonl:3: rejected: answer must be true or false" in err
    assert "mixed.jsonl:4: rejected: difficulty must be a whole number from 1 to 5" in err
    assert "mixed.jsonl:5: rejected: not a JSON object" in err
    assert 'mixed.jsonl:6: rejected: id "bad 5" can\'t be used: ids use letters' in err
    assert "mixed.jsonl:7: rejected: category slug “a/b” may contain only" in err
    assert "mixed.jsonl:9: rejected: not valid UTF-8" in err
    assert "mixed.jsonl:10: rejected: difficulty must be a whole number" in err  # not rounded
    assert sorted(q.id for q in questions_repo.scan_all()) == ["ok1", "ok2"]
    assert_index_and_counts_exact()


def test_missing_file_is_a_clear_error(game_tables, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_questions", "/nonexistent/file.jsonl")
    with pytest.raises(CommandError, match="not a file"):
        call_command("load_questions", str(tmp_path))


def test_a_file_of_only_bad_lines_says_nothing_was_imported(game_tables, tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n[1]\n")
    with pytest.raises(CommandError, match="2 line.*rejected; no line was valid"):
        call_command("load_questions", str(path))
    assert not list(questions_repo.scan_all())


def test_import_request_count_is_linear_in_chunks_not_items(game_tables, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": f"q{i}",
                    "question": f"Is {i} a number?",
                    "answer": True,
                    "category": "maths",
                    "difficulty": 2,
                }
            )
            for i in range(100)
        )
    )
    with track_requests() as stats:
        call_command("load_questions", str(path))
    # Into an empty pool: a one-item Scan of the questions (nothing to read back) + 1 index Scan
    # + 1 Scan of the categories (every one is recounted) + 1 Scan of the retired copies + 4
    # question BatchWrites + 8 index BatchWrites + per category (2) a consistent GetItem, COUNT
    # Query, conditional set and COUNT Query after it (categories.converge_count) + the key
    # schema's DescribeTable + the audit log entry's PutItem
    assert stats.requests <= 26, stats.operations
    assert "batch_get_item" not in stats.operations
    # Over stored questions, every one of the file's is read back (one BatchGet per 100 ids).
    with track_requests() as again:
        call_command("load_questions", str(path))
    assert again.operations.count("batch_get_item") == 1, again.operations
    assert "batch_write_item" not in again.operations


def test_reimport_updates_in_place_keeping_attributes_it_does_not_model(game_tables, tmp_path):
    from truthbyte_admin.data import client, tables
    from truthbyte_admin.data.serialization import from_item, to_attr

    path = tmp_path / "one.jsonl"
    record = {
        "id": "q1",
        "question": "Is ice cold?",
        "answer": True,
        "category": "science",
        "difficulty": 2,
        "title": "Ice",
        "passage": "Ice is cold.",
    }
    path.write_text(json.dumps(record))
    call_command("load_questions", str(path))
    # The game (or an older export) added an attribute we don't model.
    client.call(
        "update_item",
        TableName=tables.name(tables.QUESTIONS),
        Key={"id": to_attr("q1")},
        UpdateExpression="SET tags = :t",
        ExpressionAttributeValues={":t": to_attr(["x"])},
    )
    path.write_text(json.dumps({**record, "question": "Is ice really cold?"}))
    call_command("load_questions", str(path))
    item = from_item(
        client.call("get_item", TableName=tables.name(tables.QUESTIONS), Key={"id": to_attr("q1")})[
            "Item"
        ]
    )
    assert item["question"] == "Is ice really cold?"
    assert item["tags"] == ["x"]
    assert item["version"] == 2
    assert_index_and_counts_exact()


def test_an_edit_landing_mid_import_is_never_lost_silently(game_tables, monkeypatch):
    """The import read version 1; an editor saves version 2 before the import writes: the import
    re-reads, overwrites knowingly and moves the version on, so nothing is clobbered unseen."""
    from truthbyte_admin.data import bulk
    from truthbyte_admin.data.models import Question
    from truthbyte_admin.data.transactions import Transaction

    bulk.upsert_questions([Question(id="q1", question="Original text?", categories=["science"])])
    real_read = questions_repo.get_many

    def read_then_editor_saves(ids, **kwargs):
        stored = real_read(ids, **kwargs)
        before = questions_repo.get("q1")
        after = Question(**{**before.__dict__, "categories": ["history", "general"]})
        tx = Transaction()
        questions_repo.add_question_change(tx, before=before, after=after)
        tx.execute()
        return stored

    monkeypatch.setattr(questions_repo, "get_many", read_then_editor_saves)
    bulk.upsert_questions([Question(id="q1", question="Imported text?", categories=["space"])])
    stored = questions_repo.get("q1")
    assert stored.question == "Imported text?"
    assert stored.categories == ["space", "general"]
    assert stored.version == 3
    assert_index_and_counts_exact()


def test_backfill_gives_game_written_index_items_their_difficulty(game_tables, capsys):
    from truthbyte_admin.data import client, tables
    from truthbyte_admin.data.serialization import to_item

    # As the game's approval writes them: the question, and index items without difficulty.
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTIONS),
        Item=to_item(
            {
                "id": "q_game",
                "question": "Is the sky blue?",
                "answer": True,
                "categories": ["science", "general"],
                "difficulty": 2,
            }
        ),
    )
    for category in ("science", "general"):
        client.call(
            "put_item",
            TableName=tables.name(tables.QUESTION_CATEGORIES),
            Item=to_item({"category": category, "question_id": "q_game"}),
        )
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item=to_item({"category": "science", "question_id": "q_gone"}),
    )

    call_command("backfill_index_difficulty")
    assert "checked 3, rewritten 2, orphaned (question missing) 1" in capsys.readouterr().out
    entries = {(e.category, e.question_id): e.difficulty for e in questions_repo.scan_index()}
    assert entries[("science", "q_game")] == 2
    assert entries[("general", "q_game")] == 2
    call_command("backfill_index_difficulty")
    assert "rewritten 0" in capsys.readouterr().out


def test_backfill_reports_progress_in_about_ten_lines(game_tables, monkeypatch):
    from truthbyte_admin.data import bulk

    seed(*[make_question(f"q_bf{n:03}", ["science"], 2) for n in range(60)])  # 120 index items
    monkeypatch.setattr(bulk, "CHUNK", 1)
    lines: list[str] = []
    report = bulk.backfill_index_difficulty(progress=lines.append)
    assert report.checked == 120
    assert len(lines) == 10  # every 12th of 120 chunks, the last among them
    assert lines[-1] == "  120/120 index items checked"


@pytest.mark.django_db
def test_an_import_keeps_the_staff_index_in_step_in_bulk(game_tables, tmp_path, capsys):
    """The import's thousands of writes reach the staff index in a few statements (one database
    transaction per write phase), with what is stored: text, categories, difficulty; a
    re-import in the other shape moves them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from truthbyte_admin.staffindex import apply, search
    from truthbyte_admin.staffindex.models import IndexedQuestion, QuestionCategory

    records = [
        {
            "id": f"s{n:03d}",
            "question": f"Is {n} a number?",
            "answer": True,
            "category": "science",
            "difficulty": 1 + n % 5,
            "title": "Café" if n == 0 else f"T{n}",
        }
        for n in range(120)
    ]
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records))
    with CaptureQueriesContext(connection) as queries:
        call_command("load_questions", str(first))
    assert len(queries) < 60  # ~4 statements per 500 questions, not 4 per question
    assert IndexedQuestion.objects.count() == 120
    row = IndexedQuestion.objects.get(qid="s007")
    assert (row.categories, row.difficulty, row.question) == (
        ["science", "general"],
        3,
        "Is 7 a number?",
    )
    search_text = IndexedQuestion.objects.get(qid="s000").search_text
    if search.reads_search_text():  # PostgreSQL; SQLite's FTS5 indexes the raw columns
        assert search_text.startswith("s000 cafe")
    else:
        assert search_text == ""
    assert QuestionCategory.objects.filter(category="science").count() == 120
    # Full text in step too (SQLite's FTS5 triggers, PostgreSQL's tsvector), and the lists'
    # cached totals renewed.
    found = search.search(IndexedQuestion.objects.all(), "café", ranked=False)
    assert list(found.values_list("qid", flat=True)) == ["s000"]
    token = apply.questions_token()
    assert token is not None

    other = tmp_path / "other.jsonl"
    other.write_text(
        "".join(
            json.dumps({"id": r["id"], "question": r["question"], "answer": False, "tags": ["art"]})
            + "\n"
            for r in records
        )
    )
    call_command("load_questions", str(other))
    row = IndexedQuestion.objects.get(qid="s007")
    assert (row.categories, row.difficulty, row.answer) == (["art", "general"], 3, False)
    assert apply.questions_token() != token
    assert not QuestionCategory.objects.filter(category="science").exists()
    assert QuestionCategory.objects.filter(category="art", difficulty=3).count() == 120


def test_category_names_that_are_not_keys_are_imported_as_keys_and_said(
    game_tables, tmp_path, capsys
):
    path = tmp_path / "names.jsonl"
    lines = [
        {
            "id": "n1",
            "question": "Is pop music popular?",
            "answer": True,
            "category": "Pop-Culture",
        },
        {
            "id": "n2",
            "question": "Is sci-fi fiction?",
            "answer": True,
            "tags": ["Sci  Fi", "maths"],
        },
        {"id": "n3", "question": "Is café French?", "answer": True, "category": "Café"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    with pytest.raises(CommandError, match="1 line rejected"):
        call_command("load_questions", str(path))
    captured = capsys.readouterr()
    assert (
        "category names imported as keys (lower case, _ for spaces and hyphens): "
        "“Pop-Culture” as pop_culture, “Sci  Fi” as sci_fi"
    ) in captured.out
    # A name that can't become a key is refused quoting it as written.
    assert "names.jsonl:3: rejected: category slug “Café” may contain" in (captured.err)
    assert questions_repo.get("n1").categories == ["pop_culture", "general"]
    assert_index_and_counts_exact()


def test_the_collector_manage_py_pauses_for_start_up_collects_again_during_the_import(
    game_tables, tmp_path
):
    export = tmp_path / "one.jsonl"
    export.write_text(
        json.dumps({"id": "q1", "question": "Is ice cold?", "answer": True, "category": "science"})
        + "\n"
    )
    gc.disable()  # as manage.py leaves it for load_questions
    try:
        call_command("load_questions", str(export))
        assert gc.isenabled()  # a long import still frees its garbage
    finally:
        gc.enable()
