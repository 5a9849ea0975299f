"""CSV export of audit entries: spreadsheet-safe cells (no formula injection)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = ["time_utc", "staff", "action", "item_type", "item_id", "note", "before", "after"]


def safe_cell(value: object) -> str:
    """The text of ``value`` as a CSV cell no spreadsheet will evaluate: a leading ``'``
    before any formula start (the apostrophe is the spreadsheets' own "this is text" mark)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _payload(value: object) -> str:
    if value is None or value == {} or value == "":
        return ""
    return (
        value
        if isinstance(value, str)
        else json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)  # as written
    )


def rows(records: Iterable) -> Iterator[list[str]]:
    for record in records:
        yield [
            safe_cell(cell)
            for cell in (
                record.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                record.actor,
                record.action,
                record.entity_type,
                record.entity_id,
                record.note,
                _payload(record.before),
                _payload(record.after),
            )
        ]


def lines(records: Iterable) -> Iterator[str]:
    """The CSV text line by line (header first), for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [HEADER, *rows(records)]:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
