"""The demo world generator: pure, deterministic, and shaped like the game's real data."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections import Counter

import pytest

from truthbyte_admin.data.models import Question, Submission, User
from truthbyte_admin.demo import special
from truthbyte_admin.demo.facts import CATEGORIES
from truthbyte_admin.demo.generate import DemoOptions, build_world, generate_questions
from truthbyte_admin.demo.players import game_stored_streaks, predicted_daily_pool
from truthbyte_admin.domain.daily_set import select_daily_set
from truthbyte_admin.domain.streaks import documented_streaks, game_streak

TODAY = dt.date(2026, 1, 15)
SMALL = DemoOptions(questions=300, players=60, submissions=40, days=60, seed=7, today=TODAY)


@pytest.fixture(scope="module")
def world():
    return build_world(SMALL)


@pytest.fixture(scope="module")
def default_questions():
    questions, tag_only = generate_questions(random.Random("42:questions"), 3000)
    return questions, tag_only


def _snapshot(w):
    return (
        [q.to_item() for q in w.questions],
        sorted(w.tag_only_ids),
        w.users,
        w.answers,
        w.sessions,
        w.submissions,
    )


def _non_ascii(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


# --- determinism and sizes -------------------------------------------------------------------


def test_same_options_give_the_same_world(world):
    assert _snapshot(build_world(SMALL)) == _snapshot(world)


def test_another_seed_or_today_gives_another_world(world):
    other_seed = build_world(DemoOptions(**{**SMALL.__dict__, "seed": 8}))
    assert [q.question for q in other_seed.questions] != [q.question for q in world.questions]
    other_day = build_world(DemoOptions(**{**SMALL.__dict__, "today": TODAY + dt.timedelta(1)}))
    assert other_day.users != world.users


def test_sizes_follow_the_options(world):
    reviewed = SMALL.submissions // 10
    assert len(world.users) == SMALL.players
    assert len({u["user_id"] for u in world.users}) == SMALL.players
    assert len(world.questions) == SMALL.questions + reviewed  # + approved submissions
    assert len({q.id for q in world.questions}) == len(world.questions)
    statuses = Counter(s["status"] for s in world.submissions)
    assert statuses == {"pending": SMALL.submissions, "approved": reviewed, "rejected": reviewed}
    assert len({s["id"] for s in world.submissions}) == len(world.submissions)


def test_scale_multiplies_every_count():
    scaled = DemoOptions().scaled(10)
    assert (scaled.questions, scaled.players, scaled.submissions) == (30_000, 5_000, 2_200)
    assert scaled.days == DemoOptions().days


# --- questions -------------------------------------------------------------------------------


def test_default_questions_cover_categories_difficulties_and_both_answers(default_questions):
    questions, tag_only = default_questions
    assert len(questions) == 3000
    assert len({q.question for q in questions}) == 3000
    slugs = Counter(c for q in questions for c in q.categories)
    assert slugs["general"] == 3000
    assert len(set(slugs) - {"general"}) >= 12
    assert set(slugs) <= set(CATEGORIES)
    assert {q.difficulty for q in questions} == {1, 2, 3, 4, 5}
    fives = sum(q.difficulty == 5 for q in questions)
    assert 0 < fives < 600  # some, but the daily pool (difficulty 1-4) keeps most
    true_share = sum(q.answer for q in questions) / 3000
    assert 0.4 < true_share < 0.6
    assert 30 <= len(tag_only) <= 120


def test_questions_have_one_or_two_categories_plus_general(default_questions):
    for question in default_questions[0]:
        assert question.categories[-1] == "general"
        assert 1 <= len(question.categories) - 1 <= 2
        assert 10 <= len(question.question) <= 200
        assert 0 < len(question.title) <= 100


def test_passages_mostly_short_some_long_some_non_ascii(default_questions):
    questions = default_questions[0]
    long = [q for q in questions if len(q.passage) > 500]
    assert 5 <= len(long) <= 90  # ~1 %
    assert max(len(q.passage) for q in questions) <= 1500
    non_ascii = sum(_non_ascii(q.question + q.title + q.passage) for q in questions) / 3000
    assert 0.05 <= non_ascii <= 0.2  # ~10 %, like the real data
    assert any("São Tomé" in q.question for q in questions)


def test_false_statements_show_a_wrong_value_the_passage_corrects(default_questions):
    capital = next(
        q
        for q in default_questions[0]
        if q.question.startswith("Is Sydney the capital of Australia")
    )
    assert capital.answer is False
    assert "Canberra is the capital of Australia" in capital.passage


# --- players ---------------------------------------------------------------------------------


def _users(world) -> dict[str, dict]:
    return {u["user_id"]: u for u in world.users}


def test_player_ids_are_uuid4_and_specials_present(world):
    users = _users(world)
    assert set(special.SPECIAL_PLAYERS) <= set(users)
    for user_id in users:
        assert uuid.UUID(user_id).version == 4
    assert "daily_progress" not in users[special.NO_PROGRESS_PLAYER]
    assert "current_daily_streak" not in users[special.NO_PROGRESS_PLAYER]


def test_both_day_shapes_present(world):
    shapes = Counter()
    for item in world.users:
        for day in User.from_item(item).days.values():
            if day.answers:
                shapes[day.shape] += 1
    assert shapes["game"] > 0
    assert shapes["documented"] > 0
    game_day = next(
        v
        for u in world.users
        for v in u.get("daily_progress", {}).values()
        if isinstance(v, dict) and "completed" not in v and v.get("answers")
    )
    assert set(game_day) == {"answers", "completed_at"}
    assert isinstance(game_day["completed_at"], str)
    assert set(game_day["answers"][0]) == {"question_id", "answer", "timestamp", "is_correct"}


def test_stored_streaks_are_what_the_game_would_store(world):
    checked = 0
    for item in world.users:
        if item["user_id"] in (special.MESSY_PLAYER, special.NO_PROGRESS_PLAYER):
            continue
        user = User.from_item(item)
        counts = [game_streak(user.days, day) for day in user.days]  # replay each submission
        assert item["current_daily_streak"] == (counts[-1] if counts else 0), item["user_id"]
        assert item["best_daily_streak"] == max(counts, default=0), item["user_id"]
        checked += 1
    assert checked == len(world.users) - 2
    assert any(u.get("best_daily_streak", 0) > 1 for u in world.users)


def test_game_stored_streaks_replays_submissions():
    progress = {
        "2026-01-01": {"completed": True},
        "2026-01-02": {"completed": True},
        "2026-01-03": {"completed": True},
        "2026-01-05": {"completed": True},
        "2026-01-06": {"answers": [], "completed_at": "2026-01-06T10:00:00"},
    }
    assert game_stored_streaks(progress) == (0, 3)
    del progress["2026-01-06"]
    assert game_stored_streaks(progress) == (1, 3)


def test_streaks_are_kept_and_broken_and_some_days_are_below_70(world):
    below = kept = broken = 0
    for item in world.users:
        user = User.from_item(item)
        below += sum(1 for d in user.days.values() if d.score is not None and d.score < 70)
        dates = sorted(user.days)
        gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
        kept += sum(1 for g in gaps if g == 1)
        broken += sum(1 for g in gaps if g > 1)
    assert below > 0
    assert kept > 0
    assert broken > 0


def test_special_players_have_their_documented_shapes(world):
    users = _users(world)
    seven = User.from_item(users[special.SEVEN_DAY_PLAYER])
    assert sorted(seven.days) == [TODAY - dt.timedelta(n) for n in range(6, -1, -1)]
    assert all(d.shape == "game" and d.score >= 70 for d in seven.days.values())
    assert (seven.current_daily_streak, seven.best_daily_streak) == (0, 0)
    assert documented_streaks(seven.days, TODAY).current == 7

    year = User.from_item(users[special.YEAR_PLAYER])
    assert min(year.days) >= TODAY - dt.timedelta(364)
    assert max(year.days) == TODAY
    assert len(year.days) > 200
    assert year.current_daily_streak == 0
    assert year.best_daily_streak > 1

    documented = User.from_item(users[special.DOCUMENTED_STREAK_PLAYER])
    assert documented.current_daily_streak == 5

    messy_item = users[special.MESSY_PLAYER]
    messy = User.from_item(messy_item)
    assert isinstance(messy_item["trust_score"], str)
    assert isinstance(messy_item["current_daily_streak"], str)
    assert {"2025-13-45", "yesterday"} <= set(messy.unreadable_days)
    assert {} in messy_item["daily_progress"].values()


def test_player_items_stay_well_under_400_kb(world):
    for item in world.users:
        assert len(json.dumps(item, ensure_ascii=False)) < 250_000, item["user_id"]


def test_days_use_the_real_daily_sets_of_the_pool(world):
    pool = predicted_daily_pool(world.questions)
    question_ids = {q.id for q in world.questions}
    for item in world.users:
        for day, record in User.from_item(item).days.items():
            if record.answers:
                ids = [a.question_id for a in record.answers]
                assert set(ids) <= question_ids
                assert ids == [q.id for q in select_daily_set(pool, day)]


def test_answers_one_per_player_and_question_and_bounded(world):
    keys = [(a["user_id"], a["question_id"]) for a in world.answers]
    assert len(keys) == len(set(keys))
    sample = world.answers[0]
    assert set(sample) == {
        "user_id",
        "question_id",
        "answer",
        "timestamp",
        "mode",
        "date",
        "is_correct",
        "response_time_ms",
    }
    assert sample["mode"] == "daily"
    per_user = Counter(a["user_id"] for a in world.answers)
    regular = [u for u in per_user if u not in special.SPECIAL_PLAYERS]
    assert max(per_user[u] for u in regular) <= SMALL.answer_days * 10
    assert per_user[special.YEAR_PLAYER] > SMALL.answer_days * 10  # full history


def test_sessions_some_share_an_ip_hash(world):
    by_hash = Counter(s["ip_hash"] for s in world.sessions)
    assert by_hash[special.SHARED_IP_HASH] >= 3
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in by_hash)
    users = {s["session_id"]: s for s in world.sessions}
    assert len(users) == len(world.sessions)


# --- submissions -----------------------------------------------------------------------------


def test_submissions_in_both_shapes_with_hostile_text(world):
    pending = [s for s in world.submissions if s["status"] == "pending"]
    shapes = Counter(Submission.from_item(s).shape for s in pending)
    assert shapes["game"] > 0
    assert shapes["documented"] > 0
    text = "\n".join(s["question"] + s["title"] + s["passage"] for s in pending)
    assert "<script>alert('x')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert any(len(s["question"]) == 2000 or len(s["passage"]) == 2000 for s in pending)
    assert "🦄" in text
    assert "القاهرة" in text
    assert "crème brûlée" in text
    xss = next(s for s in pending if s["id"] == special.XSS_SUBMISSION_ID)
    assert xss["question"] == "<script>alert('x')</script>"
    assert xss["accepted"] is False
    game = next(s for s in pending if "author" in s)
    assert game["id"].startswith("q_")
    assert len(game["id"]) == 10
    documented = next(s for s in pending if "submitter_id" in s)
    assert {"suggested_answer", "tags", "created_at"} <= set(documented)
    assert not {"answer", "categories", "author", "submitted_at"} & set(documented)


def test_submissions_by_about_40_players_over_the_last_30_days(world):
    users = _users(world)
    authors = {s.get("author") or s.get("submitter_id") for s in world.submissions}
    assert authors <= set(users)
    assert special.PROLIFIC_AUTHOR in authors
    now = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC).timestamp()
    for s in world.submissions:
        assert now - 30 * 86400 <= s.get("submitted_at", s.get("created_at")) <= now


def test_reviewed_submissions_and_their_new_questions(world):
    by_id = {q.id: q for q in world.questions}
    approved = [s for s in world.submissions if s["status"] == "approved"]
    rejected = [s for s in world.submissions if s["status"] == "rejected"]
    for s in approved + rejected:
        assert s["accepted"] is (s["status"] == "approved")
        assert s["reviewed_at"] > s["submitted_at"]
        assert s["reviewer_id"]
    assert all(s.get("reviewer_notes") for s in rejected)
    created = [q for q in by_id.values() if q.source == "user_submission"]
    assert len(created) == len(approved)
    for question, submission in zip(created, approved, strict=True):
        assert question.id != submission["id"]
        assert question.original_author == submission["author"]
        assert question.created_at == submission["reviewed_at"]
        assert question.question == submission["question"]
        assert question.categories[-1] == "general"


def test_tag_only_questions_read_back_with_tags_as_categories(world):
    legacy = world.legacy_question_items()
    assert legacy
    assert len(legacy) == len(world.tag_only_ids)
    original = {q.id: q for q in world.questions}
    for item in legacy:
        assert "categories" not in item
        assert "general" not in item["tags"]
        read = Question.from_item(item)
        assert read.categories_from_tags
        assert read.categories + ["general"] == original[item["id"]].categories


def test_players_were_created_before_they_played_and_were_last_active():
    # Timestamps as the game writes them (ISO, UTC); the few deliberately odd records aside.
    # This day's world had a player whose only game, just after midnight, preceded the account.
    for user in build_world(DemoOptions(today=dt.date(2026, 12, 6))).users:
        created, last = user.get("created_at"), user.get("last_active")
        if not (isinstance(created, str) and isinstance(last, str)) or created.endswith("Z"):
            continue
        assert created <= last, user["user_id"]
        for record in (user.get("daily_progress") or {}).values():
            done = record.get("completed_at") if isinstance(record, dict) else None
            if isinstance(done, str):
                assert created <= done, user["user_id"]


def test_a_world_of_today_has_nothing_from_the_future():
    # make run seeds a world whose last day is today: a submission "sent at noon" at 03:00 was
    # shown as waiting for less than no time.
    now = time.time()
    world = build_world(DemoOptions(today=dt.datetime.now(dt.UTC).date(), players=30))
    for item in world.submissions:
        sent = item.get("submitted_at") or item.get("created_at")
        if isinstance(sent, int | float):
            assert sent <= now, item["id"]
    for session in world.sessions:
        assert session["created_at"] <= now
