"""import_tables reads a folder anyone could have edited: whatever is wrong with it is named
(file and line), nothing is written, and there is never a traceback. A restore or an export
that stops partway says what is stored."""

import html
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from truthbyte_admin.data import audit, backup, client, tables
from truthbyte_admin.data.backup import MAX_ITEM_BYTES, _scan_raw

QUESTIONS = 30  # more than one batch (25) of writes


def _snapshot():
    return {
        spec.kind: sorted(_scan_raw(spec.name), key=lambda i: repr(sorted(i.items())))
        for spec in tables.catalogue()
        if tables.describe(spec.kind) is not None
    }


def _question(n: int) -> dict:
    return {"id": {"S": f"q{n:02}"}, "question": {"S": f"Question {n}?"}, "answer": {"BOOL": True}}


@pytest.fixture
def exported(game_tables, tmp_path) -> Path:
    """A backup of 30 questions and 2 categories; the stored items then changed, so that a
    restore that wrote anything would show in a snapshot."""
    for n in range(QUESTIONS):
        client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=_question(n))
    for slug in ("science", "history"):
        item = {"category_id": {"S": slug}, "name": {"S": slug.title()}}
        client.call("put_item", TableName=tables.name(tables.CATEGORIES), Item=item)
    folder = tmp_path / "backup"
    call_command("export_tables", str(folder))
    for n in range(QUESTIONS):
        changed = _question(n) | {"question": {"S": "changed since the backup"}}
        client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=changed)
    client.call(
        "delete_item",
        TableName=tables.name(tables.CATEGORIES),
        Key={"category_id": {"S": "history"}},
    )
    return folder


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _append(folder: Path, kind: str, line: bytes | str) -> None:
    """Add a line to a table file and count it in the manifest (as if exported so)."""
    data = line.encode() if isinstance(line, str) else line
    with (folder / f"{kind}.jsonl").open("ab") as handle:
        handle.write(data + b"\n")
    manifest = _manifest(folder)
    manifest["tables"][kind]["items"] += 1
    _write_manifest(folder, manifest)


def _refused(folder: Path, message: str) -> str:
    """import_tables fails with ``message`` (a regex), and changes nothing stored."""
    before = _snapshot()
    with client.track_requests() as stats:
        with pytest.raises(CommandError, match=message) as raised:
            call_command("import_tables", str(folder), overwrite=True)
    assert not stats.wrote
    assert _snapshot() == before
    return str(raised.value)


# --- the folder and the manifest ---------------------------------------------------------------


def test_a_folder_that_is_missing_or_a_file_is_named(game_tables, tmp_path):
    _refused(tmp_path / "nowhere", r"nowhere: no such folder\. Nothing was imported\.")
    (tmp_path / "a-file").write_text("{}")
    _refused(tmp_path / "a-file", r"a-file: is a file, not a folder")
    _refused(tmp_path, r"manifest.json not found: not a backup made by export_tables")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('{"tables": {"categories": "x"}}', "not a backup made by export_tables"),
        ("[" * 100_000 + "]" * 100_000, "manifest.json: is not valid JSON"),
        ("{not json", "manifest.json: is not valid JSON"),
        (b"\xff\xfe{}", "manifest.json: is not valid JSON"),
        ({"tables": {}}, "manifest.json: lists no tables"),
        ({"tables": []}, "manifest.json: lists no tables"),
        ({"tables": {"categories": "x"}}, r"table categories: no count of items"),
        ({"tables": {"categories": {"items": -1}}}, r"table categories: no count of items"),
        ({"tables": {"categories": {"items": True}}}, r"table categories: no count of items"),
        ({"tables": {"categories": {"items": 2, "key_schema": 5}}}, "no key schema"),
        ({"tables": {"categories": {"items": 2, "key_schema": [5]}}}, "no key schema"),
        (
            {"tables": {"games": {"items": 1}, "players": {"items": 1}}},
            r"lists tables this app doesn't know: \"games\", \"players\" \(it knows questions,",
        ),
    ],
)
def test_a_manifest_not_as_export_tables_writes_it_is_refused(exported, manifest, message):
    path = exported / "manifest.json"
    if isinstance(manifest, dict):
        manifest = json.dumps({"format": "truthbyte-admin-backup/1"} | manifest)
    path.write_bytes(manifest if isinstance(manifest, bytes) else manifest.encode())
    _refused(exported, message)


