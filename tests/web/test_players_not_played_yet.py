"""A player who has not played a daily challenge yet gets a calm, true empty state: no "odd
data" box, no claim that missing values agree, no offer to store 0 over nothing, and a plain
sentence instead of "the 0 newest of 0 answers"."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest

from tests.support.players_game import new_player, put_user
from truthbyte_admin.data import players

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(game_tables):
    """As the demo's player with no daily progress: no list of days, no streak stored."""
    user_id = new_player()
    item = players.get_user_raw(user_id)
    for name in ("daily_progress", "current_daily_streak", "best_daily_streak"):
        del item[name]
    put_user(item)
    return user_id


def _text(response) -> str:
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_profile_says_not_played_yet_and_nothing_odd(admin_client, newcomer):
    response = admin_client.get(f"/players/{newcomer}/")
    html = response.content.decode()
    text = _text(response)
    assert "odd data" not in text
    assert 'aria-label="Data problems in this record"' not in html
    assert 'data-testid="not-played-yet">Has not played a daily challenge yet.</p>' in html
    reasons = html_lib.unescape(re.search(r'data-testid="streak-reasons">(.*?)</p>', html).group(1))
    assert reasons == (
        "Has not played a daily challenge yet: no streak is stored, and the game's count and "
        "the documented rule both give 0."
    )
    assert "agree" not in reasons
    assert "Has not played a daily challenge yet, so there are no days to list." in text
    assert "streaks/store/" not in html  # nothing to offer: 0 over nothing changes nothing
    answers = re.search(r'data-testid="answers-summary">(.*?)</p>', html).group(1)
    assert answers == "Has not answered any question yet."
    assert "The 0 newest" not in text


def test_a_player_created_with_zero_streaks_and_no_days_reads_the_same(admin_client, game_tables):
    user_id = new_player()  # daily_progress {} and both streaks 0, as stored
    html = admin_client.get(f"/players/{user_id}/").content.decode()
    assert 'data-testid="not-played-yet"' in html
    reasons = re.search(r'data-testid="streak-reasons">(.*?)</p>', html).group(1)
    assert reasons == "Has not played a daily challenge yet: every streak is 0."
    assert "streaks/store/" not in html


def test_the_store_page_offers_nothing_and_says_why(admin_client, newcomer):
    response = admin_client.get(f"/players/{newcomer}/streaks/store/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" not in html.split('<main id="main"', 1)[1]
    said = re.search(r'data-testid="nothing-to-store">(.*?)</p>', html).group(1)
    assert said.startswith(
        "Nothing to store: this player has not played a daily challenge yet, so both recomputed "
        "streaks are 0 and there is nothing to correct"
    )


def test_a_record_whose_days_cant_be_read_is_not_called_not_played(support_client, game_tables):
    user_id = new_player()
    item = players.get_user_raw(user_id)
    item["daily_progress"] = "none"
    put_user(item)
    html = support_client.get(f"/players/{user_id}/").content.decode()
    assert 'data-testid="not-played-yet"' not in html
    assert "stored as text, not as a list of days" in html
    assert "No day can be read from this record" in html


def test_a_few_answers_are_all_shown_in_a_plain_sentence(support_client, game_tables):
    from truthbyte_admin.data import batch, tables

    user_id = new_player()
    batch.batch_write(
        tables.name(tables.ANSWERS),
        puts=[
            {
                "user_id": user_id,
                "question_id": f"q_{n}",
                "answer": True,
                "timestamp": 1_700_000_000,
            }
            for n in range(3)
        ],
    )
    html = support_client.get(f"/players/{user_id}/").content.decode()
    said = re.search(r'data-testid="answers-summary">(.*?)</p>', html).group(1)
    assert said.startswith("All 3 of this player's answers, newest first (answered time, UTC).")


def test_missing_stored_streaks_are_not_said_to_agree(support_client, game_tables):
    """Played, never 70% or more, and no streak stored: nothing disagrees, nothing is stored."""
    from tests.support.players_game import submit_daily

    user_id = new_player()
    submit_daily(user_id, dt.datetime.now(dt.UTC).date(), [("q_1", True, False)])
    item = players.get_user_raw(user_id)
    del item["current_daily_streak"], item["best_daily_streak"]
    put_user(item)
    html = support_client.get(f"/players/{user_id}/").content.decode()
    note = html_lib.unescape(re.search(r'data-testid="streak-reasons">(.*?)</p>', html).group(1))
    assert note == (
        "No streak is stored on the record yet; the game's count and the documented rule both "
        "give 0."
    )
    assert 'data-testid="not-played-yet"' not in html
