from decimal import Decimal

from django.core.management import call_command

from truthbyte_admin.data import client, tables
from truthbyte_admin.data.backup import _scan_raw


def _snapshot():
    return {
        spec.kind: sorted(_scan_raw(spec.name), key=lambda i: repr(sorted(i.items())))
        for spec in tables.catalogue()
    }


def test_export_then_import_into_a_fresh_environment_is_exact(game_tables, settings, tmp_path):
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
    call_command("import_tables", str(tmp_path))
    assert _snapshot() == before
    assert Decimal(before[tables.QUESTIONS][0]["ratio"]["N"]) == Decimal("0.125")
