"""Rebuild (from scratch) and full sync: read every copied table in parallel Scan segments."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..data import categories as categories_repo
from ..data import tables
from ..data.errors import TableMissing
from ..data.scan import parallel_scan
from . import apply
from .drift import compute_drift

COPIED = (tables.QUESTIONS, tables.SUBMISSIONS, tables.USERS, tables.CATEGORIES)


@dataclass
class BuildReport:
    counts: dict[str, int] = field(default_factory=dict)
    items_read: int = 0
    requests: int = 0
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)


def read_all(*, segments: int = 4, progress: Callable[[str, int], None] | None = None):
    items: dict[str, list[dict]] = {}
    report = BuildReport()
    for kind in COPIED:
        try:
            result = parallel_scan(
                tables.name(kind),
                segments=segments if kind != tables.CATEGORIES else 1,
                progress=(lambda n, k=kind: progress(k, n)) if progress else None,
            )
        except TableMissing:
            report.missing.append(kind)
            continue
        items[kind] = result.items
        report.items_read += result.items_read
        report.requests += result.requests
    return items, report


def rebuild(
    *, segments: int = 4, progress: Callable[[str, int], None] | None = None
) -> BuildReport:
    """Replace the whole index with what DynamoDB holds now."""
    started = time.perf_counter()
    items, report = read_all(segments=segments, progress=progress)
    schema = categories_repo.schema() if tables.CATEGORIES not in report.missing else None
    report.counts = apply.replace_all(items, categories_schema=schema)

    compute_drift(categories_table=schema is not None)  # a full read: its drift is known too
    report.seconds = time.perf_counter() - started
    return report
