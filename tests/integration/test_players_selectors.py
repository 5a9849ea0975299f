"""Player support selectors and the guarded streak write, against moto tables."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.players_game import documented_day, iso, new_player, put_user, submit_daily
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, player_writes, players
from truthbyte_admin.data.errors import ConditionFailed, Conflict
from truthbyte_admin.players import selectors, services
from truthbyte_admin.players.queries import ProfileQuery

# The profile reads the latest staff changes from the audit log's staff copy (SQL).
pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def _profile(user_id: str, **params) -> selectors.PlayerProfile:
    query = ProfileQuery.parse(user_id, params, today=TODAY)
    return selectors.player_profile(query, today=TODAY)


def _good_days(user_id: str, days: list[dt.date], right: int = 8) -> None:
    answers = [(f"q_{n}", True, n < right) for n in range(10)]
    for day in days:
        submit_daily(user_id, day, answers)


def test_game_submit_flow_gives_stored_zero_game_zero_documented_seven(game_tables):
    user_id = new_player()
    _good_days(user_id, [TODAY - dt.timedelta(days=n) for n in range(6, -1, -1)])
    profile = _profile(user_id)
    c = profile.comparison
    assert (c.stored_current, c.stored_best, c.game_current) == (0, 0, 0)
    assert (c.documented.current, c.documented.best) == (7, 7)
    assert any("never marks" in r for r in c.reasons)
    assert profile.days_played == 7
    assert profile.streaks_differ


def test_the_day_that_broke_the_streak_is_marked(game_tables):
    user_id = new_player()
    days = [TODAY - dt.timedelta(days=n) for n in (10, 9, 8, 6, 5)]
    _good_days(user_id, days)
    _good_days(user_id, [TODAY - dt.timedelta(days=7)], right=5)  # 50 %: breaks the run
    profile = _profile(user_id)
    broken = profile.comparison.documented.broken_on
    assert broken == TODAY - dt.timedelta(days=4)  # the run 6..5 days ago, then a missed day
    cells = [f for row in profile.calendar.rows for f in row if f is not None]
    marked = sorted((f for f in cells if f.broke_streak), key=lambda f: f.date)
    # Every day that ended a run: the 50% day ended the first, the missed day the second.
    assert [f.date for f in marked] == [TODAY - dt.timedelta(days=7), broken]
    assert "ended a streak" in marked[1].label
    assert "broke" in marked[1].css
    below = next(f for f in cells if f.date == TODAY - dt.timedelta(days=7))
    assert below.label == f"{below.iso}: rank D, 50%, ended a streak"
    assert below.status == "below"


def test_calendar_shows_twelve_months_monday_first(game_tables):
    user_id = new_player()
    profile = _profile(user_id, end="2026-03")
    cal = profile.calendar
    assert (cal.start, cal.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert len(cal.rows) == 7
    shown = sorted(f.date for row in cal.rows for f in row if f is not None)
    assert shown[0] == cal.start
    assert shown[-1] == cal.end
    assert len(shown) == 365
    assert all(
        f.date.weekday() == weekday
        for weekday, row in enumerate(cal.rows)
        for f in row
        if f is not None
    )
    assert sum(m.span for m in cal.months) == len(cal.rows[0])
    assert cal.months[0].label == "Apr 2025"
    assert "Jan 2026" in [m.label for m in cal.months]
    # « Year goes back only to the window that starts with the player's first month (created
    # 2025-01-01): January – December 2025.
    assert (cal.prev_month, cal.prev_year, cal.next_month, cal.next_year) == (
        "2026-02",
        "2025-12",
        "2026-04",
        "2026-11",
    )


def test_calendar_end_after_this_month_is_clamped(game_tables):
    profile = _profile(new_player(), end="2030-01")
    assert profile.calendar.is_latest
    assert profile.calendar.next_month is None
    future = [f for row in profile.calendar.rows for f in row if f is not None and f.future]
    assert future
    assert all(f.date > TODAY for f in future)


MESSY_ITEMS = [
    {"trust_score": "0.75", "current_daily_streak": "3", "best_daily_streak": "x"},
    {"daily_progress": "not a map"},
    {"daily_progress": ["2026-11-01"]},
    {"daily_progress": {}},
    {"daily_progress": {"2026-13-45": {}, "yesterday": {"answers": []}, "2026-11-1": None}},
    {"daily_progress": {"2026-11-18": "done", "2026-11-19": None, "2026-11-17": {}}},
    {"daily_progress": {"2026-11-19": {"answers": "ten", "completed_at": "not a time"}}},
    {
        "daily_progress": {
            "2026-11-19": {"answers": [None, 3, {"question_id": 5, "is_correct": "yes"}]}
        }
    },
    {
        "daily_progress": {
            "2026-11-19": {
                "completed": "true",
                "score": "85",
                "rank": 7,
                "completed_at": "1763550000",
            }
        }
    },
    {"daily_progress": {"2027-01-01": {"completed": True, "score": 100}}},
    {"created_at": 12345, "last_active": {"M": 1}, "current_daily_streak": None},
]


@pytest.mark.parametrize("extra", MESSY_ITEMS)
def test_messy_records_never_break_the_profile_or_the_day(game_tables, extra):
    user_id = "messy-player"
    item = {"user_id": user_id}
    item.update(extra)
    put_user(item)
    profile = _profile(user_id)
    assert profile.calendar.rows
    for day in (dt.date(2026, 11, 19), dt.date(2026, 11, 18), TODAY):
        detail = selectors.day_detail(user_id, day, today=TODAY)
        assert detail.fact.label


def test_messy_data_is_explained(game_tables):
    put_user({"user_id": "odd", "daily_progress": ["x"], "current_daily_streak": "3"})
    profile = _profile("odd")
    assert any("not as a list of days" in w for w in profile.warnings)
    assert profile.stored["current_daily_streak"].display == "“3”"
    assert "not a number" in profile.stored["current_daily_streak"].note
    put_user({"user_id": "keys", "daily_progress": {"bogus": {}, "2026-11-19": "x"}})
    warnings = " ".join(_profile("keys").warnings)
    assert "“bogus”" in warnings
    assert "hold something other than a day's answers and scores" in warnings


def test_a_player_with_1000_days_stays_bounded_and_fast(game_tables):
    start = TODAY - dt.timedelta(days=999)
    progress = {}
    for n in range(1000):
        day = start + dt.timedelta(days=n)
        if n % 97 == 0:
            continue  # a few missed days
        at = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
        progress[day.isoformat()] = (
            documented_day(60 + n % 41, completed_at=at)
            if n % 2
            else {"completed_at": iso(at), "answers": []}
        )
    put_user(
        {
            "user_id": "veteran",
            "daily_progress": progress,
            "current_daily_streak": 1,
            "best_daily_streak": 4,
            "last_active": iso(dt.datetime(2026, 11, 20, tzinfo=dt.UTC)),
        }
    )
    with assert_dynamodb_requests(2):  # 1,000 days cost no more requests than one
        profile = _profile("veteran")
    assert profile.days_stored == 989  # 1,000 days less 11 missed
    assert len(profile.facts.rows) <= 31
    assert profile.facts.pages == 12
    cells = [f for row in profile.calendar.rows for f in row if f is not None]
    assert len(cells) <= 366
    last_page = _profile("veteran", facts="12").facts
    assert last_page.rows[-1].date == profile.calendar.start


def _loaded(user_id: str) -> dict:
    guarded = (*player_writes.GUARDED, player_writes.PROGRESS)
    return {k: v for k, v in players.get_user_raw(user_id).items() if k in guarded}


def _store(user_id: str, loaded: dict, current: int = 5, best: int = 5) -> None:
    entry = audit.new_entry(f"user#{user_id}", actor="ada", action="store_streaks")
    player_writes.store_streaks(
        user_id,
        current=current,
        best=best,
        guard=players.StreakGuard(loaded),
        today=TODAY,
        entry=entry,
    )


def _game_day(n: int) -> dict:
    at = dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(12), tzinfo=dt.UTC)
    return {"completed_at": iso(at), "answers": [{"question_id": "q", "is_correct": True}]}


def _raw_attr(user_id: str, name: str) -> dict:
    from truthbyte_admin.data import client, tables

    item = client.call(
        "get_item",
        TableName=tables.name(tables.USERS),
        Key={"user_id": {"S": user_id}},
        ConsistentRead=True,
    )["Item"]
    return item[name]


def test_store_streaks_conflicts_when_the_game_added_a_day_without_changing_last_active(
    game_tables,
):
    """The game's stored streaks stay 0 and last_active as read need not move: the days do."""
    base = {
        "user_id": "p1",
        "last_active": iso(dt.datetime(2026, 11, 19, 12, tzinfo=dt.UTC)),
        "current_daily_streak": 0,
        "best_daily_streak": 0,
        "daily_progress": {(TODAY - dt.timedelta(days=2)).isoformat(): _game_day(2)},
    }
    put_user(base)
    loaded = _loaded("p1")
    progress = {**base["daily_progress"], (TODAY - dt.timedelta(days=1)).isoformat(): _game_day(1)}
    put_user({**base, "daily_progress": progress})  # written directly, as the game does
    with pytest.raises(Conflict) as refused:
        _store("p1", loaded)
    # The record as the failed condition found it, typed: what the refusal can say is stored.
    assert isinstance(refused.value.current, players.PlayerRecord)
    assert refused.value.current.days_stored == len(progress)
    user = players.get_user("p1")
    assert (user.current_daily_streak, user.best_daily_streak) == (0, 0)
    assert audit.history("user#p1") == []


