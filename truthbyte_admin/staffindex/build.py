"""Rebuild (from scratch) and full sync: read every copied table in parallel Scan segments, as
typed records (``data/records.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..data import records as records_repo
from ..data import tables
from ..data.errors import TableMissing
from . import apply
from .drift import compute_drift

COPIED = apply.COPIED


@dataclass
class BuildReport:
    counts: dict[str, int] = field(default_factory=dict)
    items_read: int = 0
    requests: int = 0
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)


def read_all(*, segments: int = 4, progress: Callable[[str, int], None] | None = None):
    """Every copied table's records (kind -> records) and what reading them took."""
    records: dict[str, list] = {}
    report = BuildReport()
    for kind in COPIED:
        try:
            result = records_repo.scan(
                kind,
                segments=segments if kind != tables.CATEGORIES else 1,
                progress=(lambda n, k=kind: progress(k, n)) if progress else None,
            )
        except TableMissing:
            report.missing.append(kind)
            continue
        records[kind] = result.records
        report.items_read += result.items_read
        report.requests += result.requests
    return records, report


class TablesMissing(Exception):
    """Game tables the index copies don't exist: nothing was rebuilt."""

    def __init__(self, kinds: list[str]):
        self.kinds = kinds
        super().__init__(", ".join(tables.name(kind) for kind in kinds))


def rebuild(
    *, segments: int = 4, progress: Callable[[str, int], None] | None = None
) -> BuildReport:
    """Replace the whole index with what DynamoDB holds now. Another table may be missing (a
    deployment without a categories table; its pages say so), but not the questions: without
    them this is the wrong environment or endpoint, and replacing the index would empty every
    list page, so :class:`TablesMissing` is raised with the index left as it was."""
    started = time.perf_counter()
    records, report = read_all(segments=segments, progress=progress)
    if tables.QUESTIONS in report.missing:
        raise TablesMissing(report.missing)
    report.counts = apply.replace_all(records)

    # A full read: its drift is known too.
    compute_drift(categories_table=tables.CATEGORIES not in report.missing)
    report.seconds = time.perf_counter() - started
    return report
