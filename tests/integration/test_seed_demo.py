"""manage.py seed_demo against DynamoDB Local: counts, exact index and counts, item shapes."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from tests.support import game_writes
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import client, players, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import submissions as submissions_repo
from truthbyte_admin.data.models import Submission
from truthbyte_admin.data.serialization import from_item, plain, to_attr
from truthbyte_admin.demo import special
from truthbyte_admin.demo.generate import DemoOptions, build_world
from truthbyte_admin.domain.categories import normalise_categories
from truthbyte_admin.domain.daily_set import select_daily_set

ARGS = (
    "--questions",
    "120",
    "--players",
    "15",
    "--submissions",
    "30",
    "--days",
    "20",
    "--today",
    "2026-01-15",
    "--seed",
    "3",
)
OPTIONS = DemoOptions(
    questions=120, players=15, submissions=30, days=20, seed=3, today=dt.date(2026, 1, 15)
)


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", *ARGS, stdout=out)
    return out.getvalue()


def _count(kind: str) -> int:
    total, start = 0, None
    while True:
        kwargs = {"TableName": tables.name(kind), "Select": "COUNT"}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        total += response["Count"]
        start = response.get("LastEvaluatedKey")
        if not start:
            return total


def test_seed_writes_a_consistent_world(game_tables):
    output = _seed()
    # The players were built on the pool as this endpoint's scan returns it (not id order).
    pool = questions_repo.scan_daily_pool()
    world = build_world(OPTIONS, daily_pool=pool)
    _assert_counts(world)
    assert "questions 123/123" in output
    assert "players 15/15" in output
    assert "Demo world ready" in output
    _assert_index_and_counts_exact()
    names = {c.slug: c.display_name for c in categories_repo.list_all()}
    assert names["capitals"] == "Capital Cities"
    assert len(names) >= 13
    _assert_tag_only_questions_keep_tags(world)
    _assert_game_shape_submission_round_trips()
    _assert_special_players_and_shared_ip()
    # Every stored day with answers holds the set the game serves that day from that pool.
    _assert_days_are_the_games_daily_sets(pool)


def _assert_days_are_the_games_daily_sets(pool) -> None:
    checked = 0
    for user_id in (special.SEVEN_DAY_PLAYER, special.YEAR_PLAYER, *_regular_ids()):
        for day, record in players.get_user(user_id).days.items():
            if record.answers:
                ids = [a.question_id for a in record.answers]
                assert ids == [q.id for q in select_daily_set(pool, day)], (user_id, day)
                checked += 1
    assert checked > 0


def _regular_ids() -> list[str]:
    from truthbyte_admin.demo.players import regular_player_ids

    return regular_player_ids(OPTIONS)[:5]


def _assert_counts(world) -> None:
    assert _count(tables.QUESTIONS) == 123  # 120 + 3 approved submissions
    assert _count(tables.USERS) == 15
    assert _count(tables.ANSWERS) == len(world.answers)
    assert _count(tables.SESSIONS) == len(world.sessions)
    assert _count(tables.SUBMISSIONS) == 36  # 30 pending + 3 approved + 3 rejected


def _assert_index_and_counts_exact() -> None:
    """Each question's index items == its categories incl. general; each count == its items."""
    stored = list(questions_repo.scan_all())
    index: dict[str, set[str]] = defaultdict(set)
    by_category: dict[str, int] = defaultdict(int)
    difficulty = {q.id: q.difficulty for q in stored}
    for entry in questions_repo.scan_index():
        index[entry.question_id].add(entry.category)
        by_category[entry.category] += 1
        assert entry.difficulty == difficulty[entry.question_id]
    for question in stored:
        assert index[question.id] == set(normalise_categories(question.categories)), question.id
    assert set(index) == {q.id for q in stored}
    for category in categories_repo.list_all():
        assert category.count == by_category.get(category.slug, 0), category.slug
    assert by_category["general"] == len(stored)


