"""What a queue row shows can't be turned around or hidden by invisible characters: a row whose
text holds some is flagged (one press of "a" would approve it unseen; the review page names
them), and a player id is shown as written, its direction control written out."""

from __future__ import annotations

import re

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import tables

pytestmark = pytest.mark.django_db

RLO, PDF = "\u202e", "\u202c"


@pytest.fixture
def rows(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_7e570007",
            question=f"Is the answer {RLO}eslaf{PDF} to this question?",
            author=f"{RLO}evil-author",
        ),
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_7e570008", submitted_at=1_764_000_060))
    synced()
    return game_tables


def _row(html: str, submission_id: str) -> str:
    start = html.index(f'id="row-{submission_id}"')
    return html[start : html.index("</tr>", start)]


def test_a_row_with_invisible_characters_is_flagged_and_a_plain_one_is_not(rows, moderator_client):
    html = moderator_client.get("/queue/").content.decode()
    flagged = re.search(
        r'data-testid="row-invisible" title="([^"]*)">([^<]*)<', _row(html, "q_7e570007")
    )
    assert flagged.group(2) == "Invisible characters: see the review"
    assert "U+202E right-to-left override" in flagged.group(1)
    assert 'data-testid="row-invisible"' not in _row(html, "q_7e570008")


def test_a_player_id_with_a_direction_control_is_shown_as_written(rows, moderator_client):
    queue = _row(moderator_client.get("/queue/").content.decode(), "q_7e570007")
    assert ">⟨U+202E⟩evil-…<" in queue  # cut to fit, as every id in the column
    assert RLO not in re.search(r'data-testid="player-link"[^>]*>([^<]*)<', queue).group(1)
    review = moderator_client.get("/queue/q_7e570007/").content.decode()
    assert '<code dir="auto">⟨U+202E⟩evil-author</code>' in review
