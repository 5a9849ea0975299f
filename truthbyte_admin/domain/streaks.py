"""Daily streaks three ways: the stored values, the game's own recount, and the documented rule.

Support staff are asked why a player who plays every day shows a streak of 0. The answer is
that the game counts only day records marked `completed: true`, which its own writer never
sets (GAME.md, "Streaks"). This module computes each number from the same day-by-day facts
and explains, in plain English, every place where they disagree.

Days are any mapping `date -> day` whose day objects have `played: bool`,
`score: int | None` (percent 0..100) and `stored_completed: bool | None` (the documented
`completed` flag). Turning DynamoDB items into such objects is someone else's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from .ranks import STREAK_THRESHOLD

ONE_DAY = timedelta(days=1)

MISSED = "missed"
BELOW = "below"
QUALIFIED = "qualified"
PLAYED_UNKNOWN = "played_unknown"

TODAY_PENDING = "Today isn't played yet; the documented streak still counts up to yesterday."


class DayLike(Protocol):
    """What a day record must offer; any object with these attributes will do."""

    @property
    def played(self) -> bool: ...

    @property
    def score(self) -> Any: ...

    @property
    def stored_completed(self) -> bool | None: ...


Days = Mapping[date, DayLike]


def day_status(day: DayLike | None) -> str:
    """Classify one day for the documented rule.

    "missed" (no record, or not played), "below" (played, score < 70), "qualified" (played,
    score >= 70, exactly 70 counts), "played_unknown" (played to the end but no score known).
    """
    if day is None or not day.played:
        return MISSED
    if day.score is None:
        return PLAYED_UNKNOWN
    return QUALIFIED if day.score >= STREAK_THRESHOLD else BELOW


def _qualifies(days: Days, on: date) -> bool:
    return day_status(days.get(on)) == QUALIFIED


def _played(days: Days, on: date) -> bool:
    day = days.get(on)
    return day is not None and bool(day.played)


@dataclass(frozen=True)
class StreakFacts:
    """The documented streak: current run, longest run, where the current run started, and
    the day that broke the most recent run (None while a run is still going). While one is
    going, ``earlier_broken_on`` is the day that broke the run before it (of
    ``earlier_length`` days), the answer to "my streak reset though I played"."""

    current: int
    best: int
    current_start: date | None
    broken_on: date | None
    earlier_broken_on: date | None = None
    earlier_length: int = 0
    # Every day that ended a run, oldest first (outlined on the calendar); derived from the runs
    # the fields above describe, so not part of what makes two facts equal.
    break_days: tuple[date, ...] = field(default=(), compare=False)


def _runs(days: Days, until: date) -> list[tuple[date, date]]:
    """Maximal runs of consecutive qualifying days up to `until`, as (first, last), oldest first."""
    qualifying = sorted(d for d in days if d <= until and _qualifies(days, d))
    runs: list[tuple[date, date]] = []
    for d in qualifying:
        if runs and runs[-1][1] + ONE_DAY == d:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def documented_streaks(days: Days, today: date) -> StreakFacts:
    """The documented rule: consecutive UTC days, ending today, completed with score >= 70.

    Choice: while today is not yet played, the run ending yesterday still counts as current,
    because the UTC day isn't over and the player can still keep it; playing today below 70
    ends it. A day played with an unknown score does not qualify (the rule needs the score).
    Days after `today` are ignored. `best` is the longest run ever, the current one included.
    """
    runs = _runs(days, today)
    if not runs:
        return StreakFacts(current=0, best=0, current_start=None, broken_on=None)
    best = max((last - first).days + 1 for first, last in runs)
    first, last = runs[-1]
    ongoing = last == today or (last == today - ONE_DAY and not _played(days, today))
    ended = tuple(end + ONE_DAY for _, end in (runs[:-1] if ongoing else runs))
    if ongoing:
        earlier = runs[-2] if len(runs) > 1 else None
        return StreakFacts(
            current=(last - first).days + 1,
            best=best,
            current_start=first,
            broken_on=None,
            earlier_broken_on=earlier[1] + ONE_DAY if earlier else None,
            earlier_length=(earlier[1] - earlier[0]).days + 1 if earlier else 0,
            break_days=ended,
        )
    return StreakFacts(
        current=0, best=best, current_start=None, broken_on=last + ONE_DAY, break_days=ended
    )


def game_streak(days: Days, on: date) -> int:
    """What the game computes: consecutive days back from `on` (inclusive) whose record has
    `completed: true`; it stops at the first day missing or without it. Usually 0, because
    the game's own writer never sets that flag."""
    count = 0
    current = on
    while True:
        day = days.get(current)
        if day is None or day.stored_completed is not True:
            return count
        count += 1
        current -= ONE_DAY


