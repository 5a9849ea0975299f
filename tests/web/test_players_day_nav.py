"""A player's day links to the days either side, to that date's daily set, and its breadcrumb
ends with the day; counts read the same on every page (1,231, not 1231); the daily set's pool
column counts from 1 like its "#" and says what it counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.daily import seed_questions
from tests.support.players_game import new_player, put_user
from truthbyte_admin.data import client, tables
from truthbyte_admin.data.serialization import to_item

pytestmark = pytest.mark.django_db

TODAY = dt.datetime.now(dt.UTC).date()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_day_links_to_the_days_either_side_and_to_its_daily_set(support_client, game_tables):
    user_id = new_player()
    day = TODAY - dt.timedelta(days=3)
    html = _text(support_client.get(f"/players/{user_id}/days/{day.isoformat()}/"))
    nav = re.search(r'data-testid="day-nav">(.*?)</nav>', html).group(1)
    before, after = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    assert f'href="/players/{user_id}/days/{before.isoformat()}/"' in nav
    assert f'href="/players/{user_id}/days/{after.isoformat()}/"' in nav
    assert f'href="/daily/?date={day.isoformat()}"' in nav
    crumbs = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html).group(1)
    assert crumbs.rstrip().endswith(f'› <span aria-current="page">{day.isoformat()}</span>')


def test_today_has_no_next_day(support_client, game_tables):
    user_id = new_player()
    html = support_client.get(f"/players/{user_id}/days/{TODAY.isoformat()}/").content.decode()
    nav = re.search(r'data-testid="day-nav">(.*?)</nav>', html, re.S).group(1)
    assert 'rel="next"' not in nav
    assert 'rel="prev"' in nav


def test_the_answers_page_counts_with_thousands_separators(support_client, game_tables):
    user_id = "5eed0000-0000-4000-8000-00000000c0de"
    put_user({"user_id": user_id})
    requests = [
        {
            "PutRequest": {
                "Item": to_item(
                    {
                        "user_id": user_id,
                        "question_id": f"q_{n:05d}",
                        "answer": True,
                        "timestamp": n,
                    }
                )
            }
        }
        for n in range(1231)
    ]
    for start in range(0, len(requests), 25):
        client.call(
            "batch_write_item",
            RequestItems={tables.name(tables.ANSWERS): requests[start : start + 25]},
        )
    html = _text(support_client.get(f"/players/{user_id}/answers/"))
    assert "1,231 answers" in html
    assert "1231" not in html.split('data-testid="answers-summary">', 1)[1].split("</p>", 1)[0]


def test_the_pool_column_counts_from_one_and_says_what_it_is(support_client, game_tables):
    seed_questions(30, every_hard=4)
    html = _text(support_client.get("/daily/"))
    head = re.search(r'data-testid="pool-place-head">(.*?)</th>', html).group(1)
    assert "Place in the pool" in head
    assert "it picks from" in head
    places = [int(p) for p in re.findall(r'<td class="num">(\d+)</td> </tr>', html)]
    assert len(places) == 10
    assert min(places) >= 1


def test_the_players_first_day_has_no_previous_day(support_client, game_tables):
    # It had offered "← 2019-12-31" and on back to 2000, days that hold nothing of theirs
    # (support probe).
    user_id = new_player(created=dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC))
    first = support_client.get(f"/players/{user_id}/days/2025-01-01/").content.decode()
    nav = re.search(r'data-testid="day-nav">(.*?)</nav>', first, re.S).group(1)
    assert 'rel="prev"' not in nav
    assert 'rel="next"' in nav
    second = support_client.get(f"/players/{user_id}/days/2025-01-02/").content.decode()
    nav = re.search(r'data-testid="day-nav">(.*?)</nav>', second, re.S).group(1)
    assert f'href="/players/{user_id}/days/2025-01-01/"' in nav
