"""The one clock the jobs read. UTC throughout: the game's day starts at 00:00 UTC (GAME.md),
and staff pages say UTC explicitly. Pure code (domain/) never reads it: it takes `now` or
`today` as an argument, so it is tested without a clock."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def epoch_seconds() -> float:
    """Now as the game stores times: seconds since 1970-01-01 UTC."""
    return utc_now().timestamp()


def utc_today() -> dt.date:
    """The game's day now."""
    return utc_now().date()


def minute_up(moment: dt.datetime) -> dt.datetime:
    """The first whole minute at or after ``moment``: an end shown to the minute ("locked out
    until 03:57") is then never earlier than the real one (03:56:58 shown as 03:56 would send
    someone back too soon)."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + dt.timedelta(minutes=1)
