"""Reading the audit log's CSV export as a spreadsheet would."""

from __future__ import annotations

import csv
import io


def csv_rows(response) -> list[list[str]]:
    """The rows of a streamed CSV response, header first."""
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
