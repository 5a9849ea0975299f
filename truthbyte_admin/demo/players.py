"""The demo world's players: day-by-day histories played on the game's real daily sets, the
streaks the game really stores, their answers (pure functions, no I/O)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..data.models import Question
from ..domain.daily_set import POOL_SCAN_LIMIT, daily_pool, select_daily_set
from ..domain.ranks import rank_for_score
from . import special
from .options import ONE_DAY, DemoOptions, epoch, iso, make_uuid, no_later_than_now

TRIMMED_AFTER_DAYS = 180  # the year player's documented days older than this have no answers


def predicted_daily_pool(questions: list[Question]) -> list[Question]:
    """The game's daily pool (GAME.md step 1, :func:`daily_pool`) for a scan that returns
    items ordered by id, in pages of the game's scan limit. A real table's scan order is its
    own, so ``seed_demo`` builds the players on the pool it reads back instead."""
    ordered = sorted(questions, key=lambda q: q.id)
    pages = (
        ordered[start : start + POOL_SCAN_LIMIT]
        for start in range(0, len(ordered), POOL_SCAN_LIMIT)
    )
    return daily_pool(pages)


SPECIAL_COUNT = 6


def regular_player_ids(options: DemoOptions) -> list[str]:
    """The ordinary players' ids (the special players make up the rest of ``options.players``)."""
    rng = random.Random(f"{options.seed}:player-ids")
    return [make_uuid(rng) for _ in range(max(0, options.players - SPECIAL_COUNT))]


def game_stored_streaks(progress: dict) -> tuple[int, int]:
    """(current, best) as the game stores them after replaying every submission in date order:
    at each one it counts consecutive days back whose record has `completed: true`."""
    dates = sorted(dt.date.fromisoformat(k) for k in progress)
    completed = {
        d
        for d in dates
        if isinstance(progress[d.isoformat()], dict)
        and progress[d.isoformat()].get("completed") is True
    }
    current = best = 0
    for day in dates:
        current, back = 0, day
        while back in completed:
            current += 1
            back -= ONE_DAY
        best = max(best, current)
    return current, best


def _play_window(day: dt.date) -> tuple[int, int]:
    """Seconds after midnight (UTC) a day's play starts between: 06:00–23:00, but today only
    up to a quarter of an hour ago, so no demo player looks "active in the future" (the support
    page flags that as odd data)."""
    latest = no_later_than_now(day, 23 * 3600) - epoch(day)
    return min(6 * 3600, latest), latest


@dataclass
class PlayedDay:
    day: dt.date
    answers: list[dict]  # {question_id, answer, timestamp, is_correct}
    response_ms: list[int]
    completed_at: int

    @property
    def correct(self) -> int:
        return sum(1 for a in self.answers if a["is_correct"])

    def record(self, shape: str) -> dict:
        if shape == "game":
            return {"answers": self.answers, "completed_at": iso(self.completed_at)}
        score = round(self.correct * 100 / len(self.answers))
        return {
            "completed": True,
            "score": score,
            "rank": rank_for_score(score),
            "correct_count": self.correct,
            "total_questions": len(self.answers),
            "answers": self.answers,
            "completed_at": self.completed_at,
        }


