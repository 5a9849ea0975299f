"""Property: whatever the interleaving of admin writes (through the data layer), game writes
(raw shapes, straight to DynamoDB) and sync steps, once the sync has caught up the index equals
what a full rebuild produces."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import game_writes as game
from truthbyte_admin.data import tables
from truthbyte_admin.data.bulk import upsert_questions
from truthbyte_admin.data.models import Question
from truthbyte_admin.data.transactions import Transaction
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import (
    IndexedPlayer,
    IndexedQuestion,
    IndexedSubmission,
    QuestionCategory,
)

pytestmark = pytest.mark.django_db

IDS = st.sampled_from([f"q{n}" for n in range(6)])
SUBS = st.sampled_from([f"q_0000000{n}" for n in range(4)])
WORDS = st.sampled_from(["Paris", "PARÍS", "rome", "Île", "x-y", "Zürich!"])
CATS = st.lists(
    st.sampled_from(["general", "capitals", "science", "Sci Fi"]),
    min_size=1,
    max_size=3,
    unique=True,
)

OPS = st.one_of(
    st.tuples(st.just("admin_upsert"), IDS, WORDS, CATS, st.integers(1, 5)),
    st.tuples(st.just("admin_review"), SUBS, st.sampled_from(["approved", "rejected"])),
    st.tuples(st.just("game_question"), IDS, WORDS, CATS, st.integers(1, 5)),
    st.tuples(st.just("game_delete"), IDS),
    st.tuples(st.just("game_submission"), SUBS, WORDS, st.booleans(), st.integers(1, 10**6)),
    st.tuples(st.just("game_review"), SUBS, st.sampled_from(["approved", "rejected"])),
    st.tuples(st.just("game_player"), st.sampled_from(["u1", "u2"]), st.integers(0, 9)),
    st.tuples(st.just("sync")),
)


def snapshot():
    return (
        sorted(
            IndexedQuestion.objects.values_list(
                "qid",
                "question",
                "title",
                "passage",
                "answer",
                "difficulty",
                "created_at",
                "source",
                "original_author",
                "search_text",
            )
        ),
        sorted(QuestionCategory.objects.values_list("question__qid", "category", "difficulty")),
        sorted(
            IndexedSubmission.objects.values_list(
                "sid",
                "question",
                "answer",
                "categories_key",
                "difficulty",
                "status",
                "submitted_at",
                "author",
                "reviewed_at",
                "search_text",
            )
        ),
        sorted(
            IndexedPlayer.objects.values_list(
                "user_id", "last_active", "current_streak", "best_streak", "days_played"
            )
        ),
        sorted(IndexedQuestion.objects.values_list("qid", "categories")),
    )


def run(op) -> None:
    kind = op[0]
    if kind == "admin_upsert":
        _, qid, word, cats, difficulty = op
        upsert_questions(
            [
                Question(
                    id=qid,
                    question=f"Is {word} {qid}?",
                    title=word,
                    categories=cats,
                    difficulty=difficulty,
                )
            ]
        )
    elif kind == "admin_review":
        _, sid, status = op
        Transaction().update(
            "submission",
            tables.name(tables.SUBMISSIONS),
            {"id": sid},
            "SET #s = :s, reviewed_at = :t",
            names={"#s": "status"},
            values={":s": status, ":t": 99},
            condition="attribute_exists(id)",
        ).execute()
    elif kind == "game_question":
        _, qid, word, cats, difficulty = op
        game.question(
            qid,
            f"Does {word} rule?",
            passage=f"{word} passage",
            categories=cats,
            difficulty=difficulty,
        )
    elif kind == "game_delete":
        game.delete(tables.QUESTIONS, {"id": op[1]})
    elif kind == "game_submission":
        _, sid, word, documented, at = op
        (game.documented_submission if documented else game.game_submission)(
            sid, f"Is {word} a place?", author="u1", at=at
        )
    elif kind == "game_review":
        game.review(op[1], op[2], at=123)
    elif kind == "game_player":
        _, user_id, streak = op
        game.put(
            tables.USERS,
            {
                "user_id": user_id,
                "last_active": "2026-11-30T10:00:00Z",
                "current_daily_streak": streak,
                "best_daily_streak": streak,
                "daily_progress": {
                    "2026-11-29": {"answers": [{"question_id": "q1", "is_correct": True}]}
                },
            },
        )
    elif kind == "sync":
        sync.sync_once()


@pytest.mark.parametrize("mode", ["streams", "scans"])
def test_index_after_sync_equals_a_rebuild(game_tables, mode):
    if mode == "streams":
        call_command("enable_streams")
    rebuild()

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(OPS, min_size=1, max_size=10))
    def interleaving(ops):
        for op in ops:
            try:
                run(op)
            except Exception as exc:  # a review of a submission that isn't there: refused
                if type(exc).__name__ != "TransactionCancelled":
                    raise
        sync.sync_once()
        synced = snapshot()
        rebuild()
        assert synced == snapshot()

    interleaving()
