"""How fresh the index is, for the banner every list page shows.

"Updated" is the last time the sync (or a rebuild) confirmed the index matches DynamoDB; the
admin's own writes are applied at once but don't count as a confirmation. Older than
``STAFF_INDEX_STALE_SECONDS`` (default 120 s) means the sync is down: pages say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import IndexState


@dataclass(frozen=True)
class Freshness:
    updated_at: dt.datetime | None
    age_seconds: int | None
    stale_after: int
    mode: str

    @property
    def never_built(self) -> bool:
        return self.updated_at is None

    @property
    def stale(self) -> bool:
        return self.age_seconds is None or self.age_seconds > self.stale_after

    @property
    def age_text(self) -> str:
        return age_text(self.age_seconds or 0)


def age_text(seconds: int) -> str:
    """ "12 s ago", "3 min ago", "5 h ago", "2 days ago"."""
    s = max(0, seconds)
    if s < 120:
        return f"{s} s ago"
    if s < 7200:
        return f"{s // 60} min ago"
    if s < 172800:
        return f"{s // 3600} h ago"
    return f"{s // 86400} days ago"


def stale_after() -> int:
    return int(getattr(settings, "STAFF_INDEX_STALE_SECONDS", 120))


def current() -> Freshness:
    states = {s.name: s for s in IndexState.objects.filter(name__in=["built", "sync"])}
    times = [s.updated_at for s in states.values()]
    updated = max(times) if times else None
    mode = states["sync"].data.get("mode", "") if "sync" in states else ""
    age = int((timezone.now() - updated).total_seconds()) if updated else None
    return Freshness(updated, max(0, age) if age is not None else None, stale_after(), mode)
