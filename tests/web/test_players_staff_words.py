"""The players' "store streaks" page and its messages speak staff words, not field names; the
day's raw record stays as stored, labelled as the raw record."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import new_player, put_question, put_user, submit_daily
from tests.support.store_streaks import reviewed
from truthbyte_admin.data import players

# A message's text: on the profile (core/_undo_messages.html) or another page (core/_messages).
MESSAGE = re.compile(
    r'<(?:div|p) class="message[^"]*"[^>]*>\s*(?:<span dir="auto">)?(.*?)</(?:span|p)>', re.S
)

pytestmark = pytest.mark.django_db

TODAY = dt.datetime.now(dt.UTC).date()
QUESTIONS = [(f"q_{n:03d}", n % 2 == 0) for n in range(10)]
JARGON = ("current_daily_streak", "best_daily_streak", "completed: true", "last_active", "max(")


@pytest.fixture
def week_player(game_tables):
    """Seven days played through the game's submit flow, ending yesterday: stored streak 0."""
    for qid, answer in QUESTIONS:
        put_question(qid, f"Is statement number {qid} true?", answer)
    user_id = new_player()
    for back in range(7, 0, -1):
        answers = [(qid, answer, True) for qid, answer in QUESTIONS]
        submit_daily(user_id, TODAY - dt.timedelta(days=back), answers)
    return user_id


def _visible_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(input|template)[^>]*>", " ", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _no_jargon(text: str) -> None:
    for word in JARGON:
        assert word not in text, f"{word!r} on a staff page: {text}"


def test_the_store_streaks_page_names_the_streaks_in_staff_words(admin_client, week_player):
    text = _visible_text(
        admin_client.get(f"/players/{week_player}/streaks/store/").content.decode()
    )
    assert re.search(r"Current streak 0 7 Best streak 0 7", text)
    assert "days marked complete" in text
    _no_jargon(text)


def test_the_success_message_says_current_and_best_streak(admin_client, week_player):
    page = admin_client.get(f"/players/{week_player}/streaks/store/").content.decode()
    seen = reviewed(page)
    response = admin_client.post(
        f"/players/{week_player}/streaks/store/",
        {"current": 7, "best": 7, **seen, "confirm": "on"},
        follow=True,
    )
    message = MESSAGE.search(response.content.decode())
    said = message.group(1)
    assert said.startswith(
        "Stored on the player record: current streak 7 (was 0) and best streak 7 (was 0)"
    )
    _no_jargon(said)


def test_a_refusal_because_the_player_played_meanwhile_is_in_staff_words(admin_client, week_player):
    page = admin_client.get(f"/players/{week_player}/streaks/store/").content.decode()
    seen = reviewed(page)
    answers = [(qid, answer, True) for qid, answer in QUESTIONS]
    submit_daily(week_player, TODAY, answers)
    response = admin_client.post(
        f"/players/{week_player}/streaks/store/",
        {"current": 7, "best": 7, **seen, "confirm": "on"},
        follow=True,
    )
    said = MESSAGE.search(response.content.decode())
    assert "Nothing was stored: the player has played since you reviewed the streaks" in said.group(
        1
    )
    _no_jargon(said.group(1))


def test_the_profile_explains_streaks_in_staff_words(support_client, week_player):
    html = support_client.get(f"/players/{week_player}/").content.decode()
    reasons = re.search(r'<ul data-testid="streak-reasons">(.*?)</ul>', html, re.S).group(1)
    assert "The game counts only days marked complete, which the game itself never marks" in reasons
    _no_jargon(reasons)
    assert "Game's count (marked complete)" in html
    # What most days show is normal (the note says so): a plain badge, not a warning's amber.
    badges = re.findall(r'<span class="([^"]*)" data-testid="not-marked">not marked</span>', html)
    assert set(badges) == {"badge"}
    # Which format each day was saved in, in words (no "record" or "shape").
    assert '<th scope="col">Saved in</th>' in html
    assert "<td>the game’s format</td>" in html
    # Paging the days changes the address, as the calendar does: support sends it on.
    assert 'hx-push-url="true" id="facts-older"' in html


def test_the_days_raw_record_is_kept_and_labelled_as_such(support_client, week_player):
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    html = support_client.get(f"/players/{week_player}/days/{day}/").content.decode()
    label = re.search(r'data-testid="raw-record-label">(.*?)</summary>', html, re.S).group(1)
    assert label.startswith("Raw record: this day exactly as the game stored it")
    assert f'daily_progress["{day}"]' in label
    raw = html.split('<pre aria-label="Raw record as stored">', 1)[1].split("</pre>", 1)[0]
    assert "completed_at" in raw  # the field names as stored, untouched
    assert "not counted: the day is not marked complete" in html


def test_a_player_without_daily_results_is_told_in_staff_words(support_client, game_tables):
    user_id = new_player()
    item = players.get_user_raw(user_id)
    del item["daily_progress"]  # older accounts have none at all
    put_user(item)
    html = support_client.get(f"/players/{user_id}/").content.decode()
    assert "Has not played a daily challenge yet." in html
    assert "odd data" not in html
    _no_jargon(_visible_text(html).replace("daily_progress", "last_active"))