@dataclass(frozen=True)
class StaffStore:
    """The latest "store streaks" by staff on a player, as the audit log has it: who, when and
    the values it wrote (None: not written)."""

    actor: str
    at: datetime
    current: int | None
    best: int | None

    @property
    def who(self) -> str:
        return f"by {self.actor} on {self.at:%Y-%m-%d %H:%M} UTC, “Store streaks” in the audit log"


@dataclass(frozen=True)
class StreakComparison:
    """Stored streak values, the game's recount from today, the documented streak, and why
    they differ (one plain-English line per reason; empty when they all agree)."""

    stored_current: int | None
    stored_best: int | None
    game_current: int
    documented: StreakFacts
    reasons: list[str]
    # The streak attributes stored but not numbers (their names): None above means unreadable.
    unreadable: frozenset[str] = frozenset()
    # The staff store whose values the record still holds (None: none, or changed since).
    staff_store: StaffStore | None = None

    @property
    def agree(self) -> bool:
        """True when stored, recounted and documented values tell the same story."""
        return not self.reasons


def _days_word(n: int) -> str:
    return f"{n} consecutive day" if n == 1 else f"{n} consecutive days"


def break_cause(days: Days, broken_on: date) -> str:
    """What ended a run on ``broken_on``: "scored 60% (< 70%)", "missed"…"""
    day = days.get(broken_on)
    status = day_status(day)
    if status == BELOW:
        return f"scored {day.score}% (< {STREAK_THRESHOLD}%)"
    if status == PLAYED_UNKNOWN:
        return (
            f"played, but no score is recorded, so it can't count towards the "
            f"{STREAK_THRESHOLD}% rule"
        )
    return "missed"


def _break_reason(days: Days, broken_on: date) -> str:
    return f"The streak broke on {broken_on.isoformat()}: {break_cause(days, broken_on)}."


def _game_vs_documented(days: Days, game: int, documented: StreakFacts, today: date) -> str | None:
    doc = documented.current
    if game == doc:
        return None
    if game > doc:
        return (
            f"The game counts {_days_word(game)} marked complete whatever the score; "
            f"the documented rule (at least {STREAK_THRESHOLD}% each day) counts {doc}."
        )
    marked_anywhere = any(
        getattr(day, "stored_completed", None) is True for d, day in days.items() if d <= today
    )
    if game == 0 and not marked_anywhere:
        return (
            "The game counts only days marked complete, which the game itself never marks, "
            f"so it shows 0 although the player qualified on {_days_word(doc)}."
        )
    stop = today - timedelta(days=game)
    why = "has no record" if stop not in days else "isn't marked complete"
    return (
        f"The game's count from today stops at {stop.isoformat()}, which {why}, so it shows "
        f"{game}; the documented rule counts {_days_word(doc)}."
    )


