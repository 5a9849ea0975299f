"""Back up and restore every table as JSON (DynamoDB's typed attribute-value form, so a round
trip is exact: numbers stay numbers with their digits, lists stay lists, sets stay sets).

A backup folder is untrusted input: :func:`check_backup` reads all of it (manifest and every
table file, line by line) before :func:`restore_backup` writes anything, so a bad line, a
missing file or a count that doesn't match the manifest changes nothing."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from botocore.exceptions import ClientError

from . import client, tables
from .batch import BATCH_WRITE_LIMIT, MAX_ROUNDS
from .errors import DataError, TableMissing, Throttled

MANIFEST = "manifest.json"
FORMAT = "truthbyte-admin-backup/1"
MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's item size limit, attribute names included
MAX_CONTAINER_DEPTH = 31  # lists and maps inside the item (DynamoDB: 32 levels, the item's one)
# The longest line an item of MAX_ITEM_BYTES can be written as (a list of booleans is ~8.5 times
# its size in typed JSON); anything longer is refused without being held in memory.
MAX_LINE_BYTES = 8 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
SHOWN_PROBLEMS = 20
_KEY_BYTES = {"HASH": 2048, "RANGE": 1024}
_CATEGORIES_KEYS = ("category_id", "name")  # deployed, and the game's documented schema


class BackupRefused(ValueError):
    """The folder is not a backup that can be restored here as it is; nothing was written.
    ``problems`` each name the file (and line) and what is wrong; ``more`` counts the problems
    not listed."""

    def __init__(self, directory: Path, problems: list[str], more: int = 0) -> None:
        self.directory = directory
        self.problems = problems
        self.more = more
        super().__init__(self._describe())

    def _describe(self) -> str:
        if len(self.problems) == 1 and not self.more:
            return f"{self.problems[0]}. Nothing was imported."
        listed = "\n".join(f"  {problem}" for problem in self.problems)
        more = f"\n  … and {self.more:,} more" if self.more else ""
        return (
            f"{self.directory}: the backup can't be restored as it is; nothing was imported:\n"
            f"{listed}{more}"
        )


class BackupChanged(ValueError):
    """A table file no longer reads as it did when it was checked (changed during the
    restore): the restore stopped there; what was written before stays."""


class ItemRefused(DataError):
    """DynamoDB refused an item of the backup that passed our checks (a ValidationException);
    ``kind`` and ``line`` say which. The items before it are written."""

    def __init__(self, kind: str, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: DynamoDB refused this item ({reason})")
        self.kind = kind
        self.path = path
        self.line = line
        self.reason = reason


# --- export ------------------------------------------------------------------------------------


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


def _binary_as_base64(value: object) -> str:
    # botocore hands binary attributes (B, BS) over as bytes; DynamoDB's JSON form is base64.
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not a DynamoDB value")


def _item_line(item: dict) -> bytes:
    """One line of a table file: readable UTF-8, or, for an item holding a string UTF-8 can't
    encode (a lone surrogate DynamoDB accepted), JSON's \\u escapes, which read back exactly."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, default=_binary_as_base64)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(item, sort_keys=True, default=_binary_as_base64).encode("ascii") + b"\n"


def export_tables(directory: Path, *, log: Callable[[str], None] = print) -> dict[str, int]:
    """Write every table to ``directory``, the manifest last: a folder without one (an export
    that stopped) is refused by :func:`check_backup`."""
    # Asked first: DynamoDB unusable leaves a backup already in the folder as it was.
    schemas = {spec.kind: tables.describe(spec.kind) for spec in tables.catalogue()}
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / MANIFEST
    manifest_path.unlink(missing_ok=True)  # the old backup's, when writing over it
    counts: dict[str, int] = {}
    manifest: dict = {"format": FORMAT, "tables": {}}
    for spec in tables.catalogue():
        described = schemas[spec.kind]
        path = directory / f"{spec.kind}.jsonl"
        if described is None:
            path.unlink(missing_ok=True)  # an older backup's copy of it is not this backup's
            log(f"skip     {spec.name} (missing)")
            continue
        with path.open("wb") as handle:
            n = 0
            for item in _scan_raw(spec.name):
                handle.write(_item_line(item))
                n += 1
        counts[spec.kind] = n
        manifest["tables"][spec.kind] = {"key_schema": described["KeySchema"], "items": n}
        log(f"exported {spec.name}: {n} items")
    partial = directory / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(partial, manifest_path)
    return counts