def test_store_streaks_conflicts_when_today_appears_with_the_same_number_of_days(game_tables):
    old = (TODAY - dt.timedelta(days=30)).isoformat()
    base = {
        "user_id": "p2",
        "current_daily_streak": 0,
        "best_daily_streak": 0,
        "daily_progress": {old: _game_day(30)},
    }
    put_user(base)
    loaded = _loaded("p2")
    put_user({**base, "daily_progress": {TODAY.isoformat(): _game_day(0)}})  # same size
    with pytest.raises(ConditionFailed):
        _store("p2", loaded)
    assert players.get_user("p2").current_daily_streak == 0


def test_store_streaks_conflicts_when_daily_progress_appears(game_tables):
    put_user({"user_id": "p3", "current_daily_streak": 0, "best_daily_streak": 0})
    loaded = _loaded("p3")
    put_user(
        {
            "user_id": "p3",
            "current_daily_streak": 0,
            "best_daily_streak": 0,
            "daily_progress": {TODAY.isoformat(): _game_day(0)},
        }
    )
    with pytest.raises(ConditionFailed):
        _store("p3", loaded)


@pytest.mark.parametrize("progress", ["not a map", [1, 2], None, 7])
def test_store_streaks_on_a_non_map_daily_progress_is_guarded_by_type(game_tables, progress):
    put_user({"user_id": "p4", "current_daily_streak": 0, "best_daily_streak": 0})
    if progress is None:  # stored as DynamoDB NULL (to_item drops None values)
        from truthbyte_admin.data import client, tables

        client.call(
            "update_item",
            TableName=tables.name(tables.USERS),
            Key={"user_id": {"S": "p4"}},
            UpdateExpression="SET #dp = :n",
            ExpressionAttributeNames={"#dp": "daily_progress"},
            ExpressionAttributeValues={":n": {"NULL": True}},
        )
    else:
        put_user(
            {
                "user_id": "p4",
                "current_daily_streak": 0,
                "best_daily_streak": 0,
                "daily_progress": progress,
            }
        )
    loaded = _loaded("p4")
    assert "daily_progress" in loaded
    _store("p4", loaded, current=0, best=2)
    assert players.get_user("p4").best_daily_streak == 2
    put_user(
        {
            "user_id": "p4",
            "current_daily_streak": 0,
            "best_daily_streak": 2,
            "daily_progress": {TODAY.isoformat(): _game_day(0)},
        }
    )
    with pytest.raises(ConditionFailed):
        _store("p4", _loaded("p4") | {"daily_progress": progress}, current=1, best=2)


