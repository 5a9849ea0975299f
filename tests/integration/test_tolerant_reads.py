"""Items in every shape GAME.md describes are read into typed objects without failing."""

import datetime as dt
from decimal import Decimal

from tests.support import game_writes
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import client, players, questions, submissions, tables
from truthbyte_admin.data.serialization import to_item


def put(kind, item):
    client.call("put_item", TableName=tables.name(kind), Item=to_item(item))


def test_questions_with_categories_tags_missing_fields_and_decimals(game_tables):
    put(
        tables.QUESTIONS,
        {
            "id": "a",
            "question": "Q?",
            "answer": True,
            "categories": ["science", "general"],
            "difficulty": Decimal(4),
        },
    )
    put(tables.QUESTIONS, {"id": "b", "question": "Q?", "answer": False, "tags": ["old", "tag"]})
    put(tables.QUESTIONS, {"id": "c"})
    put(
        tables.QUESTIONS,
        {
            "id": "d",
            "question": "Q?",
            "answer": "true",
            "difficulty": "9",
            "categories": "history",
            "created_at": Decimal("1732500000"),
            "source": "user_submission",
            "original_author": "u-1",
        },
    )
    found = questions.get_many(["a", "b", "c", "d", "missing"])
    assert set(found) == {"a", "b", "c", "d"}
    assert found["a"].categories == ["science", "general"]
    assert found["a"].difficulty == 4
    assert found["b"].categories == ["old", "tag"]
    assert found["b"].categories_from_tags
    assert found["b"].answer is False
    assert found["b"].difficulty == 3
    assert found["c"].question == ""
    assert found["c"].categories == []
    assert found["d"].answer is True
    assert found["d"].difficulty == 3
    assert found["d"].categories == ["history"]
    assert found["d"].created == dt.datetime(2024, 11, 25, 2, 0, tzinfo=dt.UTC)
    assert found["d"].source == "user_submission"


def test_submissions_in_both_shapes(game_tables):
    put(
        tables.SUBMISSIONS,
        {
            "id": "q_0000aaaa",
            "question": "Game shape?",
            "title": "t",
            "passage": "p",
            "answer": False,
            "categories": ["science"],
            "difficulty": 3,
            "status": "pending",
            "submitted_at": 1732500000,
            "author": "u-1",
            "accepted": False,
        },
    )
    put(
        tables.SUBMISSIONS,
        {
            "id": "doc-1",
            "question": "Documented shape?",
            "suggested_answer": True,
            "tags": ["history"],
            "submitter_id": "u-2",
            "status": "pending",
            "created_at": "2024-11-25T02:00:00Z",
        },
    )
    game = submissions.get("q_0000aaaa")
    doc = submissions.get("doc-1")
    assert (game.shape, game.answer, game.categories, game.author) == (
        "game",
        False,
        ["science"],
        "u-1",
    )
    assert (doc.shape, doc.answer, doc.categories, doc.author) == (
        "documented",
        True,
        ["history"],
        "u-2",
    )
    assert doc.submitted_at == 1732500000


def test_users_with_both_day_shapes_and_messy_values(game_tables):
    put(
        tables.USERS,
        {
            "user_id": "u-1",
            "trust_score": Decimal("0.8"),
            "created_at": "2026-01-01T00:00:00Z",
            "last_active": "2026-11-24T08:00:00+00:00",
            "current_daily_streak": Decimal(0),
            "best_daily_streak": "3",
            "daily_progress": {
                "2026-11-23": {
                    "answers": [
                        {
                            "question_id": "a",
                            "answer": True,
                            "timestamp": Decimal(1),
                            "is_correct": True,
                        }
                    ],
                    "completed_at": "2026-11-23T09:00:00Z",
                },
                "2026-11-24": {
                    "completed": True,
                    "score": Decimal(80),
                    "rank": "A",
                    "correct_count": 8,
                    "total_questions": 10,
                    "answers": [],
                    "completed_at": Decimal(1732438800),
                },
                "2026-11-25": {},
                "not-a-date": {"completed": True},
            },
        },
    )
    put(tables.USERS, {"user_id": "u-2", "daily_progress": "oops", "trust_score": "high"})
    user = players.get_user("u-1")
    day_game, day_doc, day_empty = (user.days[dt.date(2026, 11, d)] for d in (23, 24, 25))
    assert day_game.shape == "game"
    assert day_game.played
    assert day_game.score == 100
    assert day_doc.shape == "documented"
    assert day_doc.stored_completed
    assert day_doc.score == 80
    assert not day_empty.played
    assert day_empty.score is None
    assert user.unreadable_days == ["not-a-date"]
    assert user.best_daily_streak == 3
    assert user.trust_score == 0.8
    messy = players.get_user("u-2")
    assert messy.days == {}
    assert messy.trust_score is None


def test_categories_in_either_key_schema(dynamodb):
    tables.create_missing_tables("name", only=[tables.CATEGORIES], wait=False)
    put(tables.CATEGORIES, {"name": "science", "display_name": "Science!", "count": 3})
    put(tables.CATEGORIES, {"name": "odd_one"})
    found = {c.slug: c for c in categories_repo.list_all()}
    assert found["science"].display_name == "Science!"
    assert found["science"].count == 3
    assert found["odd_one"].display_name == "Odd One"
    assert found["odd_one"].count is None


def test_deployed_categories_schema(game_tables):
    put(
        tables.CATEGORIES,
        {
            "category_id": "world_history",
            "name": "World History",
            "question_count": Decimal(12),
            "avg_difficulty": "2.5",
        },
    )
    (category,) = categories_repo.list_all()
    assert (category.slug, category.display_name, category.count) == (
        "world_history",
        "World History",
        12,
    )
    assert category.avg_difficulty == 2.5


def test_answers_and_sessions(game_tables):
    put(
        tables.ANSWERS,
        {
            "user_id": "u-1",
            "question_id": "a",
            "answer": True,
            "timestamp": 1732500000,
            "mode": "daily",
            "date": "2026-11-25",
            "is_correct": True,
            "response_time_ms": Decimal(1500),
        },
    )
    put(tables.ANSWERS, {"user_id": "u-1", "question_id": "b", "answer": False, "timestamp": "bad"})
    put(
        tables.SESSIONS,
        {
            "session_id": "s1",
            "ip_hash": "ab" * 32,
            "created_at": 1732500000,
            "trust_score": Decimal("0.5"),
        },
    )
    page = players.answers_page("u-1")
    assert [a.question_id for a in page.items] == ["a", "b"]
    assert page.items[0].response_time_ms == 1500
    assert page.items[1].timestamp is None
    (session,) = game_writes.sessions_for_ip_hash("ab" * 32)
    assert session.trust_score == 0.5
