"""The daily-set impact of one question leaving, joining or being edited: pure, no I/O."""

from __future__ import annotations

import datetime as dt

from truthbyte_admin.domain.daily_impact import (
    in_daily_pool,
    in_pool_after_edit,
    pool_change_impact,
)
from truthbyte_admin.domain.daily_set import select_daily_set

START = dt.date(2026, 12, 2)
POOL = [f"q{n:03d}" for n in range(40)]


def test_leaving_compares_the_game_sets_of_the_pool_with_and_without_it():
    leaving = select_daily_set(POOL, START)[0]  # in today's set
    impact = pool_change_impact(
        POOL, question_id=leaving, in_pool_after=False, start=START, days=30
    )
    assert impact.kind == "leaves"
    assert START in impact.question_days
    without = [q for q in POOL if q != leaving]
    for row in impact.rows:
        assert row.before == tuple(select_daily_set(POOL, row.day))
        assert row.after == tuple(select_daily_set(without, row.day))
        assert (row.day in impact.changed_days) == (row.before != row.after)
    # Every day it was on changes; other days may change too (positions shift behind it).
    assert set(impact.question_days) <= set(impact.changed_days)


def test_the_last_question_in_scan_order_only_changes_days_that_pick_it_or_reach_it():
    last = POOL[-1]
    impact = pool_change_impact(POOL, question_id=last, in_pool_after=False, start=START, days=30)
    without = POOL[:-1]
    expected = [
        START + dt.timedelta(days=n)
        for n in range(30)
        if select_daily_set(POOL, START + dt.timedelta(days=n))
        != select_daily_set(without, START + dt.timedelta(days=n))
    ]
    assert impact.changed_days == expected


def test_an_edit_that_stays_in_the_pool_changes_only_what_players_see_on_its_days():
    qid = select_daily_set(POOL, START + dt.timedelta(days=3))[4]
    impact = pool_change_impact(POOL, question_id=qid, in_pool_after=True, start=START, days=30)
    assert impact.kind == "edited"
    assert all(row.before == row.after for row in impact.rows)
    assert START + dt.timedelta(days=3) in impact.changed_days
    assert impact.changed_days == impact.question_days
    unchanged = pool_change_impact(
        POOL, question_id=qid, in_pool_after=True, content_changed=False, start=START, days=30
    )
    assert unchanged.kind == "none"
    assert unchanged.changed_days == []


def test_joining_is_certain_on_days_it_changes_even_landing_last_and_maybe_on_the_others():
    impact = pool_change_impact(POOL, question_id="new", in_pool_after=True, start=START, days=30)
    assert impact.kind == "joins"
    for row in impact.rows:
        # Brute force: every place the new question could land in the scan order.
        outcomes = set()
        for position in range(len(POOL) + 1):
            after = POOL[:position] + ["new"] + POOL[position:]
            outcomes.add(tuple(select_daily_set(after, row.day)) != row.before)
        if row.certain:
            assert outcomes == {True}, row.day
        else:
            assert outcomes == {True, False}, row.day
    assert set(impact.changed_days).isdisjoint(impact.maybe_days)
    assert len(impact.changed_days) + len(impact.maybe_days) == 30


def test_a_pool_too_small_for_a_set_changes_nothing_and_the_tenth_question_makes_every_day():
    nine = POOL[:9]
    impact = pool_change_impact(nine, question_id="new", in_pool_after=True, start=START, days=5)
    assert impact.changed_days == [START + dt.timedelta(days=n) for n in range(5)]
    assert all(row.before == () and len(row.after) == 10 for row in impact.rows)
    eight = POOL[:8]
    none = pool_change_impact(eight, question_id="new", in_pool_after=True, start=START, days=5)
    assert none.changed_days == []
    assert none.maybe_days == []


def test_a_question_outside_the_pool_staying_outside_changes_nothing():
    impact = pool_change_impact(POOL, question_id="q999", in_pool_after=False, start=START, days=7)
    assert impact.kind == "none"
    assert impact.changed_days == []


def test_only_difficulties_one_to_four_are_in_the_pool():
    assert [d for d in range(0, 7) if in_daily_pool(d)] == [1, 2, 3, 4]


def test_a_question_beyond_the_pages_the_game_reads_stays_out_whatever_its_edit():
    pool = [f"p{n}" for n in range(20)]
    # Difficulty 3 but not in the pool: it is beyond the pages the game reads.
    for difficulty in (1, 3, 4, 5):
        assert not in_pool_after_edit(pool, "far", stored_difficulty=3, new_difficulty=difficulty)
    # In the pool: stays unless moved to 5; out by difficulty 5: joins by a pool difficulty.
    assert in_pool_after_edit(pool, "p3", stored_difficulty=2, new_difficulty=4)
    assert not in_pool_after_edit(pool, "p3", stored_difficulty=2, new_difficulty=5)
    assert in_pool_after_edit(pool, "five", stored_difficulty=5, new_difficulty=2)
