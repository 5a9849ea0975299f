"""`load_questions` converges: whatever stops a run, running the same import again ends with the
pool, the category index (with difficulties) and the stored counts exact (issue 11)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.support.invariants import assert_index_and_counts_exact, index_and_count_problems
from truthbyte_admin.data import client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.serialization import to_attr

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = ["science", "history", "geography", "sports", "art"]


def _write(path: Path, count: int, *, shift: int = 0, shape: str = "curated") -> Path:
    lines = []
    for n in range(count):
        record = {
            "id": f"c{n:04d}",
            "question": f"Is {n} + {shift} a number worth asking?",
            "answer": bool(n % 2),
            "title": f"T{n}",
            "passage": "p" * (n % 50),
        }
        if shape == "curated":
            record.update(category=CATEGORIES[(n + shift) % 5], difficulty=1 + (n + shift) % 5)
        else:  # the other export shape: tags as categories, no difficulty
            record["tags"] = [CATEGORIES[(n + shift) % 5], CATEGORIES[(n + shift + 1) % 5]]
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def files(tmp_path):
    first = _write(tmp_path / "first.jsonl", 300)
    # overlaps `first`: every question moves category and difficulty, and 100 are new
    second = _write(tmp_path / "second.jsonl", 400, shift=2, shape="other")
    return first, second


def _fails_clearly(path, capsys):
    # One worker: the injected faults meet one request after another, deterministically.
    with pytest.raises(CommandError, match="run the same command again"):
        call_command("load_questions", str(path), workers=1)
    capsys.readouterr()


def test_one_batch_exhausting_its_retries_then_a_rerun_converges(
    game_tables, faults, files, capsys
):
    first, second = files
    call_command("load_questions", str(first))
    faults.fail_next("BatchWriteItem", times=3, after=5)  # a later batch, all its attempts
    _fails_clearly(second, capsys)
    assert index_and_count_problems()  # the stopped run did leave the tables inexact
    faults.clear()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


def test_a_throttled_recount_then_a_rerun_converges(game_tables, faults, files, capsys):
    first, second = files
    call_command("load_questions", str(first))
    faults.fail_next("Query", times=3)  # the consistent COUNT of the first category
    _fails_clearly(second, capsys)
    faults.clear()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


def test_a_category_the_stopped_run_moved_questions_out_of_is_recounted_by_the_rerun(
    game_tables, faults, tmp_path, capsys
):
    """The stopped run deleted index items the rerun's file no longer names: `music` emptied,
    `art` left with other questions' items. Neither is a category of the file nor of its
    questions' index items any more, and only a recount sets their counts right."""
    first = _write(tmp_path / "first.jsonl", 50)
    music = [
        {"id": f"m{n}", "question": f"Is song {n} a song?", "answer": True, "category": "music"}
        for n in range(3)
    ]
    with first.open("a") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in music)
    call_command("load_questions", str(first))
    moved = []
    for line in first.read_text().splitlines()[:25] + [json.dumps(r) for r in music]:
        record = json.loads(line)
        if record["category"] in {"art", "music"}:
            record["category"] = "science"
        moved.append(json.dumps(record))
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join(moved) + "\n")
    faults.fail_next("Query", times=10_000)  # every recount's COUNT: stopped after the writes
    _fails_clearly(second, capsys)
    assert any("music" in p for p in index_and_count_problems())
    assert any("category art" in p for p in index_and_count_problems())
    faults.clear()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


def test_updates_applied_but_answered_500_converge_in_the_same_run(game_tables, faults, files):
    first, second = files
    call_command("load_questions", str(first))
    faults.fail_after_next("TransactWriteItems", times=3)  # applied, every answer a 500
    faults.fail_after_next("BatchWriteItem", times=3, after=2)
    faults.drop_next("BatchWriteItem", times=2, after=1)
    call_command("load_questions", str(second))
    faults.clear()
    assert_index_and_counts_exact()
    assert questions_repo.get("c0000").version == 2


