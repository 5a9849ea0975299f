"""A generation number for the questions table, bumped by every write the app makes to it.

Caches of question-table reads (the daily-set pool, the similarity corpus) put the generation in
their key, so the app's own writes invalidate them at once in this process; a short TTL covers
other processes and the game's writes.
"""

from __future__ import annotations

from django.core.cache import cache

from . import client


def _key() -> str:
    return f"questions-generation:{client.table_name('questions')}"


def questions_generation() -> int:
    value = cache.get(_key())
    if value is None:
        cache.set(_key(), 1, None)
        return 1
    return int(value)


def bump_questions_generation() -> None:
    try:
        cache.incr(_key())
    except ValueError:
        cache.set(_key(), 2, None)
