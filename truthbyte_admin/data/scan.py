"""Whole-table reads in parallel Scan segments (the staff index's rebuild and full sync)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import client
from .serialization import from_item


@dataclass
class ScanResult:
    items: list[dict]
    items_read: int
    requests: int


def parallel_scan(
    table_name: str,
    *,
    segments: int = 4,
    page_size: int = 1000,
    consistent: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ScanResult:
    """Every item of ``table_name`` (deserialised), read with ``segments`` parallel Scan segments.

    Each segment runs in its own thread through :func:`client.call`; ``progress(n)`` is called
    with the number of items each page read. Raises the data layer's typed errors.
    """
    segments = max(1, int(segments))

    def one(segment: int) -> ScanResult:
        items: list[dict] = []
        read = requests = 0
        kwargs: dict = {"TableName": table_name, "Limit": page_size, "ConsistentRead": consistent}
        if segments > 1:
            kwargs.update(Segment=segment, TotalSegments=segments)
        while True:
            response = client.call("scan", **kwargs)
            requests += 1
            page = response.get("Items", [])
            read += int(response.get("ScannedCount", len(page)))
            items.extend(from_item(i) for i in page)
            if progress:
                progress(len(page))
            last = response.get("LastEvaluatedKey")
            if not last:
                return ScanResult(items, read, requests)
            kwargs["ExclusiveStartKey"] = last

    if segments == 1:
        return one(0)
    with ThreadPoolExecutor(max_workers=segments) as pool:
        parts = list(pool.map(one, range(segments)))
    return ScanResult(
        [i for p in parts for i in p.items],
        sum(p.items_read for p in parts),
        sum(p.requests for p in parts),
    )
