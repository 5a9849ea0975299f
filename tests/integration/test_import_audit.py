"""`load_questions` records each file it imported in the audit log: one entry per file that
changed something (counted, with the file's SHA-256), none for an unchanged re-import, and a
truthful exit 1 when the entry could not be written. The audit log page shows it in staff words
and finds it by "Question file NAME"."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.core.management import CommandError, call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import numbered_question_file, set_stored_count
from truthbyte_admin.data import audit
from truthbyte_admin.data import questions as questions_repo

pytestmark = pytest.mark.django_db


def test_an_import_is_one_entry_with_its_counts_and_the_files_sha256(game_tables, tmp_path, capsys):
    path = numbered_question_file(tmp_path / "batch one.jsonl", 30)

    call_command("load_questions", str(path))

    assert "  recorded in the audit log (“Question file batch one.jsonl”)" in (
        capsys.readouterr().out
    )
    [entry] = audit.history(audit.question_file_entity("batch one.jsonl"))
    assert entry.actor == "manage.py"
    assert entry.action == "import_questions"
    assert entry.note == (
        "Imported batch one.jsonl: created 30; category index items written 60, deleted 0; "
        "counts checked: general, science; counts set: general none → 30, science none → 30"
    )
    assert entry.after == {
        "created": 30,
        "updated": 0,
        "unchanged": 0,
        "skipped_retired": 0,
        "index_written": 60,  # each question's category and `general`
        "index_deleted": 0,
        "recounted": ["general", "science"],
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "brought_back": [],
        "counts_set": {"general": [None, 30], "science": [None, 30]},
    }


def test_an_unchanged_reimport_records_nothing_and_a_changed_one_says_what_changed(
    game_tables, tmp_path
):
    path = numbered_question_file(tmp_path / "q.jsonl", 10)
    call_command("load_questions", str(path))
    call_command("load_questions", str(path))  # nothing to write: nothing happened
    assert len(audit.history(audit.question_file_entity("q.jsonl"))) == 1

    numbered_question_file(path, 12, category="history")  # 10 move category, 2 are new
    call_command("load_questions", str(path))

    latest = audit.history(audit.question_file_entity("q.jsonl"))[0]
    assert latest.note == (
        "Imported q.jsonl: created 2, updated 10; category index items written 14, deleted 10; "
        "counts checked: general, history, science; counts set: general 10 → 12, history none → "
        "12, science 10 → 0"
    )
    assert latest.after["index_deleted"] == 10


def test_a_rerun_that_only_puts_counts_right_is_recorded_saying_so(game_tables, tmp_path, capsys):
    # The run that finishes one stopped during its recount wrote no question and no index
    # item: it said "unchanged 2,000" and recorded nothing, though it set the counts right.
    path = numbered_question_file(tmp_path / "q.jsonl", 10)
    call_command("load_questions", str(path))
    set_stored_count("science", 3)  # as a stopped recount left it
    capsys.readouterr()

    call_command("load_questions", str(path))

    out = capsys.readouterr().out
    assert "1 counts set" in out
    assert "  counts set: science 3 → 10" in out
    latest = audit.history(audit.question_file_entity("q.jsonl"))[0]
    assert latest.note == (
        "Imported q.jsonl: unchanged 10; counts checked: general, science; counts set: "
        "science 3 → 10"
    )
    assert_index_and_counts_exact()


@pytest.mark.parametrize("lost", ["500-after-apply", "lost-answer"])
def test_a_count_set_whose_answer_was_lost_is_still_said_to_be_set(
    game_tables, tmp_path, faults, capsys, lost
):
    # The count's UpdateItem is applied but its answer lost on every attempt: the count is
    # re-read, found set, and said to be set (it had been left out of "counts set").
    path = numbered_question_file(tmp_path / "q.jsonl", 10)
    call_command("load_questions", str(path))
    set_stored_count("science", 3)
    capsys.readouterr()
    if lost == "500-after-apply":
        faults.fail_after_next("UpdateItem", times=3)
    else:
        faults.drop_next("UpdateItem", times=3)

    call_command("load_questions", str(path))

    faults.clear()
    assert "  counts set: science 3 → 10" in capsys.readouterr().out
    latest = audit.history(audit.question_file_entity("q.jsonl"))[0]
    assert latest.note.endswith("counts set: science 3 → 10")
    assert_index_and_counts_exact()


def test_when_the_entry_cannot_be_written_it_says_so_and_exits_1_with_the_import_done(
    game_tables, tmp_path, faults, capsys
):
    path = numbered_question_file(tmp_path / "q.jsonl", 5)
    faults.fail_next("PutItem", times=20)  # the import itself writes no PutItem

    with pytest.raises(CommandError) as raised:
        call_command("load_questions", str(path))

    assert str(raised.value) == (
        "Import complete. Not recorded in the audit log: q.jsonl (DynamoDB is throttling "
        "requests (too many at once) and refused this one). Running the command again won't "
        "record it (nothing would change): note the import where your team keeps such records."
    )
    out, err = capsys.readouterr()
    assert "created 5, updated 0" in out
    assert "  not recorded in the audit log: DynamoDB is throttling requests (too many" in err
    assert "Import complete." not in out
    assert len(questions_repo.get_many([f"q{n}" for n in range(5)])) == 5
    assert_index_and_counts_exact()
    assert audit.history(audit.question_file_entity("q.jsonl")) == []


def test_the_audit_log_page_shows_the_import_and_finds_it_by_file(
    game_tables, tmp_path, support_client
):
    call_command("load_questions", str(numbered_question_file(tmp_path / "science.jsonl", 3)))

    page = html.unescape(support_client.get("/audit/").content.decode())
    assert "<td>Imported questions</td>" in page
    assert 'Question file <code dir="auto">science.jsonl</code>' in page
    assert "Imported science.jsonl: created 3; category index items written 6" in page
    assert ">command line (manage.py)</a>" in page
    assert "<code>Question file curated.jsonl</code> finds the imports of that file" in page

    found = support_client.get("/audit/", {"item": "Question file science.jsonl"})
    assert found.status_code == 200
    assert "Imported science.jsonl: created 3" in html.unescape(found.content.decode())
    other = support_client.get("/audit/", {"item": "Question file other.jsonl"})
    assert "Imported science.jsonl" not in html.unescape(other.content.decode())


def test_an_import_stopped_after_writing_is_recorded_as_stopped_and_the_rerun_records_the_rest(
    game_tables, tmp_path, faults
):
    path = numbered_question_file(tmp_path / "q.jsonl", 120)
    faults.fail_next("BatchWriteItem", times=200, after=2)  # throttled for good after 2 batches

    with pytest.raises(CommandError, match="q.jsonl: import stopped"):
        call_command("load_questions", str(path), "--workers", "1")

    [stopped] = audit.history(audit.question_file_entity("q.jsonl"))
    assert stopped.action == "import_questions_stopped"
    assert stopped.note.startswith("Import of q.jsonl stopped partway (DynamoDB is throttling")
    assert stopped.note.endswith(
        "What it wrote before stopping stays; running the same command again finishes it."
    )
    assert stopped.after == {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}

    faults.clear()
    call_command("load_questions", str(path))
    finished = audit.history(audit.question_file_entity("q.jsonl"))[0]
    assert finished.action == "import_questions"
    assert 0 < finished.after["created"] < 120  # what the stopped run had not written
    assert_index_and_counts_exact()


def test_a_stop_in_a_later_file_still_names_an_earlier_file_not_recorded(
    game_tables, tmp_path, faults
):
    first = numbered_question_file(tmp_path / "first.jsonl", 3)
    second = numbered_question_file(tmp_path / "second.jsonl", 3, prefix="r")
    faults.fail_next("PutItem", times=20)  # the first file's entry can't be written
    # The first file's 2 batches (questions, then index items) go through; the second stops.
    faults.fail_next("BatchWriteItem", times=200, after=2)

    with pytest.raises(CommandError) as raised:
        call_command("load_questions", str(first), str(second), "--workers", "1")

    message = str(raised.value)
    assert f"{second}: import stopped: DynamoDB is throttling" in message
    assert "Not recorded in the audit log: first.jsonl (DynamoDB is throttling" in message


@pytest.mark.django_db(transaction=True)
def test_a_ctrl_c_inside_a_staff_database_statement_still_records_the_stop_on_the_log_page(
    game_tables, tmp_path, monkeypatch, capsys
):
    # Ctrl-C landed while an index update waited on SQLite's lock: the connection was left
    # mid-transaction, the stop's entry reached DynamoDB but not the log page, with a traceback.
    from django.db import connection

    from truthbyte_admin.auditlog.models import AuditRecord
    from truthbyte_admin.data import bulk, client, tables
    from truthbyte_admin.data.serialization import to_item

    path = numbered_question_file(tmp_path / "stopped.jsonl", 5)

    def interrupted(questions, **kwargs):
        client.call(  # one question written before the Ctrl-C
            "put_item",
            TableName=tables.name(tables.QUESTIONS),
            Item=to_item(questions[0].to_item()),
        )
        connection.ensure_connection()
        connection.connection.execute("BEGIN")  # as the interrupt left it
        raise KeyboardInterrupt

    monkeypatch.setattr(bulk, "upsert_questions", interrupted)

    with pytest.raises(CommandError, match="import interrupted"):
        call_command("load_questions", str(path))

    assert "Traceback" not in capsys.readouterr().err
    assert AuditRecord.objects.filter(action="import_questions_stopped").exists()