def test_a_key_schema_unlike_the_tables_is_refused(exported):
    manifest = _manifest(exported)
    manifest["tables"]["questions"]["key_schema"] = [{"AttributeName": "qid", "KeyType": "HASH"}]
    _write_manifest(exported, manifest)
    _refused(exported, r"table questions: keyed by \"qid\" \(HASH\), not \"id\" \(HASH\)")

    manifest["tables"]["questions"]["key_schema"] = [{"AttributeName": "id", "KeyType": "HASH"}]
    manifest["tables"]["categories"]["key_schema"] = [{"AttributeName": "name", "KeyType": "HASH"}]
    _write_manifest(exported, manifest)
    _refused(
        exported,
        r"categories.jsonl: keyed by \"name\" \(HASH\), but this environment's table "
        r"t\d+-truthbyte-categories by \"category_id\" \(HASH\)",
    )


# --- the table files ---------------------------------------------------------------------------


def test_a_table_file_missing_or_not_a_file_is_refused(exported):
    (exported / "categories.jsonl").unlink()
    _refused(
        exported,
        r"categories.jsonl: missing, but the manifest lists 2 items of table categories: "
        r"the backup is incomplete\. Nothing was imported\.",
    )
    (exported / "categories.jsonl").mkdir()
    _refused(exported, r"categories.jsonl: not a file")


@pytest.mark.parametrize("change", [-1, +1])
def test_a_table_file_whose_count_differs_from_the_manifest_is_refused(exported, change):
    manifest = _manifest(exported)
    manifest["tables"]["questions"]["items"] += change
    _write_manifest(exported, manifest)
    listed = QUESTIONS + change
    _refused(
        exported,
        rf"questions.jsonl: 30 items, but the manifest lists {listed}: the backup is "
        "incomplete or was changed after the export",
    )


BAD_LINES = [
    ("{not json", r"not valid JSON \(Expecting property name .*, column 2\)"),
    ('{"id": {"N": "31"}}', r"key id is N, but the table's id is S"),
    ('{"question": {"S": "no id"}}', r"no id \(the table's key\)"),
    ('{"id": {"S": ""}}', r"key id is empty"),
    (json.dumps({"id": {"S": "x" * 2049}}), r"key id is over 2,048 bytes"),
    (
        json.dumps({"id": {"S": "big"}, "text": {"S": "x" * MAX_ITEM_BYTES}}),
        r"the item is 409,609 bytes, over DynamoDB's limit of 409,600 \(400 KB\)",
    ),
    ("[1, 2]", r"not an item: a JSON object of typed attribute values .* not a list"),
    ('"hello"', r"not an item: .* not a string"),
    ("12", r"not an item: .* not a number"),
    (
        '{"id": "q31", "answer": true}',
        r'attribute "id": "q31" is not a typed attribute value \({"S": "text"}',
    ),
    ('{"id": {"S": "q31", "N": "1"}}', r'attribute "id": .* is not a typed attribute value'),
    ('{"id": {"S": 31}}', r'attribute "id": .* is not a typed attribute value'),
    ('{"id": {"S": "q31"}, "x": {"NULL": false}}', r'attribute "x": .* not a typed'),
    ('{"id": {"S": "q31"}, "x": {"N": "1 000"}}', r'attribute "x": "1 000" is not a number'),
    (
        '{"id": {"S": "q31"}, "x": {"N": "1e126"}}',
        r'attribute "x": "1e126" is outside DynamoDB\'s number range',
    ),
    (
        '{"id": {"S": "q31"}, "x": {"N": "1' + "1" * 38 + '"}}',
        r'attribute "x": "1{36}\.\.\. has more than 38 significant digits',
    ),
    ('{"id": {"S": "q31"}, "x": {"SS": []}}', r'attribute "x": an empty set'),
    (
        '{"id": {"S": "q31"}, "x": {"NS": ["1", "1.0"]}}',
        r'attribute "x": the NS set holds the same value twice',
    ),
    (
        '{"id": {"S": "q31"}, "x": {"B": "not base64!"}}',
        r'attribute "x": binary values are base64 text',
    ),
    ('{"id": {"S": "q31"}, "": {"S": "x"}}', r'attribute "": an empty attribute name'),
    (
        '{"id": {"S": "q31"}, "m": {"M": {"a": {"L": [{"S": "x"}, 5]}}}}',
        r'attribute "m"\."a"\[1\]: 5 is not a typed attribute value',
    ),
    (
        '{"id": {"S": "q31"}, "x": ' + '{"L": [' * 32 + "]}" * 32 + "}",
        r'attribute "x": lists and maps nested more than 32 levels deep \(DynamoDB\'s limit\)',
    ),
    (
        '{"id": {"S": "q31"}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        r"nested too deeply to be an item",
    ),
    (b'{"id": {"S": "q\xff"}}', r"not UTF-8 text"),
    (b"x" * (8 * 1024 * 1024 + 1), r"longer than 8 MB: no item's JSON is that long"),
]


