"""Reading the audit log's CSV export as a spreadsheet would."""

from __future__ import annotations

import csv
import io


def csv_rows(response) -> list[list[str]]:
    """The rows of a streamed CSV response, header first."""
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode()), "the export starts with a byte-order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
