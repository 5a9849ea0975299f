"""Player support: the note a streak store leaves in the audit log, and which player ids the
list links (no I/O)."""

from __future__ import annotations

import datetime as dt

from truthbyte_admin.domain.streaks import StreakUpdate
from truthbyte_admin.players.services import _audit_note
from truthbyte_admin.staffindex.models import IndexedPlayer

TODAY = dt.date(2026, 12, 6)


def test_a_best_lowered_by_one_day_says_one_day():
    update = StreakUpdate(current=3, best=4, recomputed_best=4, stored_current=3, stored_best=5)

    note = _audit_note(update, TODAY)

    assert note.endswith("Best streak lowered on purpose from 5 to the recomputed 4 (1 day less).")


def test_a_best_lowered_by_more_days_says_days():
    update = StreakUpdate(current=3, best=3, recomputed_best=3, stored_current=3, stored_best=5)

    assert _audit_note(update, TODAY).endswith("(2 days less).")


def test_only_a_whole_player_id_gets_a_profile_link_in_the_player_list():
    assert IndexedPlayer(user_id="5eed0000-0000-0000-0000-000000000001").openable
    # A final line break: the id pattern's "$" matched before it, so the row linked to a 400.
    assert not IndexedPlayer(user_id="5eed0000\n").openable
