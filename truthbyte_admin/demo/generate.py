"""The demo world, generated from a seed: pure functions, no I/O.

Each part (questions, players, submissions, sessions) draws from its own RNG stream derived from
the seed, so changing one size doesn't reshuffle the others, and the same options always give
the same items. Nothing here reads the clock: every date hangs off ``options.today``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass, field, replace

from ..data.models import Question
from ..domain.categories import normalise_categories
from ..domain.daily_set import POOL_SCAN_LIMIT, POOL_TARGET, select_daily_set
from ..domain.ranks import rank_for_score
from . import facts, special
from .hostile import HOSTILE_SUBMISSIONS
from .questions import FALLBACK, TEMPLATES, Draft

ONE_DAY = dt.timedelta(days=1)
LONG_PASSAGE_RATE = 0.01
TAG_ONLY_RATE = 0.02
TRIMMED_AFTER_DAYS = 180  # the year player's documented days older than this have no answers
REVIEWERS = ("moderator-mona", "moderator-omar", "admin-ada")


@dataclass(frozen=True)
class DemoOptions:
    questions: int = 3000
    players: int = 500
    submissions: int = 220  # pending ones; approved and rejected come on top (10 % each)
    days: int = 120
    seed: int = 42
    today: dt.date = dt.date(2026, 1, 15)
    answer_days: int = 14  # answers table: each player's last N played days ...
    max_answers: int = 100_000  # ... fewer when players x N x 10 would exceed this

    def scaled(self, factor: float) -> DemoOptions:
        """Sizes multiplied by ``factor`` (days and the answers budget stay as they are)."""
        return replace(
            self,
            questions=max(1, round(self.questions * factor)),
            players=max(1, round(self.players * factor)),
            submissions=max(1, round(self.submissions * factor)),
        )


@dataclass(frozen=True)
class CategoryMeta:
    slug: str
    display_name: str
    description: str

    def to_item(self, key_attr: str) -> dict:
        """The item in the schema the table uses (GAME.md: deployed or documented)."""
        if key_attr == "name":
            return {
                "name": self.slug,
                "display_name": self.display_name,
                "description": self.description,
            }
        return {
            "category_id": self.slug,
            "name": self.display_name,
            "description": self.description,
        }


@dataclass
class DemoWorld:
    options: DemoOptions
    categories: list[CategoryMeta]
    questions: list[Question]  # the fact questions, then those approved from submissions
    tag_only_ids: frozenset[str]  # older items stored with `tags` instead of `categories`
    users: list[dict]
    answers: list[dict]
    sessions: list[dict]
    submissions: list[dict]
    daily_sets: dict[dt.date, list[str]] = field(default_factory=dict, repr=False)

    def legacy_question_items(self) -> list[dict]:
        """Tag-only questions as an older game export stored them: `tags` (without `general`),
        no `categories`, no version. Their index items are still tags + general."""
        items = []
        for question in self.questions:
            if question.id in self.tag_only_ids:
                item = question.to_item()
                item.pop("version", None)
                item["tags"] = [c for c in item.pop("categories") if c != "general"]
                items.append(item)
        return items


def build_world(options: DemoOptions, *, daily_pool: list[Question] | None = None) -> DemoWorld:
    """The whole world. ``daily_pool`` is the game's pool as the tables will return it (its
    scan order is the endpoint's own); by default the order of :func:`predicted_daily_pool`."""
    content = build_content(options)
    if daily_pool is None:
        daily_pool = predicted_daily_pool(content.questions)
    return add_players(content, daily_pool)


def build_content(options: DemoOptions) -> DemoWorld:
    """Categories, questions and submissions: everything the players' days are built on."""
    questions, tag_only = generate_questions(
        random.Random(f"{options.seed}:questions"), options.questions
    )
    player_ids = regular_player_ids(options)
    authors = random.Random(f"{options.seed}:authors").sample(player_ids, min(40, len(player_ids)))
    submissions, approved = generate_submissions(
        random.Random(f"{options.seed}:submissions"),
        options,
        questions,
        authors,
    )
    return DemoWorld(
        options=options,
        categories=[CategoryMeta(slug, *meta) for slug, meta in facts.CATEGORIES.items()],
        questions=questions + approved,
        tag_only_ids=frozenset(tag_only),
        users=[],
        answers=[],
        sessions=[],
        submissions=submissions,
    )


