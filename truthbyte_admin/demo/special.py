"""Fixed ids of the demo world's special players (for demos, docs and tests).

Their shapes are the same whatever the seed and sizes; only `--today` moves their dates.
"""

from __future__ import annotations

import hashlib

SEVEN_DAY_PLAYER = "5eed0000-0000-4000-8000-000000000007"
"""Played every day for the last 7 days (today included), all at >= 70 %, in the game's own day
shape (no `completed` flag): stored streaks 0/0, documented streak 7. The support question."""

YEAR_PLAYER = "5eed0000-0000-4000-8000-000000000365"
"""A 365-day history ending today with gaps and some days below 70 %: documented-shape days
(`completed: true`) until 60 days ago, the game's shape since. Stored current 0, best > 0.
Its answers are seeded for the whole history."""

DOCUMENTED_STREAK_PLAYER = "5eed0000-0000-4000-8000-000000000005"
"""Documented-shape days only, the last 5 consecutive ending today: stored current 5."""

MESSY_PLAYER = "5eed0000-0000-4000-8000-00000000bad0"
"""Messy data: numbers stored as strings, an empty map day, non-date keys, a day whose
`answers` is not a list, a score out of range."""

NO_PROGRESS_PLAYER = "5eed0000-0000-4000-8000-000000000000"
"""A player record with no `daily_progress` attribute and no streak fields at all."""

PROLIFIC_AUTHOR = "5eed0000-0000-4000-8000-0000000000a1"
"""A player with many submissions (pending, approved and rejected) and a few sessions."""

SPECIAL_PLAYERS: tuple[str, ...] = (
    SEVEN_DAY_PLAYER,
    YEAR_PLAYER,
    DOCUMENTED_STREAK_PLAYER,
    MESSY_PLAYER,
    NO_PROGRESS_PLAYER,
    PROLIFIC_AUTHOR,
)

SHARED_IP_HASH = hashlib.sha256(b"203.0.113.7").hexdigest()
"""An ip_hash shared by sessions of several players, special ones included."""

XSS_SUBMISSION_ID = "q_0bad0001"
"""A pending submission, game shape, whose text is `<script>alert('x')</script>`."""
