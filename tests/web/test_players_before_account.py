"""A player's days before the account existed are not "missed": the profile's table starts on the
player's first day, the calendar marks earlier days as before the account, and so does a day's
own page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import new_player, put_question, submit_daily

pytestmark = pytest.mark.django_db

TODAY = dt.datetime.now(dt.UTC).date()
CREATED = dt.datetime.combine(TODAY - dt.timedelta(days=6), dt.time(21, 15), tzinfo=dt.UTC)
QUESTIONS = [(f"q_{n:03d}", n % 2 == 0) for n in range(10)]


@pytest.fixture
def young_player(game_tables):
    """Created six days ago; played three of the days since."""
    for qid, answer in QUESTIONS:
        put_question(qid, f"Is statement number {qid} true?", answer)
    user_id = new_player(created=CREATED)
    for back in (5, 3, 1):
        answers = [(qid, answer, True) for qid, answer in QUESTIONS]
        submit_daily(user_id, TODAY - dt.timedelta(days=back), answers)
    return user_id


def _table_days(html: str) -> list[str]:
    table = html.split('class="facts-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r">(\d{4}-\d{2}-\d{2})</a>", table)


def test_the_day_by_day_table_starts_on_the_day_the_account_was_created(
    support_client, young_player
):
    html = support_client.get(f"/players/{young_player}/").content.decode()
    days = _table_days(html)
    assert days == [(TODAY - dt.timedelta(days=n)).isoformat() for n in range(7)]
    assert "page 1 of" not in html  # one page, not eleven
    note = re.search(r'data-testid="before-account-note">(.*?)</p>', html, re.S).group(1)
    created = CREATED.date().isoformat()
    assert f"Days before {created} are not listed" in note
    assert f"the account was created that day ({created} 21:15 UTC)" in note
    # From the creation day on, a day not played is still missed.
    assert (TODAY - dt.timedelta(days=2)).isoformat() in days
    assert "missed" in html


def test_the_calendar_marks_days_before_the_account_not_missed(support_client, young_player):
    html = support_client.get(f"/players/{young_player}/").content.decode()
    before = (CREATED.date() - dt.timedelta(days=1)).isoformat()
    cell = re.search(rf'<span class="([^"]*)" title="{before}: ([^"]*)"></span>', html)
    assert cell is not None, "a day before the account is a plain cell, not a link"
    assert "before-account" in cell.group(1)
    assert "missed" not in cell.group(1)
    assert cell.group(2) == "before the account existed"
    assert f'data-day="{before}"' not in html
    assert 'data-testid="legend-before-account"' in html
    first = CREATED.date().isoformat()
    assert f'aria-label="{first}: missed"' in html  # the creation day itself could be played


def test_a_days_own_page_before_the_account_says_so(support_client, young_player):
    before = (CREATED.date() - dt.timedelta(days=30)).isoformat()
    html = support_client.get(f"/players/{young_player}/days/{before}/").content.decode()
    assert "the account did not exist yet on this day" in html
    assert "before the account existed" in html
    assert "Missed: no record" not in html


def test_months_entirely_before_the_account_list_nothing(support_client, young_player):
    earlier = (CREATED.date().replace(day=1) - dt.timedelta(days=400)).strftime("%Y-%m")
    html = support_client.get(f"/players/{young_player}/?end={earlier}").content.decode()
    assert "The account did not exist yet in these months." in html
    assert 'class="facts-table"' not in html
