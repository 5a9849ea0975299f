"""The staff index: rebuilt from DynamoDB, searched case-, accent- and punctuation-insensitively."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.support import game_writes as game
from truthbyte_admin.data import tables
from truthbyte_admin.data.scan import parallel_scan
from truthbyte_admin.staffindex import search
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import (
    IndexedPlayer,
    IndexedQuestion,
    IndexedSubmission,
    IndexState,
    QuestionCategory,
)
from truthbyte_admin.staffindex.text import normalise, terms

pytestmark = pytest.mark.django_db


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("PARÍS, Île-de-France!") == "paris ile de france"
    assert terms("Straße  straße q_0bad") == ["strasse", "q", "0bad"]


def test_parallel_scan_reads_every_item_once(game_tables):
    for n in range(57):
        game.put(tables.QUESTIONS, {"id": f"q{n}", "question": f"Q {n}"})
    result = parallel_scan(tables.name(tables.QUESTIONS), segments=4, page_size=10)
    assert sorted(i["id"] for i in result.items) == sorted(f"q{n}" for n in range(57))
    assert result.items_read == 57


@pytest.fixture
def world(game_tables):
    game.question(
        "q1",
        "Is Paris the capital of France?",
        title="Paris",
        categories=("general", "capitals"),
        difficulty=1,
    )
    game.question("q2", "Is the Eiffel tower in PARÍS?", title="Eiffel Tower", difficulty=2)
    game.question("q3", "Is Lyon a city?", title="Lyon", passage="Lyon is not paris-adjacent.")
    game.question("q4", "Is Berlin in Germany?", title="Berlin", difficulty=4)
    game.put(
        tables.QUESTIONS,
        {"id": "old1", "question": "Legacy tags", "tags": ["history"], "answer": False},
    )
    game.game_submission("q_aaaa0001", "Is Rome old?", author="u-1", at=100)
    game.documented_submission(
        "q_bbbb0002", "Is Oslo cold?", author="u-2", at=50, tags=("geography",)
    )
    game.put(
        tables.USERS,
        {
            "user_id": "u-1",
            "created_at": "2026-01-01T00:00:00Z",
            "last_active": "2026-11-30T10:00:00Z",
            "current_daily_streak": 0,
            "best_daily_streak": 2,
            "daily_progress": {
                "2026-11-29": {
                    "answers": [{"question_id": "q1", "answer": True, "is_correct": True}],
                    "completed_at": "2026-11-29T10:00:00Z",
                },
                "bad": {},
            },
        },
    )
    game.put(
        tables.CATEGORIES,
        {"category_id": "capitals", "name": "Capital Cities", "question_count": 1},
    )
    return rebuild(segments=2)


def test_rebuild_copies_every_shape(world):
    assert world.counts == {"questions": 5, "submissions": 2, "players": 1, "categories": 1}
    assert world.items_read == 5 + 2 + 1 + 1  # questions, submissions, users, categories
    legacy = IndexedQuestion.objects.get(qid="old1")
    assert legacy.categories == ["history"]
    assert legacy.answer is False
    assert set(
        QuestionCategory.objects.filter(question__qid="q1").values_list("category", flat=True)
    ) == {"general", "capitals"}
    documented = IndexedSubmission.objects.get(sid="q_bbbb0002")
    assert (
        documented.author,
        documented.submitted_at,
        documented.categories,
        documented.answer,
    ) == ("u-2", 50, ["geography"], False)
    player = IndexedPlayer.objects.get(user_id="u-1")
    assert (player.days_played, player.best_streak, player.current_streak) == (1, 2, 0)
    assert IndexState.objects.filter(name="built").exists()


def test_search_is_case_accent_punctuation_insensitive_and_ranked(world):
    found = list(
        search.order_by_rank(
            search.search(IndexedQuestion.objects.all(), "paris"), "qid"
        ).values_list("qid", flat=True)
    )
    assert found[0] == "q1"  # the title match ranks first
    assert set(found) == {"q1", "q2", "q3"}
    assert set(
        search.search(IndexedQuestion.objects.all(), "PARÍS!! eiffel").values_list("qid", flat=True)
    ) == {"q2"}
    assert set(
        search.search(IndexedQuestion.objects.all(), "old").values_list("qid", flat=True)
    ) == {"old1"}  # id prefix
    assert search.backend() == {"sqlite": "fts5", "postgresql": "tsvector"}[connection.vendor]


def test_rebuild_is_repeatable_and_reflects_deletes(world):
    game.delete(tables.QUESTIONS, {"id": "q4"})
    rebuild()
    assert not IndexedQuestion.objects.filter(qid="q4").exists()
    assert not search.search(IndexedQuestion.objects.all(), "berlin").exists()


def test_rebuild_index_command_reports_progress(game_tables, capsys):
    game.question("q1", "Is Paris the capital of France?")
    call_command("rebuild_index", "--segments", "2")
    out = capsys.readouterr().out
    assert "questions: 1 items read so far" in out
    assert "Indexed 1 questions" in out


def test_rebuild_index_for_an_environment_without_the_tables_changes_nothing(game_tables, settings):
    game.question("q1", "Is Paris the capital of France?")
    call_command("rebuild_index")
    settings.TRUTHBYTE_ENV = "prdo"  # a typo: no such tables at this endpoint
    with pytest.raises(CommandError) as refused:
        call_command("rebuild_index")
    assert "the game's tables prdo-truthbyte-questions, " in str(refused.value)
    assert "nothing was rebuilt, and the staff index still holds what it held" in str(refused.value)
    assert list(IndexedQuestion.objects.values_list("qid", flat=True)) == ["q1"]


def test_what_the_game_writes_long_is_indexed_whole(game_tables):
    """The game stores category keys and names verbatim, and DynamoDB keys may be 2 KB: the
    index has no 255-character limit anywhere (PostgreSQL enforced one, and the question's
    every later write to the index failed)."""
    key = "k" * 1000
    game.question("q_long", "Is a long key fine?", categories=("general", key))
    game.put(tables.CATEGORIES, {"category_id": key, "name": "N" * 600, "question_count": 1})
    game.game_submission("q_long0001", "Is it?", author="a" * 400, at=50, categories=(key,))
    game.put(tables.USERS, {"user_id": "u" * 300, "created_at": "2026-01-01T00:00:00Z"})

    built = rebuild()

    assert built.counts == {"questions": 1, "submissions": 1, "players": 1, "categories": 1}
    assert QuestionCategory.objects.get(question__qid="q_long", category=key)
    assert IndexedSubmission.objects.get(sid="q_long0001").author == "a" * 400
    assert IndexedPlayer.objects.filter(user_id="u" * 300).exists()
