"""The daily pages' request parameters, parsed and validated once (bad ones → a 400 page)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import QueryDict

from ..core.errors import BadQuery

RANGE_LENGTHS = (14, 30)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(raw: str | None, *, name: str, default: dt.date) -> dt.date:
    """``YYYY-MM-DD`` (a real calendar date) or, when absent/blank, ``default``."""
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not _ISO_DATE.fullmatch(value):
        raise BadQuery(f"“{name}” must be a date written YYYY-MM-DD, not “{value[:40]}”.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadQuery(f"“{value}” is not a real date.") from None


def _step(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


@dataclass(frozen=True)
class DayQuery:
    day: dt.date

    @classmethod
    def from_params(cls, params: QueryDict, *, today: dt.date) -> DayQuery:
        return cls(parse_day(params.get("date"), name="date", default=today))

    @property
    def previous(self) -> dt.date | None:
        return _step(self.day, -1)

    @property
    def next(self) -> dt.date | None:
        return _step(self.day, 1)


@dataclass(frozen=True)
class RangeQuery:
    start: dt.date
    days: int

    @classmethod
    def from_params(cls, params: QueryDict, *, today: dt.date) -> RangeQuery:
        start = parse_day(params.get("start"), name="start", default=today)
        raw_days = (params.get("days") or "").strip() or str(RANGE_LENGTHS[0])
        if raw_days not in {str(n) for n in RANGE_LENGTHS}:
            choices = " or ".join(str(n) for n in RANGE_LENGTHS)
            raise BadQuery(f"“days” must be {choices}, not “{raw_days[:20]}”.")
        days = int(raw_days)
        if _step(start, days) is None:
            raise BadQuery("That range runs past the last date the calendar can show.")
        return cls(start, days)

    @property
    def previous(self) -> dt.date | None:
        return _step(self.start, -self.days)

    @property
    def next(self) -> dt.date | None:
        return _step(self.start, self.days)
