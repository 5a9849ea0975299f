"""Re-importing a file never silently brings back a question staff retired: the import skips
ids with an unrestored retired copy (saying so, exit 0), unless --include-retired."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.management import call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import bulk, client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import retired as retired_repo
from truthbyte_admin.data.errors import NotFound
from truthbyte_admin.questions import services
from truthbyte_admin.retired import services as retired_services


def _export(path, count: int = 5):
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"r{n}",
                    "question": f"Is {n} a number?",
                    "answer": True,
                    "category": "science" if n % 2 else "history",
                    "difficulty": 1 + n % 4,
                }
            )
            + "\n"
            for n in range(count)
        )
    )
    return path


def _retire(question_id: str) -> None:
    loaded = questions_repo.get(question_id)
    services.retire_question(question_id=question_id, loaded_version=loaded.version, actor="eddie")


@pytest.fixture
def imported_then_retired(game_tables, tmp_path, capsys):
    path = _export(tmp_path / "export.jsonl")
    call_command("load_questions", str(path))
    _retire("r2")
    capsys.readouterr()
    return path


def test_a_reimport_skips_a_retired_question_and_says_so(imported_then_retired, capsys):
    call_command("load_questions", str(imported_then_retired))  # exit 0: a policy, not an error

    out = capsys.readouterr().out
    assert "unchanged 4, skipped as retired 1;" in out
    assert (
        "skipped 1 question staff retired: r2 — restore it on the Retired questions page "
        "(/questions/retired/), or run again with --include-retired to bring it back"
    ) in out
    assert "Import complete. Skipped 1 question staff retired (see above)." in out
    with pytest.raises(NotFound):
        questions_repo.get("r2")
    assert retired_repo.latest_unrestored("r2") is not None  # still restorable
    assert_index_and_counts_exact()


def test_the_skipped_question_is_left_for_a_restore_that_then_works(imported_then_retired):
    call_command("load_questions", str(imported_then_retired))
    copy = retired_repo.latest_unrestored("r2")
    retired_services.restore_question(question_id="r2", retired_key=copy.retired_key, actor="rita")
    assert questions_repo.get("r2").question == "Is 2 a number?"
    assert_index_and_counts_exact()


def test_include_retired_brings_it_back_and_names_it(imported_then_retired, capsys):
    call_command("load_questions", str(imported_then_retired), "--include-retired")

    out = capsys.readouterr().out
    assert "created 1, updated 0, unchanged 4;" in out
    assert "brought back 1 question staff had retired: r2." in out
    assert questions_repo.get("r2").question == "Is 2 a number?"
    assert_index_and_counts_exact()
    # The retired page keeps the copy; its Restore dialog warns that the id is in use, and a
    # restore is refused with nothing changed (tests/integration/test_retire_restore.py).
    assert retired_repo.latest_unrestored("r2") is not None
    assert retired_services.question_id_in_use("r2")

    # Live again: a plain re-import updates it like any other question, nothing is skipped.
    call_command("load_questions", str(imported_then_retired))
    out = capsys.readouterr().out
    assert "unchanged 5;" in out
    assert "skipped" not in out
    assert "brought back" not in out


def test_a_retired_id_in_a_new_environment_is_skipped_too(imported_then_retired, capsys):
    """Into an empty pool the import reads no question back; the retired ids still count."""
    for n in (0, 1, 3, 4):
        _retire(f"r{n}")
    call_command("load_questions", str(imported_then_retired))
    out = capsys.readouterr().out
    assert "skipped 5 questions staff retired: r0, r1, r2, r3, r4 — restore them" in out
    assert not list(questions_repo.scan_all())
    assert_index_and_counts_exact()


def test_the_retired_ids_are_read_alongside_the_other_reads_not_before_them(
    imported_then_retired, monkeypatch
):
    """No round trip is added before the writes: the retired copies are read while the index
    is (each read waits for the other to have started; read one after the other, they'd wait
    for ever), and cost one request."""
    both_started = threading.Barrier(2, timeout=10)
    read_retired, read_index = retired_repo.unrestored_question_ids, bulk._stored_index

    def retired_ids():
        both_started.wait()
        return read_retired()

    def stored_index(*args, **kwargs):
        both_started.wait()
        return read_index(*args, **kwargs)

    monkeypatch.setattr(retired_repo, "unrestored_question_ids", retired_ids)
    monkeypatch.setattr(bulk, "_stored_index", stored_index)
    call_command("load_questions", str(imported_then_retired))
    monkeypatch.undo()

    with assert_dynamodb_requests(1):
        assert retired_repo.unrestored_question_ids() == {"r2"}


def test_a_restored_copy_no_longer_holds_its_id_back(imported_then_retired, capsys):
    copy = retired_repo.latest_unrestored("r2")
    retired_services.restore_question(question_id="r2", retired_key=copy.retired_key, actor="rita")
    assert retired_repo.unrestored_question_ids() == set()
    _retire("r2")
    assert retired_repo.unrestored_question_ids() == {"r2"}  # retired again: a new copy


def test_without_the_admins_retired_table_nothing_counts_as_retired(game_tables, tmp_path):
    """A deployment that never created the admin's table has retired nothing through it."""
    client.call("delete_table", TableName=tables.name(tables.RETIRED))
    call_command("load_questions", str(_export(tmp_path / "export.jsonl")))
    assert len(list(questions_repo.scan_all())) == 5
