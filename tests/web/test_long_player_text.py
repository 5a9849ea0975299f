"""Player-written question text on the daily set and a player's day: dir="auto" and clamped (the
answers page's clamp), so 981 characters of right-to-left text neither run full height nor read
left to right."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.daily import seed_questions
from tests.support.players_game import new_player, put_question, submit_daily

pytestmark = pytest.mark.django_db

LONG = "هل " * 327  # 981 characters, right to left


def test_the_daily_set_clamps_each_question_and_lets_it_set_its_direction(
    game_tables, support_client
):
    seed_questions(30, every_hard=4)
    html = support_client.get("/daily/").content.decode()
    texts = re.findall(r'<td class="text-cell">(<span[^>]*>)', html)
    assert len(texts) == 10
    assert all('class="clip"' in t and 'dir="auto"' in t for t in texts)


def test_the_range_drawer_and_repeats_clamp_their_texts(game_tables, support_client):
    seed_questions(30, every_hard=4)
    html = support_client.get("/daily/range/?days=30").content.decode()
    drawer = re.findall(r'<span class="clip" dir="auto" data-testid="mix-text">', html)
    assert len(drawer) == 300
    repeats = html.split('data-testid="repeats"', 1)[-1]
    assert '<td class="text-cell" dir="auto">' not in repeats
    assert '<td class="text-cell"><span class="clip" dir="auto">' in repeats


def test_a_players_day_clamps_its_question_links(game_tables, support_client):
    today = dt.datetime.now(dt.UTC).date()
    put_question("q_long", LONG, True)
    user_id = new_player()
    submit_daily(user_id, today, [("q_long", True, True)])
    html = support_client.get(f"/players/{user_id}/days/{today.isoformat()}/").content.decode()
    link = re.search(r'<a [^>]*data-testid="day-question"[^>]*>', html).group(0)
    assert 'class="clip"' in link
    assert 'dir="auto"' in link
