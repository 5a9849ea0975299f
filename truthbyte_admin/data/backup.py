"""Back up and restore every table as JSON (DynamoDB's typed attribute-value form, so a round
trip is exact: numbers stay numbers with their digits, lists stay lists, sets stay sets)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from . import client, tables
from .batch import BATCH_WRITE_LIMIT, MAX_ROUNDS
from .errors import Throttled

MANIFEST = "manifest.json"


def _scan_raw(table_name: str) -> Iterator[dict]:
    start = None
    while True:
        kwargs: dict = {"TableName": table_name}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        yield from response.get("Items", [])
        start = response.get("LastEvaluatedKey")
        if not start:
            return


def export_tables(directory: Path, *, log: Callable[[str], None] = print) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    manifest: dict = {"format": "truthbyte-admin-backup/1", "tables": {}}
    for spec in tables.catalogue():
        described = tables.describe(spec.kind)
        if described is None:
            log(f"skip     {spec.name} (missing)")
            continue
        path = directory / f"{spec.kind}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            n = 0
            for item in _scan_raw(spec.name):
                handle.write(json.dumps(item, sort_keys=True, ensure_ascii=False) + "\n")
                n += 1
        counts[spec.kind] = n
        manifest["tables"][spec.kind] = {"key_schema": described["KeySchema"], "items": n}
        log(f"exported {spec.name}: {n} items")
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return counts


def import_tables(directory: Path, *, log: Callable[[str], None] = print) -> dict[str, int]:
    """Restore a backup into this environment's tables (created when missing). Items with the
    same key are overwritten; nothing else is deleted, so a restore is safe to re-run."""
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise ValueError(f"{manifest_path} not found: not a backup made by export_tables")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise ValueError(f"{manifest_path} is not valid JSON") from exc
    entries = manifest.get("tables") if isinstance(manifest, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"{manifest_path} lists no tables")
    categories_schema = entries.get(tables.CATEGORIES, {}).get("key_schema") or []
    categories_key = next(
        (k["AttributeName"] for k in categories_schema if k.get("KeyType") == "HASH"), "category_id"
    )
    tables.create_missing_tables(categories_key, only=list(entries), wait=True)
    counts: dict[str, int] = {}
    for kind in entries:
        path = directory / f"{kind}.jsonl"
        if kind not in {s.kind for s in tables.catalogue()} or not path.is_file():
            continue
        batch: list[dict] = []
        n = 0
        with path.open(encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{line_number}: not valid JSON") from exc
                batch.append({"PutRequest": {"Item": item}})
                if len(batch) == BATCH_WRITE_LIMIT:
                    _write_raw(tables.name(kind), batch)
                    n += len(batch)
                    batch = []
        if batch:
            _write_raw(tables.name(kind), batch)
            n += len(batch)
        counts[kind] = n
        log(f"imported {tables.name(kind)}: {n} items")
    from . import cache

    cache.written(*counts)
    return counts


def _write_raw(table_name: str, requests: list[dict]) -> None:
    pending = {table_name: requests}
    for round_number in range(MAX_ROUNDS):
        response = client.call("batch_write_item", RequestItems=pending)
        pending = response.get("UnprocessedItems") or {}
        if not pending:
            return
        time.sleep(min(0.05 * (2**round_number), 1.0))
    raise Throttled("DynamoDB left writes unprocessed after repeated retries.")