def add_players(content: DemoWorld, daily_pool: list[Question]) -> DemoWorld:
    """Players, answers and sessions whose daily sets are the game's sets over ``daily_pool``."""
    options = content.options
    players = PlayerFactory(
        random.Random(f"{options.seed}:players"), options, content.questions, daily_pool
    )
    users, answers = players.build(regular_player_ids(options))
    sessions = generate_sessions(random.Random(f"{options.seed}:sessions"), options, users)
    return replace(
        content, users=users, answers=answers, sessions=sessions, daily_sets=players.daily_sets
    )


# --- questions -------------------------------------------------------------------------------


def draw_draft(rng: random.Random, truth: bool | None = None) -> Draft:
    templates, weights = zip(*TEMPLATES, strict=True)
    template = rng.choices(templates, weights)[0]
    return template(rng, rng.random() < 0.5 if truth is None else truth)


def _long_passage(rng: random.Random, draft: Draft) -> str:
    """A passage of 600-1,500 characters, like the longest real ones: the fact plus related ones."""
    target = rng.randint(600, 1500)
    text = draft.passage
    while len(text) < target:
        text += " " + draw_draft(rng, truth=True).passage
    cut = text.rfind(". ", 0, 1500)
    return text if len(text) <= 1500 else text[: cut + 1]


def generate_questions(rng: random.Random, count: int) -> tuple[list[Question], set[str]]:
    seen: set[str] = set()
    questions: list[Question] = []
    tag_only: set[str] = set()
    while len(questions) < count:
        truth = rng.random() < 0.5
        draft = draw_draft(rng, truth)
        attempts = 0
        while draft.question in seen:  # finite tables run dry at large sizes: fall back
            attempts += 1
            draft = rng.choice(FALLBACK)(rng, truth) if attempts > 20 else draw_draft(rng, truth)
        seen.add(draft.question)
        passage = _long_passage(rng, draft) if rng.random() < LONG_PASSAGE_RATE else draft.passage
        question = Question(
            id=f"dq{len(questions) + 1:05d}",
            question=draft.question,
            title=draft.title,
            passage=passage,
            answer=draft.answer,
            categories=normalise_categories(draft.categories),
            difficulty=draft.difficulty,
        )
        if rng.random() < TAG_ONLY_RATE:
            tag_only.add(question.id)
        questions.append(question)
    return questions, tag_only


def predicted_daily_pool(questions: list[Question]) -> list[Question]:
    """The game's daily pool (GAME.md step 1) for a scan that returns items ordered by id:
    pages of 500 items read, difficulty 1-4 kept, until 1,000 are collected. A real table's scan
    order is its own, so ``seed_demo`` builds the players on the pool it reads back instead."""
    ordered = sorted(questions, key=lambda q: q.id)
    pool: list[Question] = []
    for start in range(0, len(ordered), POOL_SCAN_LIMIT):
        pool += [q for q in ordered[start : start + POOL_SCAN_LIMIT] if 1 <= q.difficulty <= 4]
        if len(pool) >= POOL_TARGET:
            break
    return pool


# --- time helpers ------------------------------------------------------------------------------


def epoch(day: dt.date, seconds: int = 0) -> int:
    return calendar.timegm(day.timetuple()) + seconds