def _assert_tag_only_questions_keep_tags(world) -> None:
    assert world.tag_only_ids, "this seed should produce a tag-only question"
    for question_id in world.tag_only_ids:
        raw = from_item(
            client.call(
                "get_item",
                TableName=tables.name(tables.QUESTIONS),
                Key={"id": to_attr(question_id)},
            )["Item"]
        )
        assert "categories" not in raw
        assert raw["tags"]
        assert questions_repo.get(question_id).categories_from_tags


def _assert_game_shape_submission_round_trips() -> None:
    raw = from_item(
        client.call(
            "get_item",
            TableName=tables.name(tables.SUBMISSIONS),
            Key={"id": to_attr(special.XSS_SUBMISSION_ID)},
        )["Item"]
    )
    submission = Submission.from_item(raw)
    assert submission.shape == "game"
    assert submission.question == "<script>alert('x')</script>"
    assert submission.to_item() == plain(raw)
    assert submissions_repo.get(special.XSS_SUBMISSION_ID).status == "pending"


def _assert_special_players_and_shared_ip() -> None:
    seven = players.get_user(special.SEVEN_DAY_PLAYER)
    assert len(seven.days) == 7
    assert seven.current_daily_streak == 0
    assert "yesterday" in players.get_user(special.MESSY_PLAYER).unreadable_days
    assert players.get_user(special.NO_PROGRESS_PLAYER).days == {}
    sharing = {s.session_id for s in game_writes.sessions_for_ip_hash(special.SHARED_IP_HASH)}
    assert len(sharing) >= 3


def test_rerun_converges_to_the_same_state(game_tables):
    _seed()
    before = (_count(tables.QUESTIONS), _count(tables.QUESTION_CATEGORIES), _count(tables.ANSWERS))
    _seed()
    assert (
        _count(tables.QUESTIONS),
        _count(tables.QUESTION_CATEGORIES),
        _count(tables.ANSWERS),
    ) == before
    _assert_index_and_counts_exact()


def test_a_seed_over_questions_of_its_own_plays_them_too(game_tables, tmp_path):
    # A file imported first: its questions are in the game's pool, and the seed's players
    # stopped on the first one with a KeyError, after the demo questions were written.
    path = tmp_path / "extra.jsonl"
    path.write_text(
        "".join(
            f'{{"id": "x{n:03}", "question": "Is {n} odd?", "answer": {str(n % 2 == 1).lower()}, '
            '"category": "maths", "difficulty": 2}\n'
            for n in range(200)
        )
    )
    call_command("load_questions", str(path), stdout=io.StringIO())
    _seed()
    assert _count(tables.USERS) > 0
    _assert_index_and_counts_exact()


def test_documented_categories_schema_gets_display_names(dynamodb):
    tables.create_missing_tables("name", wait=False)
    _seed()
    _assert_index_and_counts_exact()
    category = categories_repo.get("capitals")
    assert category.schema == "name"
    assert category.display_name == "Capital Cities"


def test_refuses_real_aws_without_yes_really(game_tables, settings):
    settings.DYNAMODB_ENDPOINT_URL = None
    with pytest.raises(CommandError, match="--yes-really"):
        call_command("seed_demo", *ARGS, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        # A CommandError raised inside argparse's type showed as a traceback.
        ("--today", "2026-13-01", "'2026-13-01' is not a day written YYYY-MM-DD from 2000-01-01"),
        # Years of history before it do not fit the calendar: OverflowError.
        ("--today", "0001-01-01", "'0001-01-01' is not a day written YYYY-MM-DD"),
        ("--scale", "nan", "'nan' is not a number above 0, at most 100"),
        ("--scale", "inf", "'inf' is not a number above 0, at most 100"),
        ("--scale", "0", "'0' is not a number above 0, at most 100"),
    ],
)
def test_unusable_options_are_usage_errors_before_anything_is_written(option, value, said):
    with pytest.raises(CommandError, match=said):
        call_command("seed_demo", option, value)
