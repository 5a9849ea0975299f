"""Text columns without a length limit for what the game writes (ids, category keys and
names, authors): the game stores category keys verbatim, and DynamoDB allows keys up to 2 KB, so
a 256-character one made every write of its question to the index fail on PostgreSQL
("value too long for type character varying(255)") and the lists stop following the game.

SQLite enforces no length, and altering a column there remakes the table, which would drop the
full-text triggers of 0002: the columns change on PostgreSQL only; the state changes everywhere.
"""

from django.db import migrations, models


class OnPostgreSQL(migrations.operations.base.Operation):
    """``operation`` on PostgreSQL; elsewhere its model state only."""

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__name__, [self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL)"


class Migration(migrations.Migration):
    dependencies = [
        ("staffindex", "0004_category_unreadable_count"),
    ]

    operations = [
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedcategory",
                name="display_name",
                field=models.TextField(blank=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedcategory",
                name="slug",
                field=models.TextField(primary_key=True, serialize=False),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedplayer",
                name="user_id",
                field=models.TextField(primary_key=True, serialize=False),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedquestion",
                name="original_author",
                field=models.TextField(blank=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedquestion",
                name="qid",
                field=models.TextField(unique=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedquestion",
                name="source",
                field=models.TextField(blank=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedsubmission",
                name="author",
                field=models.TextField(blank=True, db_index=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="indexedsubmission",
                name="sid",
                field=models.TextField(unique=True),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="questioncategory",
                name="category",
                field=models.TextField(),
            ),
        ),
        OnPostgreSQL(
            migrations.AlterField(
                model_name="submissioncategory",
                name="category",
                field=models.TextField(),
            ),
        ),
    ]
