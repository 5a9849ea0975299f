""" "Starts with", case as typed, through the ORM on SQLite: the staff database ``make run``
serves from. The suite's own staff database is PostgreSQL, where the same filters are plain
``LIKE 'prefix%'``; SQLite's LIKE ignores ASCII case (the queue's author filter had matched
"C382…" to "c382…" under ``make run`` only). Run in a process of its own on a migrated SQLite
file, as an operator's would be."""

from __future__ import annotations

import json

from tests.support.commands import run_manage

CHECK = """
import json
from truthbyte_admin.staffindex.models import IndexedPlayer, IndexedSubmission
from truthbyte_admin.staffindex.pending import pending_page
from truthbyte_admin.staffindex.queries import PlayerQuery
from truthbyte_admin.staffindex.selectors import player_list

ids = ["c382ee27-0afe", "c382ee27-ffff", "C382EE27-0AFE", "d0000000-0001"]
for n, author in enumerate(ids):
    IndexedSubmission.objects.create(sid=f"q_5q1173{n}", status="pending", author=author)
    IndexedPlayer.objects.create(user_id=author)
found = {}
for start in ("c382", "C382", "c382ee27-0"):
    queue = pending_page(author_start=start, now=0)
    found[start] = {
        "queue": sorted(s.author for s in queue.items),
        "players": sorted(p.user_id for p in player_list(PlayerQuery(prefix=start)).page),
    }
print(json.dumps(found))
"""


def _on_sqlite(*args: str, database_url: str):
    done = run_manage(
        *args,
        DATABASE_URL=database_url,
        DYNAMODB_ENDPOINT_URL="http://127.0.0.1:9",  # never reached: these read SQL only
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_queue_author_and_player_id_starts_are_case_as_typed_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    _on_sqlite("migrate", "--verbosity", "0", database_url=url)
    found = json.loads(_on_sqlite("shell", "-c", CHECK, database_url=url).strip().splitlines()[-1])
    assert found == {
        "c382": {
            "queue": ["c382ee27-0afe", "c382ee27-ffff"],
            "players": ["c382ee27-0afe", "c382ee27-ffff"],
        },
        "C382": {"queue": ["C382EE27-0AFE"], "players": ["C382EE27-0AFE"]},
        "c382ee27-0": {"queue": ["c382ee27-0afe"], "players": ["c382ee27-0afe"]},
    }