# --- checking a backup -------------------------------------------------------------------------


@dataclass(frozen=True)
class _KeyRule:
    name: str
    type: str  # "S", "N" or "B"
    max_bytes: int
    required: bool  # the table's own key; an index's key attributes may be absent


@dataclass(frozen=True)
class TableFile:
    kind: str
    path: Path
    items: int  # as the manifest and the file agree
    keys: tuple[_KeyRule, ...]


@dataclass(frozen=True)
class Backup:
    """A backup folder checked in full: every line of every listed table file is an item this
    environment's tables accept."""

    directory: Path
    categories_key: str
    files: tuple[TableFile, ...]

    @property
    def items(self) -> int:
        return sum(f.items for f in self.files)


@dataclass
class RestoreProgress:
    """How far a restore got, filled in as it goes, so that whoever started it can say what is
    stored when it stops (Ctrl-C, DynamoDB failing)."""

    expected: dict[str, int] = field(default_factory=dict)  # items per table, once checked
    written: dict[str, int] = field(default_factory=dict)  # items DynamoDB confirmed
    current: str | None = None  # the table being written
    sending: int = 0  # items of a request sent and not answered: they may or may not be stored
    created: list[str] = field(default_factory=list)  # tables created (empty) for the restore


class _Invalid(Exception):
    """Why one line (or one value of it) can't be restored."""


def check_backup(directory: Path, *, log: Callable[[str], None] = print) -> Backup:
    """Read the whole backup in ``directory`` (bounded memory: line by line) and return what
    :func:`restore_backup` will write, or raise :class:`BackupRefused` naming every problem
    (up to SHOWN_PROBLEMS). Reads, never writes, DynamoDB: only to compare existing tables'
    keys with the backup's."""
    entries, categories_key = _read_manifest(directory)
    problems = _Problems()
    files = []
    for kind, (expected_items, key_schema) in entries.items():
        path = directory / f"{kind}.jsonl"
        keys = _target_keys(kind, key_schema, categories_key, path, problems)
        if keys is None:
            continue
        found = _check_file(path, kind, keys, expected_items, problems)
        if found is not None:
            files.append(TableFile(kind, path, found, keys))
    if problems:
        raise BackupRefused(directory, problems.shown, problems.more)
    backup = Backup(directory, categories_key, tuple(files))
    log(f"checked  {directory}: {backup.items:,} items in {len(files)} tables, all restorable")
    return backup