def test_a_question_updated_but_still_indexed_under_its_old_category_is_repaired(
    game_tables, files
):
    """What an UpdateItem applied-but-500 left behind before: the question already has its new
    categories, the index still the old ones. The stored fields equal the file, so only a diff
    against the stored index items (not the stored categories) can see it."""
    first, second = files
    call_command("load_questions", str(second))
    index = tables.name(tables.QUESTION_CATEGORIES)
    client.call(
        "delete_item",
        TableName=index,
        Key={"category": to_attr("general"), "question_id": to_attr("c0001")},
    )
    client.call(
        "put_item",
        TableName=index,  # c0002 is art + science: an old category left
        Item={
            "category": to_attr("history"),
            "question_id": to_attr("c0002"),
            "difficulty": to_attr(3),
        },
    )
    client.call(
        "put_item",
        TableName=index,  # and a wrong difficulty
        Item={
            "category": to_attr("science"),
            "question_id": to_attr("c0002"),
            "difficulty": to_attr(5),
        },
    )
    assert index_and_count_problems()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


def test_killed_mid_run_then_a_rerun_converges(game_tables, faults, files, settings):
    """SIGKILL while writes are in flight (a held answer marks the moment), then run again."""
    first, second = files
    call_command("load_questions", str(first))
    faults.delay_next("BatchWriteItem", seconds=30, times=1, after=4)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DYNAMODB_ENDPOINT_URL=faults.url,
        TRUTHBYTE_ENV=settings.TRUTHBYTE_ENV,
        DYNAMODB_TIMEOUT_SECONDS="60",
    )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "load_questions", str(second)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not faults.log.injected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert faults.log.injected, "the import never reached its fifth batch"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    faults.clear()
    assert index_and_count_problems()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


@pytest.fixture(scope="module")
def staff_db_url(tmp_path_factory) -> str:
    """A migrated staff database for the commands run as processes, as in production (their
    staff index is kept in step; an unmigrated one would only log its failures)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('staff')}/staff.sqlite3"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL=url)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return url


def _subprocess_env(faults, settings, staff_db_url: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=staff_db_url,
        DYNAMODB_ENDPOINT_URL=faults.url,
        TRUTHBYTE_ENV=settings.TRUTHBYTE_ENV,
        DYNAMODB_TIMEOUT_SECONDS="60",
        PYTHONUNBUFFERED="1",
    )


def test_killed_right_after_the_first_chunk_is_reported_then_a_rerun_converges(
    game_tables, faults, files, settings, staff_db_url
):
    """SIGKILL as soon as the first progress line (the first chunk of questions written) is out,
    while later batches are still held; then the same command again."""
    first, second = files
    call_command("load_questions", str(first))
    faults.delay_next("BatchWriteItem", seconds=30, times=200, after=6)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "load_questions", str(second)],
        env=_subprocess_env(faults, settings, staff_db_url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    while not any("questions written" in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    written = [
        int(line.split("/")[0].replace(",", "")) for line in lines if "questions written" in line
    ]
    assert written, lines
    assert written[0] < 400, lines  # stopped after its first chunk, before the end
    faults.clear()
    assert index_and_count_problems()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()


def test_a_failed_run_exits_1_with_a_message_and_no_traceback(
    game_tables, faults, files, settings, staff_db_url
):
    first, second = files
    call_command("load_questions", str(first))
    faults.fail_next("BatchWriteItem", times=10_000)  # every attempt of every batch
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_questions", str(second)],
        env=_subprocess_env(faults, settings, staff_db_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "import stopped" in result.stderr
    assert "run the same command again" in result.stderr
    assert "throttling" in result.stderr  # what stopped it, in words
    assert "nothing was changed" not in result.stderr  # the batches before it were written
    faults.clear()
    call_command("load_questions", str(second))
    assert_index_and_counts_exact()
