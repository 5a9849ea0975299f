"""Undoing a streak store: two DynamoDB requests (the audit history and the conditional
restore), and a refusal that says what the record holds, read from the failed condition."""

from __future__ import annotations

import pytest

from tests.support.players_game import player_counted_whatever_the_score, put_user
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, client, players, tables
from truthbyte_admin.data.errors import NotFound
from truthbyte_admin.data.serialization import to_attr
from truthbyte_admin.players import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(game_tables):
    """A player the game stored 5 and 5 for, then an admin stored 3 and 3: (id, store event)."""
    user_id = player_counted_whatever_the_score([90, 50, 90, 90, 90], stored_streak=5)
    review = selectors.streak_review(user_id)
    result = services.store_recomputed_streaks(
        user_id,
        confirmed_current=3,
        confirmed_best=3,
        lower_best=True,
        seen_last_active=review.seen_last_active,
        seen_stored=review.seen_stored,
        actor="ada",
    )
    return user_id, result.event


def _streaks(user_id: str) -> tuple:
    user = players.get_user(user_id)
    return user.current_daily_streak, user.best_daily_streak


def test_an_undo_is_one_query_and_one_transaction(stored):
    user_id, event = stored
    with assert_dynamodb_requests(2) as stats:
        result = services.undo_streak_store(user_id, event=event, actor="bo")
    assert stats.operations == ["query", "transact_write_items"]
    assert result.restored == {"current_daily_streak": 5, "best_daily_streak": 5}
    assert _streaks(user_id) == (5, 5)
    undo = audit.history(f"user#{user_id}")[0]
    assert undo.before == {"current_daily_streak": 3, "best_daily_streak": 3}


def test_streaks_changed_since_the_store_are_named_from_the_failed_condition(stored):
    user_id, event = stored
    item = players.get_user_raw(user_id)
    item["current_daily_streak"] = 0  # the game wrote since
    put_user(item)
    with assert_dynamodb_requests(2), pytest.raises(services.UndoRefused) as refused:
        services.undo_streak_store(user_id, event=event, actor="bo")
    assert str(refused.value).startswith(
        "The streaks changed since they were stored (the record now holds current 0, best 3; "
        "the store wrote 3 and 3)"
    )
    assert _streaks(user_id) == (0, 3)
    assert audit.history(f"user#{user_id}")[0].action == "store_streaks"


def test_a_player_gone_since_the_store_is_not_found(stored):
    user_id, event = stored
    client.call(
        "delete_item",
        TableName=tables.name(tables.USERS),
        Key={"user_id": to_attr(user_id)},
    )
    with assert_dynamodb_requests(2), pytest.raises(NotFound):
        services.undo_streak_store(user_id, event=event, actor="bo")
    assert audit.history(f"user#{user_id}")[0].action == "store_streaks"


def test_a_number_stored_as_text_since_is_named_as_text(stored):
    user_id, event = stored
    item = players.get_user_raw(user_id)
    item["current_daily_streak"] = "3"  # text, not the number the store wrote
    put_user(item)
    with pytest.raises(services.UndoRefused) as refused:
        services.undo_streak_store(user_id, event=event, actor="bo")
    assert "the record now holds current “3”, best 3; the store wrote 3 and 3" in str(refused.value)
    assert players.get_user_raw(user_id)["current_daily_streak"] == "3"
