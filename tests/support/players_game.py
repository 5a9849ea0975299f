"""Write players exactly as the live game does (GAME.md), for player-support tests and benches.

`submit_daily` follows the game's submit flow: it stores the day in the game's own shape
(answers + ISO completed_at, no `completed`), recounts the streak from that date counting only
days marked `completed: true`, stores that as current_daily_streak and max(best, it) as best,
and writes one answers item per question (mode "daily").
"""

from __future__ import annotations

import datetime as dt
import uuid

from truthbyte_admin.data import client, tables
from truthbyte_admin.data.serialization import from_item, to_attr, to_item


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def put_user(item: dict) -> None:
    client.call("put_item", TableName=tables.name(tables.USERS), Item=to_item(item))


def put_question(question_id: str, text: str, answer: bool, difficulty: int = 2) -> None:
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTIONS),
        Item=to_item(
            {
                "id": question_id,
                "question": text,
                "title": "T",
                "passage": "P",
                "answer": answer,
                "categories": ["general"],
                "difficulty": difficulty,
            }
        ),
    )


def new_player(*, created: dt.datetime | None = None, trust: float = 0.8) -> str:
    user_id = str(uuid.uuid4())
    created = created or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    put_user(
        {
            "user_id": user_id,
            "trust_score": trust,
            "created_at": iso(created),
            "last_active": iso(created),
            "daily_progress": {},
            "current_daily_streak": 0,
            "best_daily_streak": 0,
        }
    )
    return user_id


def _game_count_back(progress: dict, on: dt.date) -> int:
    """The game's recount: consecutive days back from `on` whose record has completed: true."""
    count, day = 0, on
    while (
        isinstance(progress.get(day.isoformat()), dict)
        and progress[day.isoformat()].get("completed") is True
    ):
        count += 1
        day -= dt.timedelta(days=1)
    return count


def submit_daily(
    user_id: str,
    on: dt.date,
    answers: list[tuple[str, bool, bool]],
    *,
    at: dt.datetime | None = None,
) -> None:
    """The game's daily submission: answers are (question_id, answer, is_correct)."""
    at = at or dt.datetime.combine(on, dt.time(12, 0), tzinfo=dt.UTC)
    response = client.call(
        "get_item", TableName=tables.name(tables.USERS), Key={"user_id": to_attr(user_id)}
    )
    user = from_item(response.get("Item"))
    progress = user.get("daily_progress") if isinstance(user.get("daily_progress"), dict) else {}
    progress[on.isoformat()] = {
        "answers": [
            {
                "question_id": qid,
                "answer": given,
                "timestamp": int(at.timestamp()) - 60 + i,
                "is_correct": correct,
            }
            for i, (qid, given, correct) in enumerate(answers)
        ],
        "completed_at": iso(at),
    }
    streak = _game_count_back(progress, on)
    best = max(int(user.get("best_daily_streak") or 0), streak)
    user.update(
        {
            "daily_progress": progress,
            "current_daily_streak": streak,
            "best_daily_streak": best,
            "last_active": iso(at),
            "user_id": user_id,
        }
    )
    put_user(user)
    for i, (qid, given, correct) in enumerate(answers):
        client.call(
            "put_item",
            TableName=tables.name(tables.ANSWERS),
            Item=to_item(
                {
                    "user_id": user_id,
                    "question_id": qid,
                    "answer": given,
                    "timestamp": int(at.timestamp()) - 60 + i,
                    "mode": "daily",
                    "date": on.isoformat(),
                    "is_correct": correct,
                }
            ),
        )


def documented_day(score: int, *, completed_at: dt.datetime, total: int = 10) -> dict:
    """A day in the documented shape (epoch completed_at, stored score and rank)."""
    from truthbyte_admin.domain.ranks import rank_for_score

    return {
        "completed": True,
        "score": score,
        "rank": rank_for_score(score),
        "correct_count": round(score * total / 100),
        "total_questions": total,
        "answers": [],
        "completed_at": int(completed_at.timestamp()),
    }


def player_counted_whatever_the_score(scores: list[int], *, stored_streak: int) -> str:
    """A new player whose documented days end yesterday (UTC), one per score, every one marked
    complete, with both stored streaks ``stored_streak``: as the game stores them when it counts
    days whatever their score. Returns the player's id."""
    from truthbyte_admin.data import players

    today = dt.datetime.now(dt.UTC).date()
    user_id = new_player()
    item = players.get_user_raw(user_id)
    days = [today - dt.timedelta(days=len(scores) - n) for n in range(len(scores))]
    item["daily_progress"] = {
        day.isoformat(): documented_day(
            score, completed_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        )
        for day, score in zip(days, scores, strict=True)
    }
    item["current_daily_streak"] = item["best_daily_streak"] = stored_streak
    put_user(item)
    return user_id