class _Problems:
    """What is wrong with a backup: the first SHOWN_PROBLEMS kept, the rest only counted (a
    file of a million bad lines must not be held in memory to say so)."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.more = 0

    def append(self, problem: str) -> None:
        if len(self.shown) < SHOWN_PROBLEMS:
            self.shown.append(problem)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.shown)


def _read_manifest(directory: Path) -> tuple[dict[str, tuple[int, list]], str]:
    """{kind: (items, key_schema)} and the categories table's key, from a manifest that is
    exactly as export_tables writes it."""
    path = directory / MANIFEST
    entries = _load_manifest(directory, path)
    known = [spec.kind for spec in tables.catalogue()]
    unknown = [kind for kind in entries if kind not in known]
    if unknown:
        raise BackupRefused(
            directory,
            [
                f"{path}: lists tables this app doesn't know: {', '.join(map(_shown, unknown))} "
                f"(it knows {', '.join(known)})"
            ],
        )
    checked: dict[str, tuple[int, list]] = {}
    categories_key = "category_id"
    for kind, entry in entries.items():
        items = entry.get("items") if isinstance(entry, dict) else None
        schema = entry.get("key_schema") if isinstance(entry, dict) else None
        if not isinstance(items, int) or isinstance(items, bool) or items < 0:
            why = 'no count of items ("items": a whole number)'
        else:
            why = _key_schema_problem(kind, schema)
        if why:
            raise BackupRefused(directory, [f"{path}: table {kind}: {why}"])
        if kind == tables.CATEGORIES:
            categories_key = schema[0]["AttributeName"]
        checked[kind] = (items, schema)
    return checked, categories_key


def _load_manifest(directory: Path, path: Path) -> dict:
    """The manifest's "tables", once the folder and the manifest are what export_tables writes."""
    if not directory.exists():
        raise BackupRefused(directory, [f"{directory}: no such folder"])
    if not directory.is_dir():
        raise BackupRefused(
            directory, [f"{directory}: is a file, not a folder (export_tables writes a folder)"]
        )
    if not path.is_file():
        raise BackupRefused(
            directory,
            [f"{path} not found: not a backup made by export_tables, or one that stopped"],
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise BackupRefused(directory, [f"{path}: cannot be read ({exc.strerror or exc})"]) from exc
    why = None
    manifest = None
    if len(data) > MAX_MANIFEST_BYTES:
        why = "over 1 MB: not a manifest written by export_tables"
    else:
        try:
            manifest = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            why = "is not valid JSON"
    if why is None and (not isinstance(manifest, dict) or manifest.get("format") != FORMAT):
        why = f'not a backup made by export_tables (no "format": "{FORMAT}")'
    if why is None and (not isinstance(manifest.get("tables"), dict) or not manifest["tables"]):
        why = "lists no tables"
    if why:
        raise BackupRefused(directory, [f"{path}: {why}"])
    return manifest["tables"]


def _key_schema_problem(kind: str, schema: object) -> str | None:
    if not isinstance(schema, list) or not all(
        isinstance(key, dict) and set(key) == {"AttributeName", "KeyType"} for key in schema
    ):
        return 'no key schema as DynamoDB describes it ("key_schema")'
    if kind == tables.CATEGORIES:
        names = [key["AttributeName"] for key in schema]
        if [key["KeyType"] for key in schema] != ["HASH"] or names[0] not in _CATEGORIES_KEYS:
            return f"keyed by {_schema_text(schema)}; categories are keyed by category_id or name"
        return None
    expected = tables.spec(kind).create_request()["KeySchema"]
    if schema != expected:
        return f"keyed by {_schema_text(schema)}, not {_schema_text(expected)} as this app's"
    return None


def _schema_text(schema: list) -> str:
    return " + ".join(f"{_shown(k['AttributeName'])} ({k['KeyType']})" for k in schema) or "none"


def _target_keys(
    kind: str, schema: list, categories_key: str, path: Path, problems: _Problems
) -> tuple[_KeyRule, ...] | None:
    """The key attributes an item of ``kind`` must hold here: the existing table's (which must
    have the backup's key), or those of the table the restore will create."""
    existing = tables.describe(kind)
    if existing is None:
        to_create = next(s for s in tables.catalogue(categories_key) if s.kind == kind)
        return _key_rules(to_create.create_request())
    if existing["KeySchema"] != schema:
        problems.append(
            f"{path}: keyed by {_schema_text(schema)}, but this environment's table "
            f"{tables.name(kind)} by {_schema_text(existing['KeySchema'])}: restore into an "
            "environment without that table"
        )
        return None
    return _key_rules(existing)


def _key_rules(description: dict) -> tuple[_KeyRule, ...]:
    """Table and index key attributes, from DescribeTable's Table or a CreateTable request."""
    types = {d["AttributeName"]: d["AttributeType"] for d in description["AttributeDefinitions"]}
    rules: dict[str, _KeyRule] = {}
    for key in description["KeySchema"]:
        name = key["AttributeName"]
        rules[name] = _KeyRule(name, types[name], _KEY_BYTES[key["KeyType"]], required=True)
    indexes = description.get("GlobalSecondaryIndexes", []) + description.get(
        "LocalSecondaryIndexes", []
    )
    for index in indexes:
        for key in index["KeySchema"]:
            name = key["AttributeName"]
            rule = _KeyRule(name, types[name], _KEY_BYTES[key["KeyType"]], required=False)
            rules.setdefault(name, rule)
    return tuple(rules.values())


def _check_file(
    path: Path, kind: str, keys: tuple[_KeyRule, ...], expected: int, problems: _Problems
) -> int | None:
    """The number of items in the table file, every line checked; None when it can't be
    restored (the reasons added to ``problems``)."""
    if not path.exists():
        problems.append(
            f"{path}: missing, but the manifest lists {_items(expected)} of table {kind}: "
            "the backup is incomplete"
        )
        return None
    if not path.is_file():
        problems.append(f"{path}: not a file (the manifest lists {_items(expected)} of {kind})")
        return None
    found = 0
    bad = False
    try:
        for number, line in _lines(path):
            found += 1
            try:
                _parse_item(line, keys)
            except _Invalid as exc:
                bad = True
                problems.append(f"{path}:{number}: {exc}")
    except OSError as exc:
        problems.append(f"{path}: cannot be read ({exc.strerror or exc})")
        return None
    if found != expected:
        problems.append(
            f"{path}: {_items(found)}, but the manifest lists {expected:,}: the backup is "
            "incomplete or was changed after the export"
        )
        return None
    return None if bad else found


def _lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every line that isn't blank; None for a line longer than any
    item's JSON can be (read past, never held whole)."""
    with path.open("rb") as handle:
        number = 0
        while line := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = handle.readline(1024 * 1024)
                yield number, None
            elif line.strip():
                yield number, line


def _parse_item(line: bytes | None, keys: tuple[_KeyRule, ...]) -> dict:
    """The item on ``line``, in DynamoDB's typed form, or _Invalid saying why DynamoDB would not
    take it."""
    if line is None:
        raise _Invalid(f"longer than {MAX_LINE_BYTES // 2**20} MB: no item's JSON is that long")
    try:
        item = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _Invalid("not UTF-8 text") from exc
    except RecursionError as exc:
        raise _Invalid("nested too deeply to be an item") from exc
    except json.JSONDecodeError as exc:
        raise _Invalid(f"not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise _Invalid(
            "not an item: a JSON object of typed attribute values (such as "
            f'{{"id": {{"S": "q1"}}}}) is expected, not {_json_kind(item)}'
        )
    size = 0
    for name, value in item.items():
        where = _shown(name)
        try:
            size += _name_bytes(name, where) + _value_bytes(value, where, depth=1)
        except _TooDeep as exc:
            raise _Invalid(
                f"attribute {where}: lists and maps nested more than 32 levels deep "
                "(DynamoDB's limit)"
            ) from exc
    for rule in keys:
        _check_key(item, rule)
    if size > MAX_ITEM_BYTES:
        raise _Invalid(
            f"the item is {size:,} bytes, over DynamoDB's limit of {MAX_ITEM_BYTES:,} (400 KB)"
        )
    return item


_TYPED_FORMS = (
    '{"S": "text"}, {"N": "12"}, {"BOOL": true}, {"NULL": true}, {"L": [...]}, {"M": {...}}, '
    '{"SS"/"NS"/"BS": [...]} or {"B": "base64"}'
)
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\Z")


def _value_bytes(value: object, where: str, depth: int) -> int:
    """DynamoDB's size of one typed attribute value (without its name), or _Invalid."""
    if len(where) > 80:  # deep in lists and maps: its start and end say where
        where = f"{where[:40]}…{where[-30:]}"
    if not isinstance(value, dict) or len(value) != 1:
        raise _Invalid(
            f"attribute {where}: {_short(value)} is not a typed attribute value ({_TYPED_FORMS})"
        )
    ((kind, content),) = value.items()
    if kind == "S" and isinstance(content, str):
        return _text_bytes(content)
    if kind == "N" and isinstance(content, str):
        return _number_bytes(content, where)
    if kind == "B" and isinstance(content, str):
        return len(_binary(content, where))
    if kind == "BOOL" and isinstance(content, bool):
        return 1
    if kind == "NULL" and content is True:
        return 1
    if (kind == "L" and isinstance(content, list)) or (kind == "M" and isinstance(content, dict)):
        return _container_bytes(content, where, depth)
    if kind in ("SS", "NS", "BS") and isinstance(content, list):
        return _set_bytes(kind, content, where)
    raise _Invalid(
        f"attribute {where}: {_short(value)} is not a typed attribute value ({_TYPED_FORMS})"
    )


class _TooDeep(Exception):
    """Lists and maps nested deeper than DynamoDB keeps."""


def _container_bytes(content: list | dict, where: str, depth: int) -> int:
    if depth > MAX_CONTAINER_DEPTH:
        raise _TooDeep
    if isinstance(content, list):
        return 3 + sum(
            1 + _value_bytes(element, f"{where}[{i}]", depth + 1)
            for i, element in enumerate(content)
        )
    total = 3
    for name, element in content.items():
        inner = f"{where}.{_shown(name)}"
        total += 1 + _name_bytes(name, inner) + _value_bytes(element, inner, depth + 1)
    return total


def _set_bytes(kind: str, members: list, where: str) -> int:
    if not members:
        raise _Invalid(f"attribute {where}: an empty set (DynamoDB keeps no empty set)")
    if not all(isinstance(member, str) for member in members):
        raise _Invalid(f"attribute {where}: a {kind} set holds strings only")
    if kind == "SS":
        sizes, distinct = [_text_bytes(m) for m in members], set(members)
    elif kind == "NS":
        sizes = [_number_bytes(m, where) for m in members]
        distinct = {Decimal(m) for m in members}
    else:
        decoded = [_binary(m, where) for m in members]
        sizes, distinct = [len(b) for b in decoded], set(decoded)
    if len(distinct) != len(members):
        raise _Invalid(f"attribute {where}: the {kind} set holds the same value twice")
    return sum(sizes)


def _number_bytes(text: str, where: str) -> int:
    if not _NUMBER.match(text):
        raise _Invalid(f"attribute {where}: {_short(text)} is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # the pattern lets through nothing Decimal refuses
        raise _Invalid(f"attribute {where}: {_short(text)} is not a number") from exc
    negative, digit_tuple, exponent = number.as_tuple()
    digits = "".join(map(str, digit_tuple))
    significant = digits.strip("0")
    if not significant:
        return 1
    if len(significant) > 38:
        raise _Invalid(f"attribute {where}: {_short(text)} has more than 38 significant digits")
    highest = number.adjusted()  # the power of ten of the first digit, and of the last:
    lowest = exponent + len(digits) - len(digits.rstrip("0"))
    if not -130 <= highest <= 125:
        raise _Invalid(f"attribute {where}: {_short(text)} is outside DynamoDB's number range")
    # DynamoDB stores base-100 digits aligned on the decimal point, a byte each, plus one (and
    # one more for a negative number).
    return highest // 2 - lowest // 2 + 2 + (1 if negative else 0)


def _binary(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _Invalid(f"attribute {where}: binary values are base64 text") from exc


def _text_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _name_bytes(name: str, where: str) -> int:
    if not name:
        raise _Invalid(f"attribute {where}: an empty attribute name")
    return _text_bytes(name)


def _check_key(item: dict, rule: _KeyRule) -> None:
    value = item.get(rule.name)
    if value is None:
        if rule.required:
            raise _Invalid(f"no {rule.name} (the table's key)")
        return
    ((kind, content),) = value.items()
    if kind != rule.type:
        raise _Invalid(
            f"key {rule.name} is {kind}, but the table's {rule.name} is {rule.type} "
            f'({{"{rule.type}": ...}})'
        )
    if kind == "N":
        return
    size = _text_bytes(content) if kind == "S" else len(_binary(content, rule.name))
    if size == 0:
        raise _Invalid(f"key {rule.name} is empty (DynamoDB refuses an empty key)")
    if size > rule.max_bytes:
        raise _Invalid(f"key {rule.name} is over {rule.max_bytes:,} bytes (DynamoDB's limit)")


def _json_kind(value: object) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


def _short(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _shown(name: str) -> str:
    return _short(name)


def _items(count: int) -> str:
    return f"{count:,} item{'' if count == 1 else 's'}"


# --- restore -----------------------------------------------------------------------------------


def tables_holding_items(backup: Backup) -> list[str]:
    """The tables of ``backup`` that exist here and hold at least one item (one Scan of one
    item each): what a restore would overwrite around, rather than fill."""
    holding = []
    for table_file in backup.files:
        try:
            response = client.call("scan", TableName=tables.name(table_file.kind), Limit=1)
        except TableMissing:
            continue
        if response.get("Items"):
            holding.append(tables.name(table_file.kind))
    return holding


def restore_backup(
    backup: Backup,
    *,
    log: Callable[[str], None] = print,
    progress: RestoreProgress | None = None,
) -> dict[str, int]:
    """Write a checked backup into this environment's tables (created when missing). Items
    with the same key are overwritten; nothing else is deleted, so a restore is safe to re-run.
    ``progress`` says how far it got if it stops (DataError, BackupChanged, KeyboardInterrupt)."""
    progress = progress if progress is not None else RestoreProgress()
    progress.created = tables.create_missing_tables(
        backup.categories_key, only=[f.kind for f in backup.files], wait=True
    )
    progress.expected = {f.kind: f.items for f in backup.files}
    try:
        for table_file in backup.files:
            progress.current = table_file.kind
            progress.written[table_file.kind] = 0
            _restore_file(table_file, progress, log)
            log(f"imported {tables.name(table_file.kind)}: {table_file.items} items")
        progress.current = None
    finally:
        from . import cache

        cache.written(*(kind for kind, n in progress.written.items() if n))
    return dict(progress.written)


# A line every so many items of a large table: a restore of 40,000 answers is minutes of
# writes, and a silent one looks stuck.
RESTORE_PROGRESS_EVERY = 5000


def _restore_file(
    table_file: TableFile, progress: RestoreProgress, log: Callable[[str], None] = print
) -> None:
    table_name = tables.name(table_file.kind)
    said_at = 0
    batch: list[tuple[int, dict]] = []
    keys_in_batch: set[str] = set()
    names = [rule.name for rule in table_file.keys if rule.required]
    for number, line in _lines(table_file.path):
        try:
            item = _parse_item(line, table_file.keys)
        except _Invalid as exc:
            raise BackupChanged(
                f"{table_file.path}:{number}: {exc} (the file changed after it was checked)"
            ) from exc
        key = json.dumps([item[name] for name in names], sort_keys=True)
        # DynamoDB refuses a request holding one key twice; the later line wins, as in order.
        if len(batch) == BATCH_WRITE_LIMIT or key in keys_in_batch:
            _write_batch(table_file, table_name, batch, progress)
            batch, keys_in_batch = [], set()
            written = progress.written[table_file.kind]
            if written - said_at >= RESTORE_PROGRESS_EVERY:
                log(f"  {table_name}: {written:,} of {table_file.items:,} items written")
                said_at = written
        batch.append((number, item))
        keys_in_batch.add(key)
    if batch:
        _write_batch(table_file, table_name, batch, progress)
    if progress.written[table_file.kind] != table_file.items:
        raise BackupChanged(
            f"{table_file.path}: {_items(progress.written[table_file.kind])} now, "
            f"{table_file.items:,} when it was checked (the file changed during the restore)"
        )


def _write_batch(
    table_file: TableFile, table_name: str, batch: list[tuple[int, dict]], progress: RestoreProgress
) -> None:
    progress.sending = len(batch)
    try:
        _write_raw(table_name, [{"PutRequest": {"Item": item}} for _, item in batch])
    except _Refused as refused:
        progress.sending = 0  # refused: not stored
        if len(batch) == 1:
            number = batch[0][0]
            raise ItemRefused(table_file.kind, table_file.path, number, str(refused)) from refused
        # Which line? One at a time (puts overwrite, so writing them again is harmless).
        for number, item in batch:
            _write_batch(table_file, table_name, [(number, item)], progress)
        return
    progress.written[table_file.kind] += len(batch)
    progress.sending = 0


class _Refused(Exception):
    """DynamoDB's ValidationException for a batch: one of its items can't be stored."""


def _write_raw(table_name: str, requests: list[dict]) -> None:
    pending = {table_name: requests}
    for round_number in range(MAX_ROUNDS):
        try:
            response = client.call("batch_write_item", RequestItems=pending)
        except ClientError as exc:  # client.call passes on what our request got wrong
            error = exc.response.get("Error", {})
            if error.get("Code") in {"ValidationException", "SerializationException"}:
                raise _Refused(error.get("Message") or error.get("Code")) from exc
            raise
        pending = response.get("UnprocessedItems") or {}
        if not pending:
            return
        time.sleep(min(0.05 * (2**round_number), 1.0))
    raise Throttled("DynamoDB left writes unprocessed after repeated retries.")


def import_tables(
    directory: Path,
    *,
    log: Callable[[str], None] = print,
    progress: RestoreProgress | None = None,
) -> dict[str, int]:
    """Check the backup in ``directory`` in full, then restore it (see :func:`restore_backup`)."""
    return restore_backup(check_backup(directory, log=log), log=log, progress=progress)
