"""An id typed in capitals: the not-found page says ids are case-sensitive and offers the player
whose id is that in lower case as such — never as one whose id "starts with" the capitals."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import iso, put_user
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db

PLAYER = "5eed0000-0000-4000-8000-000000000007"


def test_capitals_are_offered_as_the_lower_case_id_not_as_a_prefix_match(
    support_client, game_tables
):
    put_user({"user_id": PLAYER, "last_active": iso(dt.datetime.now(dt.UTC))})
    rebuild()
    response = support_client.get(f"/players/{PLAYER.upper()}/")
    assert response.status_code == 404
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "ids are case-sensitive, and the game writes them in lower case" in html
    assert 'data-testid="similar-players"' not in html  # no "whose id starts with 5EED…"
    offered = html.split('data-testid="lower-case-players"', 1)[1].split("</section>", 1)[0]
    assert f"The player with this id in lower case, <code>{PLAYER}</code>" in offered
    assert f'href="/players/{PLAYER}/"' in offered


def test_capitals_that_start_lower_case_ids_offer_them_as_a_start(support_client, game_tables):
    put_user({"user_id": PLAYER})
    put_user({"user_id": PLAYER[:-1] + "8"})
    rebuild()
    html = re.sub(
        r"\s+", " ", support_client.get(f"/players/{PLAYER[:20].upper()}/").content.decode()
    )
    assert f"2 players whose id starts with it in lower case, <code>{PLAYER[:20]}</code>" in html


def test_lower_case_part_of_an_id_is_still_a_prefix_match(support_client, game_tables):
    put_user({"user_id": PLAYER})
    rebuild()
    html = support_client.get("/players/5eed0000-0000/").content.decode()
    assert "1 player whose id starts with <code>5eed0000-0000</code>" in html
    assert 'data-testid="lower-case-players"' not in html
