"""The staff index in tests: ``synced()`` stands for the sync having caught up with what was
written straight to DynamoDB (the game's writes, raw test fixtures)."""

from __future__ import annotations

from truthbyte_admin.staffindex.build import rebuild


def synced() -> None:
    rebuild()
