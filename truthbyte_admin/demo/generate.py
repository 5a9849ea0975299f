"""The demo world, generated from a seed: pure functions, no I/O.

Each part (questions, players, submissions, sessions) draws from its own RNG stream derived from
the seed, so changing one size doesn't reshuffle the others, and the same options always give
the same items. Nothing here reads the clock: every date hangs off ``options.today``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field, replace

from ..data.models import Question
from ..domain.categories import normalise_categories
from . import facts, special
from .hostile import HOSTILE_SUBMISSIONS
from .options import ONE_DAY, DemoOptions, epoch, make_uuid, no_later_than_now
from .players import PlayerFactory, predicted_daily_pool, regular_player_ids
from .questions import FALLBACK, TEMPLATES, Draft

__all__ = ["DemoOptions", "DemoWorld", "add_players", "build_content", "build_world"]
LONG_PASSAGE_RATE = 0.01
TAG_ONLY_RATE = 0.02
REVIEWERS = ("moderator-mona", "moderator-omar", "admin-ada")


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
                    "created_at": rng.randint(low, no_later_than_now(options.today, 23 * 3600)),
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
    now = no_later_than_now(options.today, 12 * 3600)
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
