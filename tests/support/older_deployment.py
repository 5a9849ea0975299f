"""Tables as an older deployment has them: submitted-questions without its GSIs (GAME.md)."""

from truthbyte_admin.data import client, tables


def create_tables_without_submission_indexes() -> None:
    tables.create_missing_tables(
        only=[
            tables.QUESTIONS,
            tables.QUESTION_CATEGORIES,
            tables.CATEGORIES,
            tables.AUDIT,
            tables.USERS,
        ],
        wait=False,
    )
    client.call(
        "create_table",
        TableName=tables.name(tables.SUBMISSIONS),
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    tables.forget_schema_cache()