def test_store_streaks_stores_numbers_and_keeps_matching_days(game_tables):
    user_id = new_player()
    _good_days(user_id, [TODAY - dt.timedelta(days=n) for n in (2, 1, 0)])
    _store(user_id, _loaded(user_id), current=3, best=3)
    assert _raw_attr(user_id, "current_daily_streak") == {"N": "3"}
    assert _raw_attr(user_id, "best_daily_streak") == {"N": "3"}


def test_store_streaks_write_is_guarded_on_the_loaded_values(game_tables):
    user_id = new_player()
    loaded = _loaded(user_id)
    submit_daily(user_id, TODAY, [("q_1", True, True)])  # last_active changes
    entry = audit.new_entry(f"user#{user_id}", actor="ada", action="store_streaks")
    with pytest.raises(ConditionFailed) as caught:
        player_writes.store_streaks(
            user_id,
            current=5,
            best=5,
            guard=players.StreakGuard(loaded),
            today=TODAY,
            entry=entry,
        )
    assert caught.value.current.user.user_id == user_id  # the record now, for the message
    assert players.get_user(user_id).best_daily_streak == 0
    assert audit.history(f"user#{user_id}") == []


def test_store_streaks_on_a_record_without_streak_attributes(game_tables):
    yesterday = {
        "completed_at": iso(dt.datetime(2026, 11, 19, tzinfo=dt.UTC)),
        "answers": [{"question_id": "q", "is_correct": True}],
    }
    put_user({"user_id": "bare", "daily_progress": {"2026-11-19": yesterday}})
    result = services.store_recomputed_streaks(
        "bare",
        confirmed_current=1,
        confirmed_best=1,
        seen_last_active="",
        seen_stored=selectors.streak_review("bare", today=TODAY).seen_stored,
        actor="ada",
        today=TODAY,
    )
    assert (result.update.current, result.update.best, result.before_current) == (1, 1, None)
    user = players.get_user("bare")
    assert (user.current_daily_streak, user.best_daily_streak) == (1, 1)


def test_store_streaks_race_between_read_and_write_is_a_conflict(game_tables, monkeypatch):
    user_id = new_player()
    _good_days(user_id, [TODAY - dt.timedelta(days=1)])
    review = selectors.streak_review(user_id, today=TODAY)
    real = player_writes.store_streaks

    def game_writes_first(*args, **kwargs):
        submit_daily(user_id, TODAY, [("q_1", True, True)])
        return real(*args, **kwargs)

    monkeypatch.setattr(player_writes, "store_streaks", game_writes_first)
    with pytest.raises(services.StreaksChanged, match="changed while saving"):
        services.store_recomputed_streaks(
            user_id,
            confirmed_current=1,
            confirmed_best=1,
            seen_last_active=review.seen_last_active,
            seen_stored=review.seen_stored,
            actor="ada",
            today=TODAY,
        )
    assert audit.history(f"user#{user_id}") == []