@pytest.mark.parametrize(("line", "why"), BAD_LINES, ids=range(len(BAD_LINES)))
def test_a_bad_line_after_good_ones_is_named_and_nothing_is_written(exported, line, why):
    _append(exported, "questions", line)
    message = _refused(exported, rf"questions.jsonl:31: {why}.*\. Nothing was imported\.$")
    assert "Traceback" not in message


def test_every_bad_line_is_listed_up_to_twenty(exported):
    for n in range(25):
        _append(exported, "questions", f'{{"id": {{"N": "{n}"}}}}')
    message = _refused(exported, "the backup can't be restored as it is; nothing was imported:")
    assert "questions.jsonl:31: key id is N" in message
    assert "questions.jsonl:50: key id is N" in message
    assert "questions.jsonl:51:" not in message
    assert message.endswith("… and 5 more")


def test_an_index_key_of_the_wrong_type_is_refused(exported):
    item = {"id": {"S": "q_1"}, "status": {"S": "pending"}, "submitted_at": {"S": "yesterday"}}
    _append(exported, "submitted-questions", json.dumps(item))
    _refused(exported, r"submitted-questions.jsonl:1: key submitted_at is S, but the table's")


@pytest.mark.parametrize(
    ("extra", "extra_bytes"),
    [
        ({}, 0),
        # "l" (1) + a list (3) + per element 1 and, for -123456789.123, five base-100 digits
        # before the point and two after, one byte more and one for the sign: 10.
        ({"l": {"L": [{"N": "-123456789.123"}] * 1000}}, 1 + 3 + 1000 * 10),
        ({"m": {"M": {"a": {"NULL": True}, "b": {"BOOL": False}}}}, 1 + 3 + 2 * (1 + 1 + 1)),
    ],
)
def test_the_largest_item_dynamodb_takes_is_restored_and_a_byte_more_refused(
    exported, extra, extra_bytes
):
    # "id" (2) + "big" (3) + "text" (4): the rest is the text's, to the byte.
    text = "x" * (MAX_ITEM_BYTES - 9 - extra_bytes)
    _append(
        exported, "questions", json.dumps({"id": {"S": "big"}, "text": {"S": text + "x"}} | extra)
    )
    _refused(exported, r"questions.jsonl:31: the item is 409,601 bytes, over DynamoDB's limit")

    lines = (exported / "questions.jsonl").read_text().splitlines()
    lines[-1] = json.dumps({"id": {"S": "big"}, "text": {"S": text}} | extra)
    (exported / "questions.jsonl").write_text("\n".join(lines) + "\n")
    call_command("import_tables", str(exported), overwrite=True)
    assert tables.get_item(tables.QUESTIONS, {"id": "big"})["text"] == text


def test_one_key_twice_in_a_file_is_restored_as_its_last_line(exported):
    _append(exported, "questions", json.dumps(_question(29) | {"question": {"S": "last"}}))
    call_command("import_tables", str(exported), overwrite=True)
    assert tables.get_item(tables.QUESTIONS, {"id": "q29"})["question"] == "last"
    assert tables.get_item(tables.QUESTIONS, {"id": "q00"})["question"] == "Question 0?"


# --- stopping partway ----------------------------------------------------------------------------


def _stop_on_call(monkeypatch, name: str, number: int, error: BaseException) -> None:
    """Make call ``number`` (from 1) of backup.``name`` raise ``error``."""
    real = getattr(backup, name)
    calls = []

    def stopping(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, name, stopping)


# The backup's tables are restored in the manifest's order: categories (2 items), then questions.
AT_THE_SECOND_BATCH = (
    "after writing 25 of 30 items of table questions, and before it every item of categories "
    "(2). The 5 items being sent when it stopped may or may not be stored."
)
AGAIN = (
    "Running import_tables again is safe: it overwrites items with the same key and changes "
    "nothing else."
)


def _restored_questions() -> int:
    stored = _scan_raw(tables.name(tables.QUESTIONS))
    return sum(1 for item in stored if item["question"]["S"].startswith("Question "))


def test_ctrl_c_while_restoring_says_what_was_written_and_a_rerun_finishes(
    exported, monkeypatch, settings
):
    _stop_on_call(monkeypatch, "_write_raw", 3, KeyboardInterrupt())  # categories', 25, 5
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    assert str(raised.value) == (f"Stopped by Ctrl-C {AT_THE_SECOND_BATCH} {AGAIN}")
    assert _restored_questions() == 25

    monkeypatch.undo()
    call_command("import_tables", str(exported), overwrite=True)
    assert _restored_questions() == QUESTIONS
    assert tables.get_item(tables.CATEGORIES, {"category_id": "history"}) is not None


