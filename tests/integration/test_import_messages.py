"""What `load_questions` tells the person running it about the file: one hint for a JSON
document, a capped list of bad lines, "nothing to import" without touching DynamoDB, repeated
ids and loose types rejected, and --workers checked as a usage error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import questions as questions_repo

ROOT = Path(__file__).resolve().parents[2]


def _record(qid: str, **changes) -> dict:
    return {
        "id": qid,
        "question": f"Is {qid} a question?",
        "answer": True,
        "category": "science",
        "difficulty": 2,
        **changes,
    }


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("array.json", json.dumps([_record("a1"), _record("a2")])),
        ("pretty.json", json.dumps([_record(f"a{n}") for n in range(40)], indent=2)),
    ],
)
def test_a_json_array_gets_one_hint_and_nothing_is_read_or_written(
    game_tables, tmp_path, capsys, name, text
):
    path = tmp_path / name
    path.write_text(text)
    with assert_dynamodb_requests(0), pytest.raises(CommandError, match="no line was valid"):
        call_command("load_questions", str(path))
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{path}: rejected: the file is a JSON array, not JSONL: the import reads one JSON "
        "object per line (convert it with: jq -c '.[]' FILE.json > FILE.jsonl)"
    ]
    assert (
        "nothing to import: no line was valid; the game's tables were neither read nor written"
    ) in out


def test_a_pretty_printed_object_gets_one_hint(game_tables, tmp_path, capsys):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_record("p1"), indent=2))
    with pytest.raises(CommandError, match="7 lines rejected; no line was valid"):
        call_command("load_questions", str(path))
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pretty-printed JSON (each object spread over several lines), not JSONL" in err


def test_a_binary_file_shows_20_rejected_lines_then_how_many_more(game_tables, tmp_path, capsys):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text\n" * 101)
    with assert_dynamodb_requests(0), pytest.raises(CommandError, match="101 lines rejected"):
        call_command("load_questions", str(path))
    err = capsys.readouterr().err.splitlines()
    assert err[:20] == [f"{path}:{n}: rejected: not valid UTF-8" for n in range(1, 21)]
    assert err[20:] == [f"{path}: … and 81 more lines rejected"]


def test_an_empty_file_is_nothing_to_import_exit_1_and_costs_no_request(
    game_tables, tmp_path, capsys
):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with assert_dynamodb_requests(0), pytest.raises(CommandError) as raised:
        call_command("load_questions", str(empty))
    assert str(raised.value) == f"{empty}: empty, nothing to import."
    assert "nothing to import: the file is empty" in capsys.readouterr().out


def test_an_empty_file_beside_a_good_one_still_fails_the_run_after_the_good_one(
    game_tables, tmp_path
):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    good = _jsonl(tmp_path / "good.jsonl", _record("g1"))
    with pytest.raises(CommandError, match="empty, nothing to import"):
        call_command("load_questions", str(empty), str(good))
    assert [q.id for q in questions_repo.scan_all()] == ["g1"]


def test_a_repeated_id_is_rejected_with_both_line_numbers_and_the_first_imported(
    game_tables, tmp_path, capsys
):
    path = _jsonl(
        tmp_path / "dupes.jsonl",
        _record("qt1", question="The first one?"),
        *(_record(f"x{n}") for n in range(15)),
        _record("qt1", question="The second one?"),
    )
    with pytest.raises(CommandError, match="1 line rejected; the valid lines were imported"):
        call_command("load_questions", str(path))
    assert f"{path}:17: rejected: id qt1 already on line 1; skipped" in capsys.readouterr().err
    assert questions_repo.get("qt1").question == "The first one?"
    assert_index_and_counts_exact()


def test_loose_answers_and_difficulties_are_rejected_not_stored(game_tables, tmp_path, capsys):
    path = _jsonl(
        tmp_path / "loose.jsonl",
        _record("ok"),
        _record("yes", answer="yes"),
        _record("two", answer=2),
        _record("three", difficulty="3"),
    )
    with pytest.raises(CommandError, match="3 lines rejected"):
        call_command("load_questions", str(path))
    err = capsys.readouterr().err
    assert f'{path}:2: rejected: answer must be true or false (a JSON boolean), not "yes"' in err
    assert f"{path}:3: rejected: answer must be true or false (a JSON boolean), not 2" in err
    assert f'{path}:4: rejected: difficulty must be a whole number from 1 to 5, not "3"' in err
    assert [q.id for q in questions_repo.scan_all()] == ["ok"]


@pytest.mark.parametrize("workers", ["0", "-1", "21", "many"])
def test_a_bad_worker_count_is_a_usage_error(game_tables, tmp_path, workers):
    path = _jsonl(tmp_path / "one.jsonl", _record("w1"))
    with pytest.raises(CommandError, match="argument --workers: .* from 1 to 20"):
        call_command("load_questions", f"--workers={workers}", str(path))
    with pytest.raises(CommandError, match="--workers must be from 1 to 20") as raised:
        call_command("load_questions", str(path), workers=0)  # past the parser
    assert raised.value.returncode == 2
    assert not list(questions_repo.scan_all())


def test_a_bad_worker_count_exits_2_with_usage_from_the_shell(tmp_path):
    path = _jsonl(tmp_path / "one.jsonl", _record("w1"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_questions", "--workers", "0", str(path)],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("usage: manage.py load_questions")
    assert "error: argument --workers: '0' is not a number of parallel requests from 1 to 20" in (
        result.stderr
    )


def test_the_highest_worker_count_is_accepted(game_tables, tmp_path):
    call_command("load_questions", "--workers=20", str(_jsonl(tmp_path / "a.jsonl", _record("a"))))
    assert questions_repo.get("a").difficulty == 2
