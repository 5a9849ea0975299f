"""Full-text search structures per database vendor (see staffindex/search.py).

SQLite: FTS5 external-content tables kept in step by triggers (skipped if this SQLite lacks
FTS5: search then falls back to the portable ``search_text`` match). PostgreSQL: GIN
expression indexes on ``to_tsvector('simple', search_text)``.
"""

from django.db import migrations

TABLES = {
    "staffindex_indexedquestion": ("staffindex_question_fts", "qid"),
    "staffindex_indexedsubmission": ("staffindex_submission_fts", "sid"),
}


def _sqlite(table, fts, ident):
    cols = f"{ident}, title, question, passage"
    new = f"new.{ident}, new.title, new.question, new.passage"
    old = f"old.{ident}, old.title, old.question, old.passage"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    statements = []
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            try:
                cursor.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
                cursor.execute("DROP TABLE temp._fts5_probe")
            except Exception:  # noqa: BLE001 - no FTS5 in this SQLite: portable search
                return
        for table, (fts, ident) in TABLES.items():
            statements += _sqlite(table, fts, ident)
    elif conn.vendor == "postgresql":
        for table in TABLES:
            statements.append(
                f"CREATE INDEX {table}_tsv ON {table} "
                "USING gin (to_tsvector('simple', search_text))"
            )
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    for table, (fts, _ident) in TABLES.items():
        if conn.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
        elif conn.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_tsv")


class Migration(migrations.Migration):
    dependencies = [("staffindex", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