def _stored_vs_game(days: Days, stored: int, game: int, today: date) -> str | None:
    if stored == game:
        return None
    played = [d for d in days if d <= today and _played(days, d)]
    if not played:
        return (
            f"Stored streak is {stored} but no played day is on record, so today's recount "
            f"gives {game}."
        )
    last = max(played)
    at_last = game_streak(days, last)
    if stored != at_last:
        return (
            f"Stored streak ({stored}) doesn't match a recount at the last submitted daily "
            f"({last.isoformat()}), which gives {at_last}: the day records changed after it was "
            "stored, staff stored it (“Store streaks”, in the audit log), or something other "
            "than the game changed it."
        )
    if last != today:
        return (
            f"Stored streak was computed when the last daily was submitted ({last.isoformat()}); "
            f"today's recount differs because it starts from today ({today.isoformat()}), "
            f"which isn't yet marked complete, so it gives {game}."
        )
    return (
        f"Stored streak was computed when the last daily was submitted ({last.isoformat()}); "
        f"today's recount gives {game} because the earlier day records changed since."
    )


def _stored_current_reason(
    days: Days,
    stored_cur: int | None,
    game: int,
    documented: StreakFacts,
    today: date,
    unreadable: Mapping[str, str],
    staff_store: StaffStore | None,
) -> list[str]:
    if "current_daily_streak" in unreadable:
        return [
            f"The stored current streak is not a number (“{unreadable['current_daily_streak']}”), "
            "so it can't be compared."
        ]
    if stored_cur is None:
        if game or documented.current:
            return [
                "No current streak is stored on the player record; the game stores one "
                "only when a daily is submitted."
            ]
        return []
    if staff_store is not None and stored_cur != game:
        return [
            f"Stored streak ({stored_cur}) was stored by staff ({staff_store.who}) with the "
            f"documented rule, not by the game; the game's recount from today gives {game}."
        ]
    reason = _stored_vs_game(days, stored_cur, game, today)
    return [reason] if reason else []


def _stored_best_reason(
    stored_bst: int | None,
    documented: StreakFacts,
    unreadable: Mapping[str, str],
    staff_store: StaffStore | None,
) -> list[str]:
    if "best_daily_streak" in unreadable:
        return [
            f"The stored best streak is not a number (“{unreadable['best_daily_streak']}”), so "
            f"it can't be compared; the documented best is {documented.best}."
        ]
    if staff_store is not None and stored_bst != documented.best:
        return [
            f"Stored best streak ({stored_bst}) was stored by staff ({staff_store.who}); the "
            f"documented best is {documented.best}."
        ]
    if stored_bst is not None and stored_bst > documented.best:
        return [
            f"Stored best streak ({stored_bst}) is higher than the documented best "
            f"({documented.best}): the game keeps the longest run it ever counted, and it "
            "counts every day marked complete whatever its score, where the documented rule "
            "needs 70 % or more."
        ]
    if stored_bst is not None and stored_bst < documented.best:
        return [
            f"Stored best streak ({stored_bst}) is lower than the documented best "
            f"({documented.best}): the game counts only days marked complete, and the day "
            "records it writes itself never are; it keeps the longest run it counted."
        ]
    if stored_bst is None and documented.best > 0:
        return [
            "No best streak is stored on the player record; the documented best is "
            f"{documented.best}."
        ]
    return []


def compare_streaks(
    days: Days,
    *,
    stored_current: int | None,
    stored_best: int | None,
    today: date,
    unreadable: Mapping[str, str] | None = None,
    staff_store: StaffStore | None = None,
) -> StreakComparison:
    """Put the stored values, the game's recount from today and the documented streak side by
    side, with a reason for each disagreement (the questions support staff get asked).
    `staff_store`: the latest staff store on the record, from the audit log; named as the
    writer while the record still holds exactly what it wrote."""
    documented = documented_streaks(days, today)
    game = game_streak(days, today)
    stored_cur = None if stored_current is None else int(stored_current)
    stored_bst = None if stored_best is None else int(stored_best)
    reasons: list[str] = []
    unreadable = unreadable or {}
    if staff_store is not None and (
        unreadable or (stored_cur, stored_bst) != (staff_store.current, staff_store.best)
    ):
        staff_store = None

    if documented.current > 0 and not _played(days, today):
        reasons.append(TODAY_PENDING)

    reason = _game_vs_documented(days, game, documented, today)
    if reason:
        reasons.append(reason)

    reasons.extend(
        _stored_current_reason(days, stored_cur, game, documented, today, unreadable, staff_store)
    )
    reasons.extend(_stored_best_reason(stored_bst, documented, unreadable, staff_store))

    # Only worth saying once something disagrees: it explains why the documented count is 0.
    if reasons and documented.broken_on is not None:
        reasons.append(_break_reason(days, documented.broken_on))

    return StreakComparison(
        stored_current=stored_cur,
        stored_best=stored_bst,
        game_current=game,
        documented=documented,
        reasons=reasons,
        unreadable=frozenset(unreadable),
        staff_store=staff_store,
    )


