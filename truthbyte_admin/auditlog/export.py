"""CSV export of audit entries: spreadsheet-safe cells (no formula injection).

The codes stay for machines (``action``, ``item_type``); beside them the page's words
(``action_label``), and what an entry recorded before and after reads one field a line,
"display name: Science", as staff words for the fields the page knows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from ..core import audit_labels as labels
from ..domain.validation import quoted_as_typed

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "time_utc",
    "staff",
    "action",
    "action_label",
    "item_type",
    "item_id",
    "note",
    "before",
    "after",
]


def safe_cell(value: object) -> str:
    """The text of ``value`` as a CSV cell no spreadsheet will evaluate: a leading ``'``
    before any formula start (the apostrophe is the spreadsheets' own "this is text" mark)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _value(value: object, name: str = "") -> str:
    if value is None:
        return "(none)"
    shown = labels.shown_field(name, value)
    if shown is not None:
        return shown
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)  # as written


def readable(value: object, *, item_type: str = "") -> str:
    """What an entry recorded, for a reader: one "field: value" line per field (the field in
    staff words; its stored name after it where two share the words), values as the page shows
    them, anything nested as written (JSON). ``item_type``: what the entry is about ("category":
    its "question" is the id of the question it concerns, not a question's text)."""
    if value is None or value == {} or value == "":
        return ""
    if not isinstance(value, dict):
        return _value(value)
    names = sorted(value, key=str)
    words = [_label(str(name), value[name], item_type) for name in names]
    return "\n".join(
        f"{label if words.count(label) == 1 else f'{label} ({name})'}: {_value(value[name], name)}"
        for name, label in zip(names, words, strict=True)
    )


# What a whole record kept under a field is: an approval keeps the question it created.
_RECORD_LABELS = {"question": "new question"}


# Fields of an entry about a category that name another item by its id: a list repair or a
# category's creation names the question it concerns.
_ID_LABELS = {("category", "question"): "question id"}


def _label(name: str, value: object, item_type: str = "") -> str:
    if isinstance(value, dict):
        return _RECORD_LABELS.get(name) or labels.field_label(name)
    return _ID_LABELS.get((item_type, name)) or labels.field_label(name)


def rows(records: Iterable) -> Iterator[list[str]]:
    for record in records:
        yield [
            safe_cell(cell)
            for cell in (
                record.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                quoted_as_typed(record.actor, limit=len(record.actor)),
                record.action,
                labels.action_label(record.action),
                record.entity_type,
                # As on the page: a text-direction control can't make a typed username read
                # as another in a spreadsheet.
                quoted_as_typed(record.entity_id, limit=len(record.entity_id)),
                record.note,
                readable(record.before, item_type=record.entity_type),
                readable(record.after, item_type=record.entity_type),
            )
        ]


def lines(records: Iterable) -> Iterator[str]:
    """The CSV text line by line (header first), for a streaming response. It starts with a
    byte-order mark: Excel reads a CSV without one in the computer's old code page, turning
    "Lagerlöf" and "→" into mojibake; other readers take it as UTF-8 either way."""
    yield "\ufeff"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [HEADER, *rows(records)]:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
