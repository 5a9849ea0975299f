from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data.backup import _scan_raw


def _snapshot():
    return {
        spec.kind: sorted(_scan_raw(spec.name), key=lambda i: repr(sorted(i.items())))
        for spec in tables.catalogue()
    }


def _restore_entries(snapshot: dict) -> list[dict]:
    """Take the restore's own audit entries out of ``snapshot`` and return them."""
    entries = snapshot[tables.AUDIT]
    own = [e for e in entries if e["entity"]["S"].startswith("restore#")]
    snapshot[tables.AUDIT] = [e for e in entries if e not in own]
    return own


def test_export_then_import_into_a_fresh_environment_is_exact(
    game_tables, settings, tmp_path, db, capsys
):
    items = {
        tables.QUESTIONS: {
            "id": {"S": "q1"},
            "question": {"S": "Är det sant?"},
            "answer": {"BOOL": True},
            "categories": {"L": [{"S": "science"}, {"S": "general"}]},
            "difficulty": {"N": "2"},
            "ratio": {"N": "0.125"},
            "legacy_set": {"SS": ["a", "b"]},
        },
        tables.QUESTION_CATEGORIES: {"category": {"S": "science"}, "question_id": {"S": "q1"}},
        tables.CATEGORIES: {
            "category_id": {"S": "science"},
            "name": {"S": "Science"},
            "question_count": {"N": "1"},
        },
        tables.SUBMISSIONS: {
            "id": {"S": "q_0badf00d"},
            "status": {"S": "pending"},
            "submitted_at": {"N": "1732500000"},
            "author": {"S": "u1"},
        },
        tables.USERS: {
            "user_id": {"S": "u1"},
            "daily_progress": {
                "M": {
                    "2026-01-01": {
                        "M": {"completed_at": {"S": "2026-01-01T10:00:00Z"}, "answers": {"L": []}}
                    }
                }
            },
            "trust_score": {"N": "0.75"},
        },
        tables.ANSWERS: {
            "user_id": {"S": "u1"},
            "question_id": {"S": "q1"},
            "answer": {"BOOL": False},
        },
        tables.SESSIONS: {"session_id": {"S": "s1"}, "ip_hash": {"S": "ab" * 32}},
        tables.AUDIT: {"entity": {"S": "question#q1"}, "event": {"S": "2026-01-01T00:00:00Z#x"}},
    }
    for kind, item in items.items():
        client.call("put_item", TableName=tables.name(kind), Item=item)
    before = _snapshot()
    call_command("export_tables", str(tmp_path))
    assert (tmp_path / "manifest.json").exists()

    settings.TRUTHBYTE_ENV = settings.TRUTHBYTE_ENV + "restored"
    call_command("import_tables", str(tmp_path))  # into no tables: no --overwrite needed
    out = capsys.readouterr().out
    # The audit entries were restored as items: the page's copy needs its rebuild, said.
    assert "run `manage.py rebuild_audit_log` to show the restored entries" in out
    assert "created the missing tables: " in out
    after = _snapshot()
    # Exact, but for the one entry recording the restore itself.
    [entry] = _restore_entries(after)
    assert entry["action"]["S"] == "restore_backup"
    assert entry["actor"]["S"] == "manage.py"
    assert entry["entity"]["S"] == f"restore#{tmp_path.name}"
    [recorded] = audit.history(audit.backup_entity(tmp_path.name))
    assert recorded.after["tables_created"] == sorted(spec.name for spec in tables.catalogue())
    assert recorded.note.startswith("Restored 8 items (")
    assert "; created the tables " in recorded.note
    assert after == before
    assert Decimal(before[tables.QUESTIONS][0]["ratio"]["N"]) == Decimal("0.125")


def test_a_restore_over_tables_holding_items_needs_overwrite_and_says_what_it_leaves(
    game_tables, tmp_path, capsys
):
    # Over items, a restore leaves what was created since: an operator restored over a week
    # of work unwarned, and a submission pending again was approved into a second question.
    client.call(
        "put_item",
        TableName=tables.name(tables.CATEGORIES),
        Item={"category_id": {"S": "art"}, "count": {"N": "1"}},
    )
    call_command("export_tables", str(tmp_path))
    client.call(
        "put_item",
        TableName=tables.name(tables.CATEGORIES),
        Item={"category_id": {"S": "music"}, "count": {"N": "1"}},
    )

    with pytest.raises(CommandError) as refused:
        call_command("import_tables", str(tmp_path))

    said = str(refused.value)
    assert said.startswith("Nothing was imported: these tables hold items already: ")
    assert "what was created since the backup stays" in said
    assert "run it again with --overwrite" in said
    assert "Verify now and Repair, `manage.py rebuild_index`" in said
    call_command("import_tables", str(tmp_path), overwrite=True)
    assert "what was created since the backup stays" in capsys.readouterr().out
    stored = client.call("scan", TableName=tables.name(tables.CATEGORIES))["Items"]
    assert sorted(item["category_id"]["S"] for item in stored) == ["art", "music"]


def test_an_export_never_writes_over_a_backup_unless_told(game_tables, tmp_path):
    first = tmp_path / "backup"
    call_command("export_tables", str(first))
    manifest = (first / "manifest.json").read_text()
    with pytest.raises(CommandError, match="the folder is not empty .*--replace"):
        call_command("export_tables", str(first))
    assert (first / "manifest.json").read_text() == manifest
    call_command("export_tables", str(first), "--replace")
    with pytest.raises(CommandError, match="is a file, not a folder; nothing was exported"):
        call_command("export_tables", str(first / "manifest.json"))


@pytest.mark.parametrize("command", ["rebuild_index", "rebuild_audit_log", "sync_index"])
@pytest.mark.parametrize("segments", ["0", "-3", "33", "abc"])
def test_scan_segments_are_a_whole_number_from_1_to_32(command, segments):
    with pytest.raises(CommandError, match="parallel Scan segments from 1 to 32"):
        call_command(command, "--segments", segments)


def test_a_restore_says_how_far_it_is_within_a_large_table(
    game_tables, tmp_path, settings, monkeypatch, capsys
):
    from truthbyte_admin.data import backup

    for n in range(60):
        client.call(
            "put_item",
            TableName=tables.name(tables.CATEGORIES),
            Item={"category_id": {"S": f"c{n:02d}"}, "count": {"N": "1"}},
        )
    call_command("export_tables", str(tmp_path))
    settings.TRUTHBYTE_ENV = settings.TRUTHBYTE_ENV + "progress"
    monkeypatch.setattr(backup, "RESTORE_PROGRESS_EVERY", 25)  # 5,000 in earnest
    capsys.readouterr()

    call_command("import_tables", str(tmp_path))

    out = capsys.readouterr().out
    table = tables.name(tables.CATEGORIES)
    assert f"  {table}: 25 of 60 items written" in out
    assert f"  {table}: 50 of 60 items written" in out
