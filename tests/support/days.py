"""A player's stored day as the pure day-facts functions read it (duck-typed: the fields of
players' day records they use), for unit tests without I/O."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Day:
    played: bool = True
    score: int | None = 80
    stored_completed: bool | None = None
    shape: str = "game"
    stored_rank: str | None = None
