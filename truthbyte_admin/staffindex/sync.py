"""Keeping the index up with the game's own writes (``manage.py sync_index [--follow]``).

Per copied table: with a stream on (``manage.py enable_streams``) the sync reads its change
records from where it stopped (positions kept in IndexState ``stream:<table>``) and applies
each new image; without one it re-reads the whole table in parallel Scan segments and swaps
the copy (cost: one full read of the copied tables per pass, every
``STAFF_INDEX_SCAN_INTERVAL`` seconds, default 60). Each pass ends with the heartbeat the
pages' freshness banner shows and the category drift (stored counts vs the index).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from ..data import categories as categories_repo
from ..data import streams, tables
from ..data.errors import TableMissing
from ..data.serialization import from_item
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
            report.records += _follow_stream(kind, arn)
            report.mode[kind] = "stream"
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
    items, read = build.read_all(segments=segments)
    report.items_read += read.items_read
    for kind in kinds:
        report.mode[kind] = "scan" if kind not in read.missing else "missing"
    if set(kinds) >= set(build.COPIED) - set(read.missing):
        schema = categories_repo.schema() if tables.CATEGORIES in items else None
        apply.replace_all(items, categories_schema=schema)
        return
    for kind in kinds:  # mixed: reconcile only these tables, item by item
        seen = set()
        key_attr = apply.KINDS[kind][0] if kind in apply.KINDS else None
        for item in items.get(kind, []):
            key = {key_attr: item.get(key_attr)} if key_attr else {}
            apply.apply_item(kind, key, item)
            seen.add(str(item.get(key_attr)))
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


def _follow_stream(kind: str, arn: str) -> int:
    state = IndexState.objects.filter(name=f"stream:{kind}").first()
    data = state.data if state and state.data.get("arn") == arn else {"arn": arn, "shards": {}}
    positions: dict = data["shards"]
    applied = 0
    key_attr = apply.KINDS[kind][0] if kind in apply.KINDS else None
    for shard in streams.shards(arn):
        shard_id = shard["ShardId"]
        position = positions.get(shard_id)
        if position == "done":
            continue
        kwargs = {"StreamArn": arn, "ShardId": shard_id}
        if position:
            kwargs.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=position)
        else:
            kwargs["ShardIteratorType"] = "TRIM_HORIZON"
        iterator = streams.call("get_shard_iterator", **kwargs).get("ShardIterator")
        while iterator:
            response = streams.call("get_records", ShardIterator=iterator, Limit=1000)
            records = response.get("Records", [])
            for record in records:
                change = record["dynamodb"]
                key = from_item(change.get("Keys", {}))
                image = from_item(change["NewImage"]) if "NewImage" in change else None
                if record["eventName"] == "REMOVE":
                    image = None
                if key_attr or kind == tables.CATEGORIES:
                    apply.apply_item(kind, key, image)
                positions[shard_id] = change["SequenceNumber"]
                applied += 1
            iterator = response.get("NextShardIterator")
            if not records:
                break  # caught up on an open shard (or the shard is closed: iterator None)
        if iterator is None and shard.get("SequenceNumberRange", {}).get("EndingSequenceNumber"):
            positions[shard_id] = "done"
    apply.mark(f"stream:{kind}", data)
    return applied


def follow(*, stop=lambda: False, say=lambda message: None, segments: int = 4) -> None:
    """Sync forever: streams every second, scans every STAFF_INDEX_SCAN_INTERVAL seconds."""
    while not stop():
        started = time.monotonic()
        try:
            report = sync_once(segments=segments)
            say(
                f"synced ({', '.join(f'{k}: {m}' for k, m in report.mode.items())}; "
                f"{report.records} stream records, {report.items_read} items scanned)"
            )
            pause = scan_interval() if "scan" in report.mode.values() else 1
        except Exception:  # noqa: BLE001 - keep following; the pages flag the index as stale
            log.exception("index sync failed; retrying")
            pause = 5
        while not stop() and time.monotonic() - started < pause:
            time.sleep(0.2)
