"""Is DynamoDB reachable and are the tables there? (for /healthz and `check_tables`)."""

from __future__ import annotations

from ..data import tables
from ..data.errors import DataError


def health() -> tuple[bool, dict]:
    try:
        reports = tables.check_tables()
    except DataError as exc:
        return False, {"status": "unavailable", "dynamodb": "unreachable", "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a health probe reports, it never raises
        return False, {"status": "unavailable", "dynamodb": "error", "error": type(exc).__name__}
    missing = [r.name for r in reports if not r.exists]
    missing_indexes = {r.name: r.missing_indexes for r in reports if r.missing_indexes}
    ok = not missing
    return ok, {
        "status": "ok" if ok else "degraded",
        "dynamodb": "reachable",
        "tables_missing": missing,
        "indexes_missing": missing_indexes,
    }
