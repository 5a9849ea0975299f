"""A day whose record stores its completion time or answers as something else: the day page,
the profile's list and the odd-data banner say what is stored, and count it as played."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import iso, put_user

pytestmark = pytest.mark.django_db

TODAY = dt.datetime.now(dt.UTC).date()
ODD = TODAY - dt.timedelta(days=3)
USER = "5eed0000-0000-4000-8000-00000000bad1"


@pytest.fixture
def odd_player(game_tables):
    put_user(
        {
            "user_id": USER,
            "created_at": iso(
                dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(8), dt.UTC)
            ),
            "daily_progress": {
                ODD.isoformat(): {"answers": "none", "completed_at": "sometime yesterday"},
                "yesterday": {"completed": True, "score": 80},
            },
            "current_daily_streak": 0,
            "best_daily_streak": 0,
        }
    )
    return USER


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_day_page_says_what_is_stored_not_that_nothing_is(support_client, odd_player):
    html = _text(support_client.get(f"/players/{odd_player}/days/{ODD.isoformat()}/"))
    completed = re.search(r'data-testid="completed-at">(.*?)</dd>', html).group(1)
    assert "stored as “sometime yesterday” (not a time)" in completed
    assert "not stored" not in completed
    assert re.search(r'data-testid="answers-stored-as">stored as “none” \(not a list\)<', html)
    assert "No answers are stored for this day" not in html
    assert "Played to the end, but no score can be worked out" in html
    assert "played, no score" in html


def test_the_profile_counts_the_day_as_played_and_its_banner_names_it(support_client, odd_player):
    html = _text(support_client.get(f"/players/{odd_player}/"))
    banner = re.search(r'aria-label="Data problems in this record">(.*?)</div>', html).group(1)
    assert f"{ODD.isoformat()}: “sometime yesterday”" in banner
    assert "counted as played to the end" in banner
    assert "Days whose names are not dates were ignored: “yesterday”." in banner
    assert re.search(r"<dt>Days played</dt><dd>1 ", html)
    # 2 stored, 1 played: the count says which one the banner names.
    stored = re.search(r'data-testid="days-stored">(.*?)</dd>', html).group(1)
    assert re.sub(r"<[^>]+>", "", stored) == (
        "2 (1 of them named with something that is not a date, so ignored: see the odd data above)"
    )
    row = re.search(rf">{ODD.isoformat()}</a>.*?</tr>", html).group(0)
    assert "<td>yes</td>" in row
    assert "stored as “sometime yesterday” (not a time)" in row
    assert f'aria-label="{ODD.isoformat()}: played, score unknown' in html
