"""Settings for `bench_import.py`'s second run of `load_questions`: the same as the tests', with
the staff index's live updates off, to show what the DynamoDB side of the import costs alone."""

from tests.settings import *  # noqa: F403

STAFF_INDEX_LIVE_UPDATES = False
