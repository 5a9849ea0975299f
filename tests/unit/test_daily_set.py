"""The daily set must match the game's algorithm bit for bit; hard-coded vectors pin it."""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from truthbyte_admin.domain import daily_set
from truthbyte_admin.domain.daily_set import (
    MIN_POOL,
    POOL_SCAN_LIMIT,
    POOL_TARGET,
    SET_SIZE,
    daily_seed,
    days_featuring,
    game_refuses,
    repeats_in_range,
    select_daily_set,
    sets_for_range,
)

POOL_30 = [f"q{i:03d}" for i in range(30)]
POOL_1000 = [f"q{i:04d}" for i in range(1000)]

# Seeds and selected pool indices computed once from GAME.md's algorithm; a change to the
# implementation (or to Python's random) that alters any of them would change players' sets.
VECTORS = {
    date(2025, 1, 1): (
        18393964088283125372,
        [18, 25, 9, 15, 12, 10, 21, 4, 22, 13],
        [596, 825, 297, 489, 405, 330, 689, 141, 851, 143],
    ),
    date(2024, 2, 29): (
        12233084218451732044,
        [3, 11, 23, 7, 9, 8, 20, 26, 12, 1],
        [108, 373, 752, 235, 904, 859, 312, 285, 645, 227],
    ),
    date(2026, 11, 25): (
        15863590362787633026,
        [5, 26, 22, 8, 17, 24, 11, 18, 9, 20],
        [167, 862, 706, 261, 566, 888, 785, 829, 362, 808],
    ),
}


def reference_seed(day: date) -> int:
    """Independent re-implementation of GAME.md step 3."""
    digest = hashlib.sha256(("truthbyte-daily-" + day.strftime("%Y-%m-%d")).encode("utf-8"))
    return int.from_bytes(digest.digest()[:8], byteorder="big", signed=False)


@dataclass(frozen=True)
class Q:
    id: str
    text: str = ""


def test_constants() -> None:
    assert (POOL_SCAN_LIMIT, POOL_TARGET, MIN_POOL, SET_SIZE) == (500, 1000, 10, 10)


@pytest.mark.parametrize("day", sorted(VECTORS))
def test_seed_matches_independent_implementation_and_pinned_value(day: date) -> None:
    assert daily_seed(day) == reference_seed(day) == VECTORS[day][0]
    assert 0 <= daily_seed(day) < 2**64


def test_seed_ignores_time_of_a_datetime() -> None:
    assert daily_seed(datetime(2025, 1, 1, 23, 59)) == VECTORS[date(2025, 1, 1)][0]


def test_seeds_differ_day_to_day() -> None:
    start = date(2024, 1, 1)
    seeds = {daily_seed(start + timedelta(days=n)) for n in range(400)}
    assert len(seeds) == 400


@pytest.mark.parametrize("day", sorted(VECTORS))
def test_selection_pinned_for_30_and_1000_ids(day: date) -> None:
    _, idx30, idx1000 = VECTORS[day]
    assert select_daily_set(POOL_30, day) == [POOL_30[i] for i in idx30]
    assert select_daily_set(POOL_1000, day) == [POOL_1000[i] for i in idx1000]


@pytest.mark.parametrize("day", sorted(VECTORS))
def test_selection_matches_reference(day: date) -> None:
    for pool in (POOL_30, POOL_1000, POOL_30[:17]):
        expected = random.Random(reference_seed(day)).sample(pool, min(10, len(pool)))
        assert select_daily_set(pool, day) == expected


def test_selection_depends_on_pool_order() -> None:
    day = date(2025, 1, 1)
    assert select_daily_set(POOL_30, day) != select_daily_set(list(reversed(POOL_30)), day)


def test_pool_of_nine_is_refused() -> None:
    assert game_refuses(9)
    assert game_refuses(0)
    assert not game_refuses(10)
    assert select_daily_set(POOL_30[:9], date(2025, 1, 1)) == []
    assert select_daily_set([], date(2025, 1, 1)) == []


def test_pool_of_exactly_ten_is_a_permutation() -> None:
    pool = POOL_30[:10]
    chosen = select_daily_set(pool, date(2025, 1, 1))
    assert sorted(chosen) == pool
    assert len(chosen) == 10


def test_accepts_any_sequence_and_objects() -> None:
    objs = tuple(Q(i) for i in POOL_30)
    day = date(2024, 2, 29)
    assert [q.id for q in select_daily_set(objs, day)] == select_daily_set(POOL_30, day)


def test_sets_for_range_ordered_by_date_across_year_end() -> None:
    sets = sets_for_range(POOL_30, date(2025, 12, 30), 4)
    assert list(sets) == [
        date(2025, 12, 30),
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2026, 1, 2),
    ]
    for day, chosen in sets.items():
        assert chosen == select_daily_set(POOL_30, day)
    assert sets_for_range(POOL_30, date(2025, 1, 1), 0) == {}
    with pytest.raises(ValueError, match="days must be >= 0"):
        sets_for_range(POOL_30, date(2025, 1, 1), -1)


def test_sets_for_range_small_pool_gives_empty_sets() -> None:
    sets = sets_for_range(POOL_30[:5], date(2025, 1, 1), 3)
    assert list(sets.values()) == [[], [], []]


def test_repeats_in_range_with_key_and_default_id() -> None:
    sets = {
        date(2025, 1, 2): [Q("b"), Q("c")],
        date(2025, 1, 1): [Q("a"), Q("b")],
        date(2025, 1, 3): [Q("b"), Q("a"), Q("d")],
    }
    assert repeats_in_range(sets) == {
        "a": [date(2025, 1, 1), date(2025, 1, 3)],
        "b": [date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 3)],
    }
    strings = {d: [q.id for q in qs] for d, qs in sets.items()}
    assert repeats_in_range(strings, key=lambda q: q) == repeats_in_range(sets)


def test_repeats_for_30_ids_over_a_month_match_brute_force() -> None:
    sets = sets_for_range(POOL_30, date(2025, 1, 1), 31)
    repeats = repeats_in_range(sets, key=lambda q: q)
    for qid in POOL_30:
        days = [d for d, chosen in sets.items() if qid in chosen]
        if len(days) >= 2:
            assert repeats[qid] == days
        else:
            assert qid not in repeats


def test_days_featuring() -> None:
    start, days = date(2025, 1, 1), 31
    sets = sets_for_range(POOL_30, start, days)
    for qid in ("q000", "q018", "q029"):
        expected = [d for d, chosen in sets.items() if qid in chosen]
        assert days_featuring(POOL_30, qid, start, days, key=lambda q: q) == expected
    assert date(2025, 1, 1) in days_featuring(POOL_30, "q018", start, days, key=lambda q: q)
    objs = [Q(i) for i in POOL_30]
    assert days_featuring(objs, "q018", start, days) == days_featuring(
        POOL_30, "q018", start, days, key=lambda q: q
    )
    assert days_featuring(POOL_30, "missing", start, days, key=lambda q: q) == []


def test_module_has_no_io_or_django_imports() -> None:
    source = Path(daily_set.__file__).read_text(encoding="utf-8")
    assert "django" not in source
    assert "boto3" not in source
