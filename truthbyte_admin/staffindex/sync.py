"""Keeping the index up with the game's own writes (``manage.py sync_index [--follow]``).

Per copied table: with a stream on (``manage.py enable_streams``) the sync reads its changes
(typed records, from ``data/streams.py``) from where it stopped (positions kept in IndexState
``stream:<table>``) and applies each; without one it re-reads the whole table in parallel Scan
segments and swaps the copy (cost: one full read of the copied tables per pass, every
``STAFF_INDEX_SCAN_INTERVAL`` seconds, default 60). Each pass ends with the heartbeat the
pages' freshness banner shows and the category drift (stored counts vs the index).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from ..data import streams, tables
from ..data.errors import TableMissing
from ..data.streams import StreamChange
from . import apply, build
from .drift import compute_drift
from .models import IndexState

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    mode: dict[str, str] = field(default_factory=dict)  # kind -> "stream" | "scan" | "missing"
    records: int = 0
    items_read: int = 0


def scan_interval() -> int:
    return int(getattr(settings, "STAFF_INDEX_SCAN_INTERVAL", 60))


def sync_once(*, segments: int = 4) -> SyncReport:
    report = SyncReport()
    scan_kinds = []
    for kind in build.COPIED:
        try:
            arn = streams.stream_arn(tables.name(kind))
        except TableMissing:
            report.mode[kind] = "missing"
            continue
        if arn:
            applied, missed = _follow_stream(kind, arn)
            report.records += applied
            report.mode[kind] = "stream"
            if missed:  # the stream no longer holds where we stopped: re-read the table too
                scan_kinds.append(kind)
        else:
            scan_kinds.append(kind)
    if scan_kinds:
        _full_pass(scan_kinds, report, segments=segments)
    compute_drift(categories_table=report.mode.get(tables.CATEGORIES) != "missing")
    modes = set(report.mode.values()) - {"missing"}
    apply.mark(
        "sync",
        {
            "mode": "streams"
            if modes == {"stream"}
            else "scans"
            if modes <= {"scan"}
            else "streams+scans",
            "tables": report.mode,
        },
    )
    return report


def _full_pass(kinds: list[str], report: SyncReport, *, segments: int) -> None:
    """Re-read the tables without a stream and swap their copies (stream tables are kept)."""
    records, read = build.read_all(segments=segments)
    report.items_read += read.items_read
    for kind in kinds:
        if report.mode.get(kind) != "stream":
            report.mode[kind] = "scan" if kind not in read.missing else "missing"
    if set(kinds) >= set(build.COPIED) - set(read.missing):
        apply.replace_all(records)
        return
    for kind in kinds:  # mixed: reconcile only these tables, record by record
        seen = set()
        for record in records.get(kind, []):
            record_id = apply.record_id(kind, record)
            apply.apply_record(kind, record_id, record)
            seen.add(record_id)
        _remove_unseen(kind, seen)


def _remove_unseen(kind: str, seen: set[str]) -> None:
    from .models import IndexedPlayer, IndexedQuestion, IndexedSubmission

    model, attr = {
        tables.QUESTIONS: (IndexedQuestion, "qid"),
        tables.SUBMISSIONS: (IndexedSubmission, "sid"),
        tables.USERS: (IndexedPlayer, "user_id"),
    }.get(kind, (None, None))
    if model is not None:
        model.objects.exclude(**{f"{attr}__in": seen}).delete()
        if model is IndexedQuestion:
            apply.questions_changed()


def _apply_change(change: StreamChange) -> str:
    """Index one stream change (the record as it is now, or its removal); returns its position."""
    apply.apply_record(change.kind, change.item_id, change.record)
    return change.position


# The iterator each shard was left at by this process, with the position it follows: the next
# pass goes on from it (one request fewer per shard, and DynamoDB Local, once restarted on its
# data, accepts no stored position at all). A stored position is the fallback after a restart.
_open_iterators: dict[tuple[str, str], tuple[str, str | None]] = {}


def _follow_stream(kind: str, arn: str) -> tuple[int, bool]:
    """Apply the stream's new records; returns how many, and whether some were missed (the
    position kept is no longer in the stream)."""
    state = IndexState.objects.filter(name=f"stream:{kind}").first()
    data = state.data if state and state.data.get("arn") == arn else {"arn": arn, "shards": {}}
    positions: dict = data["shards"]
    applied, missed = 0, False
    for shard in streams.shards(arn):
        shard_id = shard.id
        position = positions.get(shard_id)
        if position == "done":
            continue
        kept = _open_iterators.pop((arn, shard_id), None)
        if kept and kept[1] == position:
            iterator = kept[0]
        else:
            iterator, gap = streams.shard_iterator(arn, shard_id, position)
            missed = missed or gap
        while iterator:
            try:
                changes, next_iterator = streams.changes(iterator, kind)
            except streams.PositionGone:  # expired (15 minutes): from the position kept
                iterator, gap = streams.shard_iterator(arn, shard_id, positions.get(shard_id))
                missed = missed or gap
                continue
            for change in changes:
                positions[shard_id] = _apply_change(change)
                applied += 1
            iterator = next_iterator
            if not changes:
                break  # caught up on an open shard (or the shard is closed: iterator None)
        if iterator is None and shard.closed:
            positions[shard_id] = "done"
        elif iterator is not None:
            _open_iterators[(arn, shard_id)] = (iterator, positions.get(shard_id))
    apply.mark(f"stream:{kind}", data)
    if missed:
        log.warning(
            "%s: the stream no longer holds the sync's position; re-reading the table", kind
        )
    return applied, missed


FAILURE_PAUSE = 5  # seconds between tries while syncing fails
FAILURE_SAID_EVERY = 60  # seconds: while it keeps failing, a line a minute, not one every try


def follow(*, stop=lambda: False, say=lambda message: None, segments: int = 4) -> None:
    """Sync forever: streams every second, scans every STAFF_INDEX_SCAN_INTERVAL seconds.

    Its log stays readable for a week: a pass that changed nothing is said only the first
    time (streams are read every second: 3,600 lines an hour), and a failure's traceback is
    logged when it starts (or turns into another kind of failure), then a line a minute while
    it lasts, and one line when syncing works again."""
    failures = 0
    failing: type | None = None  # the kind of failure whose traceback was logged last
    said_at = 0.0
    first = True
    while not stop():
        started = time.monotonic()
        try:
            report = sync_once(segments=segments)
        except Exception as exc:  # noqa: BLE001 - keep following; the pages flag the index as stale
            failures += 1
            if type(exc) is not failing:
                log.exception("index sync failed; retrying every %d s", FAILURE_PAUSE)
                failing, said_at = type(exc), time.monotonic()
            elif time.monotonic() - said_at >= FAILURE_SAID_EVERY:
                log.warning(
                    "index sync still failing (%d tries in a row): %s: %s",
                    failures,
                    type(exc).__name__,
                    exc,
                )
                said_at = time.monotonic()
            pause = FAILURE_PAUSE
        else:
            if failures:
                log.warning("index sync works again after %d failed tries", failures)
                failures, failing = 0, None
            if first or report.records or report.items_read:
                say(
                    f"synced ({', '.join(f'{k}: {m}' for k, m in report.mode.items())}; "
                    f"{report.records} stream records, {report.items_read} items scanned)"
                )
            first = False
            pause = scan_interval() if "scan" in report.mode.values() else 1
        while not stop() and time.monotonic() - started < pause:
            time.sleep(0.2)
