"""The queue and the review page show a submission's categories with the shared chip: a name
the game stored with spaces at either end (" space", another category than "space" to the
game) shows quoted, as on the question pages, never trimmed."""

from __future__ import annotations

import re

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import tables

SPACED_TITLE = "Stored with spaces at either end, exactly as the game matches it"
SPACED_CHIP = (
    '<span class="chip legacy" title="Stored with spaces at either end, exactly as the game '
    'matches it" data-testid="spaced-category" dir="auto">“ space”</span>'
)

# A legacy category typed as a sentence, stored with a space at its start.
LONG = " Questions about the history of the Roman Empire and its provinces"


@pytest.fixture
def spaced_submission(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_sp000001", categories=[" space", "geography", LONG]),
    )
    synced()  # the queue lists from the staff index
    return "q_sp000001"


def test_the_queue_row_quotes_a_spaced_category(moderator_client, spaced_submission):
    html = moderator_client.get("/queue/").content.decode()
    assert SPACED_CHIP in html
    assert '<span class="chip" dir="auto">geography</span>' in html
    # A long one is cut to fit the column (still quoted at its start), whole in its title.
    chips = re.findall(r'<span class="chip legacy" title="([^"]*)"[^>]*>([^<]*)</span>', html)
    assert (f"{SPACED_TITLE}: “{LONG}”", "“ Questions about the history of the Ro…") in chips


def test_the_review_page_quotes_a_spaced_category(moderator_client, spaced_submission):
    html = moderator_client.get(f"/queue/{spaced_submission}/").content.decode()
    assert SPACED_CHIP in html
    assert '<span class="chip" dir="auto">geography</span>' in html