class PlayerFactory:
    """Players with day-by-day histories built on the real daily sets of the generated pool."""

    def __init__(
        self,
        rng: random.Random,
        options: DemoOptions,
        questions: list[Question],
        pool: list[Question],
    ):
        self.rng = rng
        self.options = options
        # The pool is what the tables hold, which may be more than the demo's own questions
        # (a file imported before a re-seed): the players answer whatever the game serves.
        self.by_id = {q.id: q for q in (*pool, *questions)}
        self.pool = pool
        self.daily_sets: dict[dt.date, list[str]] = {}
        self.answer_days = min(
            options.answer_days, max(1, options.max_answers // max(1, options.players * 10))
        )

    # one day ------------------------------------------------------------------------------
    def daily_set(self, day: dt.date) -> list[str]:
        if day not in self.daily_sets:
            self.daily_sets[day] = [q.id for q in select_daily_set(self.pool, day)]
        return self.daily_sets[day]

    def play(self, day: dt.date, skill: float, min_correct: int = 0) -> PlayedDay | None:
        ids = self.daily_set(day)
        if not ids:
            return None
        rng = self.rng
        moment = epoch(day, rng.randint(*_play_window(day)))
        answers, times = [], []
        for question_id in ids:
            question = self.by_id[question_id]
            correct = rng.random() < skill - 0.06 * (question.difficulty - 3)
            gap = rng.randint(3, 25)
            moment += gap
            times.append(gap * 1000 - rng.randint(0, 999))
            answers.append(
                {
                    "question_id": question_id,
                    "answer": question.answer if correct else not question.answer,
                    "timestamp": moment,
                    "is_correct": correct,
                }
            )
        for answer in answers:  # a guaranteed good day (the special players)
            if sum(a["is_correct"] for a in answers) >= min_correct:
                break
            if not answer["is_correct"]:
                answer["is_correct"] = True
                answer["answer"] = self.by_id[answer["question_id"]].answer
        return PlayedDay(day, answers, times, moment + rng.randint(1, 6))

    # one player ---------------------------------------------------------------------------
    def play_dates(self, span: int, end: dt.date, stay: float, come_back: float) -> list[dt.date]:
        dates, playing = [], True
        for offset in range(span - 1, -1, -1):
            if playing:
                dates.append(end - offset * ONE_DAY)
            playing = self.rng.random() < (stay if playing else come_back)
        return dates

    def player(
        self, user_id: str, days: list[PlayedDay], shapes: list[str], *, trust: float | None = None
    ) -> tuple[dict, list[PlayedDay]]:
        rng = self.rng
        progress = {
            d.day.isoformat(): d.record(shape) for d, shape in zip(days, shapes, strict=True)
        }
        current, best = game_stored_streaks(progress)
        first = days[0].day if days else self.options.today - rng.randint(0, 60) * ONE_DAY
        created = epoch(first, rng.randint(0, 6 * 3600)) - rng.randint(0, 3) * 86400
        if days:  # the account existed before its first daily challenge was played
            created = min(created, days[0].completed_at - 3600)
        last = days[-1].completed_at if days else created + rng.randint(60, 3600)
        item = {
            "user_id": user_id,
            "trust_score": round(rng.random() if trust is None else trust, 2),
            "created_at": iso(created),
            "last_active": iso(last),
            "daily_progress": progress,
            "current_daily_streak": current,
            "best_daily_streak": best,
        }
        return item, days

    def regular(self, user_id: str) -> tuple[dict, list[PlayedDay]]:
        rng, options = self.rng, self.options
        if rng.random() < 0.05:  # signed up, never finished a daily
            return self.player(user_id, [], [])
        # Most players are casual (short histories); one in ten has played the whole window.
        casual = 1 + int((options.days - 1) * rng.random() ** 3)
        span = options.days if rng.random() < 0.1 else casual
        churned = 0 if rng.random() < 0.7 else rng.randint(1, min(30, options.days))
        end = options.today - churned * ONE_DAY
        stay, come_back = rng.uniform(0.6, 0.97), rng.uniform(0.2, 0.6)
        dates = self.play_dates(span, end, stay=stay, come_back=come_back)
        skill = rng.uniform(0.45, 0.97)
        days = [d for d in (self.play(day, skill) for day in dates) if d]
        style = rng.random()
        if style < 0.6:
            shapes = ["game"] * len(days)
        elif style < 0.9:
            shapes = ["documented"] * len(days)
        else:  # documented records from an older client, then the game's own
            switch = rng.randint(0, len(days))
            shapes = ["documented"] * switch + ["game"] * (len(days) - switch)
        return self.player(user_id, days, shapes)

    # the special players ------------------------------------------------------------------
    def seven_day(self) -> tuple[dict, list[PlayedDay]]:
        today = self.options.today
        days = [self.play(today - n * ONE_DAY, 0.9, min_correct=7) for n in range(6, -1, -1)]
        days = [d for d in days if d]
        return self.player(special.SEVEN_DAY_PLAYER, days, ["game"] * len(days), trust=0.92)

    def year(self) -> tuple[dict, list[PlayedDay]]:
        today = self.options.today
        dates = self.play_dates(365, today, stay=0.93, come_back=0.7)
        days = [d for d in (self.play(day, 0.78) for day in dates) if d]
        shapes = ["documented" if (today - d.day).days >= 60 else "game" for d in days]
        item, days = self.player(special.YEAR_PLAYER, days, shapes, trust=0.85)
        for key, record in item["daily_progress"].items():
            # An older client kept only the summary: keeps the item far below 400 KB.
            if (today - dt.date.fromisoformat(key)).days >= TRIMMED_AFTER_DAYS:
                record["answers"] = []
        return item, days

    def documented_streak(self) -> tuple[dict, list[PlayedDay]]:
        today = self.options.today
        dates = [today - n * ONE_DAY for n in range(20, 5, -1) if n not in (12, 13)]
        dates += [today - n * ONE_DAY for n in range(4, -1, -1)]  # gap at today-5, then 5 days
        days = [d for d in (self.play(day, 0.8) for day in dates) if d]
        return self.player(
            special.DOCUMENTED_STREAK_PLAYER, days, ["documented"] * len(days), trust=0.7
        )

    def prolific_author(self) -> tuple[dict, list[PlayedDay]]:
        dates = self.play_dates(30, self.options.today, stay=0.8, come_back=0.5)
        days = [d for d in (self.play(day, 0.7) for day in dates) if d]
        return self.player(special.PROLIFIC_AUTHOR, days, ["game"] * len(days), trust=0.55)

    def no_progress(self) -> dict:
        created = epoch(self.options.today - 3 * ONE_DAY, 9 * 3600)
        return {
            "user_id": special.NO_PROGRESS_PLAYER,
            "trust_score": 0.5,
            "created_at": iso(created),
            "last_active": iso(created + 120),
        }

    def messy(self) -> tuple[dict, list[PlayedDay]]:
        """Every oddity the admin must survive: strings for numbers, odd keys and records."""
        today = self.options.today
        good = [d for d in (self.play(today - n * ONE_DAY, 0.7) for n in (1, 4, 6)) if d]
        progress: dict = {d.day.isoformat(): d.record("game") for d in good[:1]}
        if len(good) > 1:
            record = good[1].record("documented")
            record.update(
                score=str(record["score"]),
                completed="true",
                completed_at=str(record["completed_at"]),
            )
            progress[good[1].day.isoformat()] = record
        if len(good) > 2:
            record = good[2].record("documented")
            record.update(score=140, rank="S+", total_questions="10")
            progress[good[2].day.isoformat()] = record
        progress[(today - 2 * ONE_DAY).isoformat()] = {}  # an empty map day
        progress[(today - 3 * ONE_DAY).isoformat()] = {
            "answers": "none",
            "completed_at": "sometime yesterday",
        }
        progress["2025-13-45"] = {"answers": [], "completed_at": "2025-13-45T10:00:00"}
        progress["yesterday"] = {"completed": True, "score": 80}
        created = epoch(today - 10 * ONE_DAY, 8 * 3600)
        item = {
            "user_id": special.MESSY_PLAYER,
            "trust_score": "0.8",
            "created_at": iso(created) + "Z",
            "last_active": created + 9 * 86400,  # epoch where ISO belongs
            "daily_progress": progress,
            "current_daily_streak": "2",
            "best_daily_streak": "three",
        }
        return item, good

    # everyone ----------------------------------------------------------------------------
    def build(self, regular_ids: list[str]) -> tuple[list[dict], list[dict]]:
        users: list[dict] = []
        answers: dict[tuple[str, str], dict] = {}
        specials = [
            self.seven_day(),
            self.year(),
            self.documented_streak(),
            self.prolific_author(),
            self.messy(),
        ]
        for item, days in specials:
            users.append(item)
            self._answers(answers, item["user_id"], days)  # full history
        users.append(self.no_progress())
        for user_id in regular_ids:
            item, days = self.regular(user_id)
            users.append(item)
            self._answers(answers, item["user_id"], days[-self.answer_days :])
        return users, list(answers.values())

    def _answers(self, into: dict, user_id: str, days: list[PlayedDay]) -> None:
        for played in days:  # oldest first: answering again overwrites, as in the game
            for answer, response_ms in zip(played.answers, played.response_ms, strict=True):
                into[(user_id, answer["question_id"])] = {
                    "user_id": user_id,
                    **answer,
                    "mode": "daily",
                    "date": played.day.isoformat(),
                    "response_time_ms": response_ms,
                }
