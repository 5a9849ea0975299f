"""What the players' pages are asked for, parsed once: the answers history's filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from ..data.models import Answer


@dataclass(frozen=True)
class AnswersFilter:
    """Which answers the history shows: a UTC date range (inclusive) and a mode."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mode: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.mode)

    def matches(self, answer: Answer) -> bool:
        if self.mode and (answer.mode or "") != self.mode:
            return False
        if self.date_from or self.date_to:
            if answer.timestamp is None:
                return False
            day = answer.timestamp.astimezone(dt.UTC).date()
            if self.date_from and day < self.date_from:
                return False
            if self.date_to and day > self.date_to:
                return False
        return True

    def query_string(self, page: int) -> str:
        params = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "mode": self.mode,
            "page": page,
        }
        return urlencode({k: v for k, v in params.items() if v})
