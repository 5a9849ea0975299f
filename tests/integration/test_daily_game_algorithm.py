"""The daily set the admin shows == the set the game serves, reproduced independently from GAME.md.

The reference (tests/support/daily.py) does not import the app's data layer or domain module:
its own boto3 client, its own Scan loop (Limit=500 + FilterExpression, continued until 1,000
items or the end), its own hashlib seed and its own random.Random(seed).sample — against the
same endpoint, so the "scan order" it sees is the one the app sees.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.support.daily import (
    game_question,
    ids_on_page,
    range_rows,
    reference_client,
    reference_pool,
    reference_set,
    seed_questions,
)
from truthbyte_admin.core import clock
from truthbyte_admin.daily import selectors
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.batch import batch_write
from truthbyte_admin.questions.selectors import question_detail


def sixty_dates() -> list[date]:
    """Across a leap day and a year boundary, plus a few far-apart dates."""
    leap = [date(2024, 2, 20) + timedelta(days=n) for n in range(20)]  # includes 2024-02-29
    year_end = [date(2025, 12, 22) + timedelta(days=n) for n in range(20)]  # 12-31 → 01-01
    spread = [date(2026, 11, 25) + timedelta(days=37 * n) for n in range(20)]
    days = leap + year_end + spread
    assert len(set(days)) == 60
    assert date(2024, 2, 29) in days
    assert date(2026, 1, 1) in days
    return days


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture
def big_pool(game_tables):
    """1,600 questions, a quarter difficulty 5 (so filtered pages are short) + 6 without one."""
    seed_questions(1600, every_hard=4)
    batch_write(
        tables.name(tables.QUESTIONS),
        puts=[game_question(n, None) for n in range(5000, 5006)],  # no difficulty: filtered out
    )
    return reference_pool(reference_client())


def test_reference_pool_really_exercises_limit_and_filter(big_pool):
    # Limit caps items read before the filter: 3 pages of ~375 survivors, stopped at >= 1000,
    # so the pool is neither a multiple of 500 nor the whole eligible table.
    eligible = 1600 * 3 // 4
    assert 1000 <= len(big_pool) < eligible
    assert len(big_pool) % 500 != 0
    assert all(int(q[1:]) % 4 != 0 for q in big_pool)  # no difficulty 5
    assert not any(q in {f"q{n}" for n in range(5000, 5006)} for q in big_pool)
    pool_ids, _ = questions_repo.cached_daily_pool_ids()
    assert pool_ids == big_pool  # same items, same scan order


def test_selectors_match_the_game_for_sixty_dates(big_pool):
    days = sixty_dates()
    # Range selector: one pool read per 20-day window (leap day, year boundary, spread out).
    for window in (days[:20], days[20:40]):
        result = selectors.daily_range(window[0], 20)
        assert [row.day for row in result.rows] == window
        for row in result.rows:
            shown = [cell.entry.question.id for cell in row.cells]
            assert shown == reference_set(big_pool, row.day), row.day
    # Single-day selector (one pool read each, so a sample of the 60 keeps the test quick).
    for day in [*days[40:60:4], date(2024, 2, 29), date(2026, 1, 1)]:
        preview = selectors.daily_preview(day)
        shown = [entry.question.id for entry in preview.entries]
        assert shown == reference_set(big_pool, day), day
        assert preview.pool.size == len(big_pool)
        assert [e.pool_index for e in preview.entries] == [big_pool.index(i) for i in shown]


def test_preview_page_matches_the_game(big_pool, support_client):
    for day in (date(2024, 2, 29), date(2025, 12, 31), date(2026, 1, 1), date(2026, 11, 25)):
        response = support_client.get("/daily/", {"date": day.isoformat()})
        assert response.status_code == 200
        assert ids_on_page(response.content.decode()) == reference_set(big_pool, day), day


@pytest.mark.parametrize("start", [date(2024, 2, 15), date(2025, 12, 17)])
def test_range_page_matches_the_game_for_thirty_days(big_pool, support_client, start):
    response = support_client.get("/daily/range/", {"start": start.isoformat(), "days": 30})
    assert response.status_code == 200
    rows = range_rows(response.content.decode())
    assert list(rows) == [(start + timedelta(days=n)).isoformat() for n in range(30)]
    for day, ids in rows.items():
        assert ids == reference_set(big_pool, date.fromisoformat(day)), day


def test_editor_panel_days_match_the_game(big_pool, monkeypatch):
    today = date(2025, 12, 20)
    monkeypatch.setattr(clock, "utc_now", lambda: datetime.combine(today, time(9), tzinfo=UTC))
    window = [today + timedelta(days=n) for n in range(30)]
    expected_sets = {day: reference_set(big_pool, day) for day in window}
    picked = expected_sets[today][0]
    for qid in (picked, big_pool[0], big_pool[-1], "q4"):  # q4: difficulty 5, never in pool
        result = question_detail(qid).daily_days
        assert result.dates == [d for d in window if qid in expected_sets[d]]
        assert result.in_pool == (qid in big_pool)
        assert result.pool_size == len(big_pool)


def test_pool_under_ten_is_refused_like_the_game(game_tables, support_client):
    seed_questions(9, every_hard=0)  # 9 eligible
    seed_questions(5, every_hard=1, start=100)  # 5 more, all difficulty 5
    pool = reference_pool(reference_client())
    assert len(pool) == 9
    assert reference_set(pool, date(2025, 1, 1)) is None
    preview = selectors.daily_preview(date(2025, 1, 1))
    assert preview.refused
    assert preview.entries == []
    assert preview.pool.size == 9
    html = support_client.get("/daily/", {"date": "2025-01-01"}).content.decode()
    assert "Not enough questions available for daily challenge" in html
    assert ids_on_page(html) == []
    html = support_client.get("/daily/range/", {"days": 14}).content.decode()
    assert "Not enough questions available for daily challenge" in html


def test_pool_of_exactly_ten_is_served(game_tables):
    seed_questions(10, every_hard=0)
    pool = reference_pool(reference_client())
    preview = selectors.daily_preview(date(2024, 2, 29))
    assert [e.question.id for e in preview.entries] == reference_set(pool, date(2024, 2, 29))
    assert sorted(e.question.id for e in preview.entries) == sorted(pool)