def test_ctrl_c_while_checking_writes_nothing(exported, monkeypatch):
    _stop_on_call(monkeypatch, "_parse_item", 5, KeyboardInterrupt())
    _refused(exported, r"^Stopped by Ctrl-C while checking the backup; nothing was written\.$")


def test_dynamodb_throttling_midway_says_what_was_written(exported, faults):
    faults.fail_next("BatchWriteItem", times=20, after=2)
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    message = str(raised.value)
    assert message.startswith(f"The restore stopped {AT_THE_SECOND_BATCH}")
    assert "Why: DynamoDB is throttling requests" in message
    assert message.endswith("--traceback shows the details.")


def test_a_write_dynamodb_may_have_applied_is_said_so(exported, faults):
    faults.fail_after_next("BatchWriteItem", times=20, after=2)
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    assert str(raised.value) == (
        f"The restore stopped {AT_THE_SECOND_BATCH} {AGAIN} Why: DynamoDB did not confirm the "
        "last write (a server error or a lost answer)."
    )


def test_an_item_dynamodb_refuses_is_named_by_its_line(exported, faults):
    refused = {"error": "ValidationException", "message": "Item size has exceeded the maximum"}
    faults.fail_next("BatchWriteItem", times=2, after=2, **refused)  # the batch, then 26 alone
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    message = str(raised.value)
    assert message.startswith(
        "The restore stopped after writing 25 of 30 items of table questions, and before it "
        "every item of categories (2). Running import_tables again is safe"
    )
    assert message.endswith(
        "questions.jsonl:26: DynamoDB refused this item (Item size has exceeded the maximum). "
        "Correct or remove that line (or export again), then import again."
    )


def test_a_batch_refused_whole_is_written_item_by_item(exported, faults):
    faults.fail_next("BatchWriteItem", error="ValidationException", message="Refused")
    call_command("import_tables", str(exported), overwrite=True)
    assert tables.get_item(tables.QUESTIONS, {"id": "q00"})["question"] == "Question 0?"


def test_ctrl_c_while_exporting_leaves_a_folder_import_refuses(exported, monkeypatch):
    _stop_on_call(monkeypatch, "_item_line", 10, KeyboardInterrupt())
    with pytest.raises(CommandError) as raised:
        call_command("export_tables", str(exported), "--replace")
    assert str(raised.value) == (
        f"Stopped by Ctrl-C. {exported} holds no complete backup (no manifest.json, so "
        "import_tables refuses it): export again with --replace."
    )
    _refused(exported, "manifest.json not found: not a backup made by export_tables")


