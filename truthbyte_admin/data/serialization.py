"""DynamoDB attribute values <-> plain Python, and tolerant coercion of what the game stored."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer


class _TextDeserializer(TypeDeserializer):
    """boto3's deserializer, except that a string holding half of a character (a lone UTF-16
    surrogate, which DynamoDB Local keeps when a client sent "\\ud800") is read with U+FFFD in
    its place: a page, the staff database or a backup can't hold it, and one such value must not
    make a page or a rebuild fail."""

    def _deserialize_s(self, value: str) -> str:
        return _text(value)

    def _deserialize_m(self, value: dict) -> dict:  # a map's names too
        return {_text(name): self.deserialize(v) for name, v in value.items()}


def _text(value: str) -> str:
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


_serializer = TypeSerializer()
_deserializer = _TextDeserializer()


def to_attr(value: Any) -> dict:
    """One Python value as a DynamoDB attribute value (lists stay lists, never sets)."""
    # Fast paths for the shapes bulk import writes thousands of (same result as the serializer).
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if type(value) is list and all(type(v) is str for v in value):  # categories
        return {"L": [{"S": v} for v in value]}
    return _serializer.serialize(_prepare(value))


def to_item(mapping: dict) -> dict:
    return {key: to_attr(value) for key, value in mapping.items() if value is not None}


def from_item(item: dict | None) -> dict:
    if not item:
        return {}
    return {_text(key): _deserializer.deserialize(value) for key, value in item.items()}


def wire_as_json(item: dict) -> dict:
    """An item as botocore hands it over (wire form: ``{"N": "2.50"}``, binary as bytes) as
    JSON can hold it exactly: binary as base64 text, as DynamoDB's own JSON has it. Numbers keep
    their digits, sets stay sets, NULL stays NULL."""
    return {name: _wire_value(value, _base64) for name, value in item.items()}


def wire_from_json(item: dict) -> dict:
    """The reverse of :func:`wire_as_json`: the item as botocore sends it."""
    return {name: _wire_value(value, base64.b64decode) for name, value in item.items()}


def _base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _wire_value(value: dict, binary: Callable[[Any], Any]) -> dict:
    (kind, content), *_ = value.items()
    if kind == "B":
        return {"B": binary(content)}
    if kind == "BS":
        return {"BS": [binary(member) for member in content]}
    if kind == "M":
        return {"M": {name: _wire_value(member, binary) for name, member in content.items()}}
    if kind == "L":
        return {"L": [_wire_value(member, binary) for member in content]}
    return {kind: content}


def _prepare(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    if isinstance(value, set | frozenset):
        # The game serialises to JSON, which has no sets: always write lists.
        return [_prepare(v) for v in sorted(value)]
    return value


def plain(value: Any) -> Any:
    """Decimals to int/float and binary to text, recursively, for JSON and for display."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, Binary):  # what the deserializer makes of a B (or each of a BS)
        value = value.value
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    return value


# --- tolerant coercion: the game's data has strings where numbers belong, missing fields ... ---


def as_str(value: Any, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | int | float | bool):
        return str(plain(value))
    return default


def as_int(value: Any, default: int | None = None) -> int | None:
    if value is None or isinstance(value, bool):
        return default
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
        if not number.is_finite():
            return default
        return int(number)
    except (InvalidOperation, TypeError, ValueError):
        return default


def as_float(value: Any, default: float | None = None) -> float | None:
    if value is None or isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number and abs(number) != float("inf") else default


def as_bool(value: Any, default: bool | None = None) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "t", "yes", "1"}:
            return True
        if lowered in {"false", "f", "no", "0"}:
            return False
        return default
    if isinstance(value, Decimal | int):
        return bool(value)
    return default


def as_str_list(value: Any) -> list[str]:
    """Names (a question's categories) from a list, a set, or a comma-separated string.

    A list or set is read as stored: each string kept verbatim (" space" is not "space": the
    game matches a category by exact string, GAME.md), non-strings and exact repeats dropped.
    Blank names ("", "  ") are dropped too, as ``domain.categories.with_general`` drops them:
    the staff index and the list check count a question in the same categories this returns,
    and DynamoDB can't key a category-index item by "". A comma-separated string is our reading
    of an odd shape, not a list the game matches against: its pieces are trimmed."""
    if isinstance(value, str):
        items = [piece.strip() for piece in value.split(",")]
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, set | frozenset):
        items = sorted(v for v in value if isinstance(v, str))
    else:
        return []
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip() and item not in out:
            out.append(item)
    return out


def as_datetime(value: Any) -> dt.datetime | None:
    """An aware UTC datetime from epoch seconds (number or numeric string) or ISO-8601."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int | float):
        try:
            seconds = float(value)
            if seconds > 1e11:  # milliseconds
                seconds /= 1000
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        number = as_float(text)
        if number is not None:
            return as_datetime(number)
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)
    return None


def as_epoch(value: Any) -> int | None:
    moment = as_datetime(value)
    return int(moment.timestamp()) if moment else None
