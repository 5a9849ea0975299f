"""A day after today (UTC) is "not played yet, in the future" on the day's page, the calendar
and its legend: never "missed"."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import new_player, put_question, submit_daily
from tests.support.requests import assert_dynamodb_requests

pytestmark = pytest.mark.django_db

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture
def player(game_tables):
    put_question("q_001", "Is one plus one two?", True)
    user_id = new_player()
    submit_daily(user_id, TODAY - dt.timedelta(days=1), [("q_001", True, True)])
    return user_id


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("days_ahead", [1, 3000])
def test_a_future_days_page_says_not_played_yet_not_missed(support_client, player, days_ahead):
    day = (TODAY + dt.timedelta(days=days_ahead)).isoformat()
    with assert_dynamodb_requests(1):  # the record only: no day, no questions to read
        response = support_client.get(f"/players/{player}/days/{day}/")
    assert response.status_code == 200
    text = _text(response)
    assert "Result Not played yet: this day is in the future (after today, UTC)" in text
    assert "Documented rule in the future (UTC), not played yet" in text
    assert "not counted: the day hasn't come yet" in text
    assert "issed" not in text  # neither "Missed" nor "missed"


def test_the_calendar_names_future_days_like_the_days_page_and_its_legend_shows_them(
    support_client, player, monkeypatch
):
    from truthbyte_admin.players import views

    first = TODAY.replace(day=1)  # a today with days left in its month, whatever the date
    monkeypatch.setattr(views, "utc_today", lambda: first)
    html = support_client.get(f"/players/{player}/").content.decode()
    later = (first + dt.timedelta(days=1)).isoformat()
    assert f'<span class="cell future" title="{later}: in the future, not played yet">' in html
    legend = html.split('data-testid="legend-future">', 1)[1].split("</li>", 1)[0]
    assert legend == '<span class="cell future"></span>after today (UTC), not played yet'
    # a month that is over shows no future days, and its legend doesn't list them
    last_year = f"{first.year - 1}-{first.month:02d}"
    earlier = support_client.get(f"/players/{player}/", {"end": last_year}).content.decode()
    assert 'data-testid="legend-future"' not in earlier
