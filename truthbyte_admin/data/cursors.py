"""Opaque, signed pagination cursors: DynamoDB's LastEvaluatedKey, never exposed raw."""

from __future__ import annotations

import json

from django.core import signing

from .errors import InvalidCursor

_MAX_AGE_SECONDS = 60 * 60 * 6


def encode(last_key: dict | None, *, listing: str) -> str | None:
    """Sign a LastEvaluatedKey (raw attribute-value form) for one listing (e.g. ``queue:asc``)."""
    if not last_key:
        return None
    return signing.dumps(
        {"k": json.dumps(last_key, sort_keys=True), "l": listing},
        salt="truthbyte-admin.cursor",
        compress=True,
    )


def decode(cursor: str | None, *, listing: str) -> dict | None:
    """The LastEvaluatedKey behind a cursor; InvalidCursor if tampered, stale or foreign."""
    if not cursor:
        return None
    if len(cursor) > 4096:
        raise InvalidCursor("That page link is too long to be one of ours.")
    try:
        payload = signing.loads(cursor, salt="truthbyte-admin.cursor", max_age=_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise InvalidCursor("That page link has expired; start again from the first page.") from exc
    except signing.BadSignature as exc:
        raise InvalidCursor(
            "That page link is not valid (it was changed or is from elsewhere)."
        ) from exc
    if not isinstance(payload, dict) or payload.get("l") != listing:
        raise InvalidCursor("That page link belongs to a different list or filter.")
    try:
        key = json.loads(payload["k"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidCursor("That page link is not valid.") from exc
    if not isinstance(key, dict):
        raise InvalidCursor("That page link is not valid.")
    return key