def iso(seconds: int) -> str:
    """ISO-8601 as the game writes it (Python's naive UTC isoformat)."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(tzinfo=None).isoformat()


def make_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# --- players -----------------------------------------------------------------------------------

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
        self.by_id = {q.id: q for q in questions}
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
        moment = epoch(day, rng.randint(6 * 3600, 23 * 3600))
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


# --- sessions ----------------------------------------------------------------------------------


def ip_hash(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def generate_sessions(rng: random.Random, options: DemoOptions, users: list[dict]) -> list[dict]:
    shared = [special.SHARED_IP_HASH] + [ip_hash(f"198.51.100.{n}") for n in range(1, 6)]
    sharing = {special.SEVEN_DAY_PLAYER, special.MESSY_PLAYER, special.PROLIFIC_AUTHOR}
    sessions = []
    low = epoch(options.today - options.days * ONE_DAY)
    for user in users:
        user_id = user["user_id"]
        own_ip = ip_hash(f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
        if user_id in sharing:
            own_ip = special.SHARED_IP_HASH
        elif rng.random() < 0.04:
            own_ip = rng.choice(shared)
        trust = user["trust_score"]
        for _ in range(rng.randint(1, 3)):
            sessions.append(
                {
                    "session_id": make_uuid(rng),
                    "ip_hash": own_ip,
                    "created_at": rng.randint(low, epoch(options.today, 23 * 3600)),
                    "trust_score": trust if isinstance(trust, float) else 0.5,
                }
            )
    return sessions


# --- submissions -------------------------------------------------------------------------------


def generate_submissions(
    rng: random.Random, options: DemoOptions, questions: list[Question], authors: list[str]
) -> tuple[list[dict], list[Question]]:
    """Pending submissions in both shapes (hostile ones first), then approved and rejected ones
    as the game's approve function leaves them; returns (items, questions created on approval)."""
    authors = authors or [special.PROLIFIC_AUTHOR]
    now = epoch(options.today, 12 * 3600)
    used_ids: set[str] = set()

    def new_id() -> str:
        while True:
            candidate = f"q_{rng.getrandbits(32):08x}"
            if candidate not in used_ids and candidate != special.XSS_SUBMISSION_ID:
                used_ids.add(candidate)
                return candidate

    def author() -> str:
        return special.PROLIFIC_AUTHOR if rng.random() < 0.08 else rng.choice(authors)

    items: list[dict] = []
    for n in range(options.submissions):
        submitted = now - rng.randint(0, 30 * 86400)
        if n < len(HOSTILE_SUBMISSIONS):
            fields = dict(HOSTILE_SUBMISSIONS[n])
        else:
            fields = _player_text(rng, questions)
        sub_id = special.XSS_SUBMISSION_ID if n == 0 else new_id()
        shape = "game" if n == 0 or rng.random() < 0.7 else "documented"
        items.append(_submission_item(sub_id, fields, shape, author(), submitted))
    approved_questions: list[Question] = []
    reviewed = max(1, options.submissions // 10)
    for n in range(2 * reviewed):
        submitted = now - rng.randint(2 * 86400, 30 * 86400)
        reviewed_at = submitted + rng.randint(600, 2 * 86400)
        sub_author = author()
        approve = n < reviewed
        fields = (
            _player_text(rng, questions, clean=True)
            if approve
            else (
                dict(rng.choice(HOSTILE_SUBMISSIONS))
                if n % 3 == 0
                else _player_text(rng, questions)
            )
        )
        item = _submission_item(new_id(), fields, "game", sub_author, submitted)
        item.update(
            status="approved" if approve else "rejected",
            accepted=approve,
            reviewed_at=reviewed_at,
            reviewer_id=rng.choice(REVIEWERS),
        )
        if not approve or rng.random() < 0.5:
            item["reviewer_notes"] = (
                "Looks good, thanks!"
                if approve
                else rng.choice(
                    (
                        "Duplicate of an existing question.",
                        "Not a true/false question.",
                        "Spam <b>bold</b> text.",
                        "Passage doesn't support the answer.",
                    )
                )
            )
        items.append(item)
        if approve:
            approved_questions.append(
                Question(
                    id=f"q_{rng.getrandbits(48):012x}",
                    question=item["question"],
                    title=item["title"],
                    passage=item["passage"],
                    answer=item["answer"],
                    categories=normalise_categories(item["categories"]),
                    difficulty=item["difficulty"],
                    created_at=reviewed_at,
                    source="user_submission",
                    original_author=sub_author,
                )
            )
    return items, approved_questions


def _player_text(rng: random.Random, questions: list[Question], *, clean: bool = False) -> dict:
    """What a player types: a fact statement, sometimes sloppy, sometimes a near-duplicate."""
    if not clean and rng.random() < 0.1:
        original = rng.choice(questions)
        return {
            "question": original.question.rstrip("?") + " ?",
            "title": original.title,
            "passage": original.passage,
            "answer": original.answer,
            "categories": [c for c in original.categories if c != "general"][:1],
            "difficulty": 3,
        }
    draft = draw_draft(rng, truth=True if clean else None)
    question = draft.question
    if not clean and rng.random() < 0.2:
        question = question.lower()
    return {
        "question": question,
        "title": draft.title if clean or rng.random() < 0.85 else "",
        "passage": draft.passage,
        "answer": draft.answer,
        "categories": list(draft.categories),
        "difficulty": 3 if rng.random() < 0.6 else draft.difficulty,
    }


def _submission_item(sub_id: str, fields: dict, shape: str, author: str, submitted: int) -> dict:
    if shape == "game":
        return {
            "id": sub_id,
            "question": fields["question"],
            "title": fields["title"],
            "passage": fields["passage"],
            "answer": fields["answer"],
            "categories": list(fields["categories"]),
            "difficulty": fields["difficulty"],
            "status": "pending",
            "submitted_at": submitted,
            "author": author,
            "accepted": False,
        }
    return {
        "id": sub_id,
        "question": fields["question"],
        "title": fields["title"],
        "passage": fields["passage"],
        "suggested_answer": fields["answer"],
        "tags": list(fields["categories"]),
        "difficulty": fields["difficulty"],
        "status": "pending",
        "created_at": submitted,
        "submitter_id": author,
    }