def test_ctrl_c_just_after_the_manifest_is_written_says_the_backup_is_complete(
    exported, monkeypatch
):
    # "Nothing was exported; the backup … is as it was" had been said of a finished export.
    real_replace = backup.os.replace

    def replace_then_ctrl_c(*args):
        real_replace(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(backup.os, "replace", replace_then_ctrl_c)
    with pytest.raises(CommandError) as raised:
        call_command("export_tables", str(exported), "--replace")
    monkeypatch.undo()
    assert str(raised.value) == (
        f"Stopped by Ctrl-C. The export had finished: {exported} holds a complete backup."
    )
    complete = backup.check_backup(exported, log=lambda _: None)  # refused if it were not
    assert {f.kind: f.items for f in complete.files}[tables.QUESTIONS] == QUESTIONS


def test_dynamodb_failing_during_an_export_is_said(exported, faults):
    faults.fail_next("Scan", times=20)
    with pytest.raises(
        CommandError, match=r"DynamoDB is throttling .* export again with --replace"
    ):
        call_command("export_tables", str(exported), "--replace")
    assert not (exported / "manifest.json").exists()


def test_an_export_that_cannot_start_leaves_the_backup_in_the_folder_as_it_was(exported, faults):
    manifest = (exported / "manifest.json").read_text()
    faults.fail_next("DescribeTable", times=20)
    with pytest.raises(CommandError, match=rf"Nothing was exported; the backup in {exported} is"):
        call_command("export_tables", str(exported), "--replace")
    assert (exported / "manifest.json").read_text() == manifest
    with pytest.raises(CommandError, match=r"^The export stopped: .* Nothing was exported\.$"):
        call_command("export_tables", str(exported.parent / "new"))
    assert not (exported.parent / "new").exists()


# --- what an export writes -----------------------------------------------------------------------


def test_an_export_keeps_strings_utf8_cannot_hold_and_binary_values_exactly(
    game_tables, settings, tmp_path, db
):
    items = [
        {"user_id": {"S": "u1"}, "nickname": {"S": "a\udcfeb"}, "city": {"S": "Åre"}},
        {"user_id": {"S": "u2"}, "city": {"S": "Åre"}, "avatar": {"B": b"\x00\xff"}},
        {"user_id": {"S": "u3"}, "keys": {"BS": [b"\x01", b"\x02"]}},
    ]
    for item in items:
        client.call("put_item", TableName=tables.name(tables.USERS), Item=item)
    before = _snapshot()
    call_command("export_tables", str(tmp_path / "backup"))
    lines = (tmp_path / "backup" / "users.jsonl").read_text(encoding="utf-8").splitlines()
    # The line UTF-8 can't hold is written in JSON's escapes; the others stay readable.
    assert sorted(lines) == sorted(
        [
            '{"city": {"S": "\\u00c5re"}, "nickname": {"S": "a\\udcfeb"}, "user_id": {"S": "u1"}}',
            '{"avatar": {"B": "AP8="}, "city": {"S": "Åre"}, "user_id": {"S": "u2"}}',
            '{"keys": {"BS": ["AQ==", "Ag=="]}, "user_id": {"S": "u3"}}',
        ]
    )

    settings.TRUTHBYTE_ENV = settings.TRUTHBYTE_ENV + "restored"
    call_command("import_tables", str(tmp_path / "backup"), overwrite=True)
    after = _snapshot()
    after[tables.AUDIT] = [e for e in after[tables.AUDIT] if e["action"]["S"] != "restore_backup"]
    assert after == before


# --- the audit log ---------------------------------------------------------------------------


def test_a_restore_is_one_audit_entry_found_by_its_backup(exported, capsys, support_client):
    # A restore overwrites items in every table: it had left no trace at all.
    call_command("import_tables", str(exported), overwrite=True)
    assert "  recorded in the audit log (“Backup backup”)" in capsys.readouterr().out
    [entry] = audit.history(audit.backup_entity("backup"))
    assert (entry.actor, entry.action) == ("manage.py", "restore_backup")
    assert entry.after == {"items": {"categories": 2, "questions": 30}, "tables_created": []}
    assert entry.note == "Restored 32 items (categories 2, questions 30) from backup."
    page = html.unescape(support_client.get("/audit/", {"item": "Backup backup"}).content.decode())
    assert "<td>Restored a backup</td>" in page
    assert "Restored 32 items (categories 2, questions 30) from backup." in page


def test_a_restore_stopped_after_writing_is_recorded_as_stopped(exported, faults, db):
    faults.fail_next("BatchWriteItem", times=20, after=2)
    with pytest.raises(CommandError, match="The restore stopped"):
        call_command("import_tables", str(exported), overwrite=True)
    [entry] = audit.history(audit.backup_entity("backup"))
    assert entry.action == "restore_backup_stopped"
    assert entry.after == {"items": {"categories": 2, "questions": 25}, "unconfirmed": 5}
    assert entry.note.startswith(
        "Restore of backup stopped partway (DynamoDB is throttling requests"
    )
    assert entry.note.endswith(
        "after 27 items (categories 2, questions 25), and 5 more were being sent: they may or "
        "may not be stored. What it wrote stays; running import_tables again finishes it."
    )


def test_a_restore_whose_entry_cannot_be_written_says_so_with_exit_1(exported, faults, db):
    faults.fail_next("PutItem", times=20)  # the restore itself writes no PutItem
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    assert str(raised.value).startswith(
        "Restored as said above, but not recorded in the audit log: DynamoDB is throttling"
    )
    assert str(raised.value).endswith(
        "Running import_tables again would record it (it writes the same items again)."
    )
    assert _restored_questions() == QUESTIONS
    assert audit.history(audit.backup_entity("backup")) == []


def test_a_first_write_whose_answer_is_lost_is_not_called_nothing_written(exported, faults, db):
    # Applied, answered 500: "before any item was written" was false, and the entry said 0.
    faults.fail_after_next("BatchWriteItem", times=20)
    with pytest.raises(CommandError) as raised:
        call_command("import_tables", str(exported), overwrite=True)
    message = str(raised.value)
    assert message.startswith(
        "The restore stopped while sending the first items of table categories; not started: "
        "questions (30). The 2 items being sent when it stopped may or may not be stored."
    )
    assert "before any item" not in message
    [entry] = audit.history(audit.backup_entity("backup"))
    assert entry.after == {"items": {}, "unconfirmed": 2}
    assert "after 0 items, and 2 more were being sent: they may or may not be stored." in (
        entry.note
    )