# --- storing the recomputed streaks ------------------------------------------------------------


@dataclass(frozen=True)
class StreakUpdate:
    """What "store the recomputed streaks" writes: the documented current streak, and a best
    streak that never drops below the stored one unless the admin chose to lower it.

    The game itself never lowers a best streak (it stores the larger of the best and its own
    count), so a stored best above the documented one is kept by default: it may come from days
    the game counted whatever their score, or from days no longer on the record.
    """

    current: int
    best: int
    recomputed_best: int  # the documented best
    stored_current: int | None  # None: not stored, or not a number (see `unreadable`)
    stored_best: int | None
    unreadable: frozenset[str] = frozenset()

    @property
    def best_drop(self) -> int:
        """How many days of best streak the player would lose if the recomputed best were
        stored (0 when it is not lower than the stored best)."""
        if self.stored_best is None:
            return 0
        return max(0, self.stored_best - self.recomputed_best)

    @property
    def lowers_best(self) -> bool:
        return self.stored_best is not None and self.best < self.stored_best

    @property
    def keeps_higher_best(self) -> bool:
        """The stored best is higher than the recomputed one and stays."""
        return self.best_drop > 0 and not self.lowers_best

    @property
    def changes_anything(self) -> bool:
        """Whether the write changes what the record says. A streak that is not stored reads as
        0 everywhere, so storing 0 over nothing changes nothing; a stored value that is not a
        number is always replaced."""
        if self.unreadable:
            return True
        stored = (self.stored_current or 0, self.stored_best or 0)
        return stored != (self.current, self.best)


def streaks_to_store(comparison: StreakComparison, *, lower_best: bool = False) -> StreakUpdate:
    """The streaks to store from `comparison`: the documented current streak, and the higher of
    the stored and documented best — or the documented best when `lower_best` (the admin's
    explicit choice)."""
    documented = comparison.documented
    stored_best = comparison.stored_best
    keep = not lower_best and stored_best is not None and stored_best > documented.best
    return StreakUpdate(
        current=documented.current,
        best=stored_best if keep else documented.best,
        recomputed_best=documented.best,
        stored_current=comparison.stored_current,
        stored_best=stored_best,
        unreadable=comparison.unreadable,
    )


def worth_storing(comparison: StreakComparison) -> bool:
    """Whether "store the recomputed streaks" has anything to offer: a change by default, or a
    stored best the admin may choose to lower."""
    update = streaks_to_store(comparison)
    return update.changes_anything or update.best_drop > 0


class StoredStreaks(Protocol):
    """A player record as stored: its days and the streaks the game keeps on it."""

    days: Days
    current_daily_streak: int | None
    best_daily_streak: int | None
    unreadable_streaks: Mapping[str, str]


def compare_player_streaks(
    player: StoredStreaks, today: date, *, staff_store: StaffStore | None = None
) -> StreakComparison:
    """:func:`compare_streaks` for a player record as stored."""
    return compare_streaks(
        player.days,
        stored_current=player.current_daily_streak,
        stored_best=player.best_daily_streak,
        today=today,
        unreadable=player.unreadable_streaks,
        staff_store=staff_store,
    )
