"""Storing recomputed streaks never lowers a stored best streak by surprise: by default the
higher stored best is kept; lowering it is its own, clearly worded button, audited as such."""

from __future__ import annotations

import re

import pytest

from tests.support.players_game import player_counted_whatever_the_score, put_user
from tests.support.store_streaks import reviewed
from truthbyte_admin.data import audit, players
from truthbyte_admin.players import services

# A message's text: on the profile (core/_undo_messages.html) or another page (core/_messages).
MESSAGE = re.compile(
    r'<(?:div|p) class="message[^"]*"[^>]*>\s*(?:<span dir="auto">)?(.*?)</(?:span|p)>', re.S
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_whatever_the_score(game_tables):
    """Five documented days ending yesterday, all marked complete, one of them below 70%: the
    game stored 5 and 5; the documented rule gives current 3, best 3."""
    return player_counted_whatever_the_score([90, 50, 90, 90, 90], stored_streak=5)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _message(response) -> str:
    return MESSAGE.search(response.content.decode()).group(1)


def _store(client, user_id, **extra):
    url = f"/players/{user_id}/streaks/store/"
    page = client.get(url).content.decode()
    data = {"current": 3, "best": 3, **reviewed(page), "confirm": "on", **extra}
    return client.post(url, data, follow=True)


def test_the_confirmation_keeps_the_higher_stored_best_and_warns_what_lowering_loses(
    admin_client, counted_whatever_the_score
):
    response = admin_client.get(f"/players/{counted_whatever_the_score}/streaks/store/")
    html = response.content.decode()
    text = _text(response)
    assert re.search(r"Current streak 5 3 Best streak 5 5 kept: the recomputed best is 3", text)
    assert (
        "The recomputed best (3) is lower than the stored best (5): the player would lose "
        "2 days of best streak."
    ) in text
    assert "Store current 3, best 5 (kept) on the record" in text
    assert "Store current 3 and lower the best streak from 5 to 3 (2 days less)" in text
    keep = html.index('data-testid="store-keep"')
    lower = html.index('data-testid="store-lower"')
    assert keep < lower  # Enter in the form presses the first button: keeping
    assert 'class="button danger" data-testid="store-lower"' in html


@pytest.mark.parametrize("choice", [{"best_choice": "keep"}, {}])
def test_storing_keeps_the_higher_best_and_says_so(
    admin_client, counted_whatever_the_score, choice
):
    response = _store(admin_client, counted_whatever_the_score, **choice)

    user = players.get_user(counted_whatever_the_score)
    assert (user.current_daily_streak, user.best_daily_streak) == (3, 5)
    assert _message(response).startswith(
        "Stored on the player record: current streak 3 (was 5) and best streak kept at 5 "
        "(was 5; the recomputed best, 3, is lower); recorded in the audit log."
    )
    (entry,) = audit.history(f"user#{counted_whatever_the_score}")
    assert entry.before == {"current_daily_streak": 5, "best_daily_streak": 5}
    assert entry.after == {"current_daily_streak": 3, "best_daily_streak": 5}
    assert "Kept the stored best streak 5: the recomputed best (3) is lower." in entry.note


def test_lowering_the_best_is_an_explicit_choice_stored_and_audited_as_such(
    admin_client, counted_whatever_the_score
):
    response = _store(admin_client, counted_whatever_the_score, best_choice="lower")

    user = players.get_user(counted_whatever_the_score)
    assert (user.current_daily_streak, user.best_daily_streak) == (3, 3)
    said = _message(response)
    assert "best streak lowered from 5 to 3, as you chose: the player lost 2 days" in said
    assert 'class="message message-warning"' in response.content.decode()
    (entry,) = audit.history(f"user#{counted_whatever_the_score}")
    assert entry.after == {"current_daily_streak": 3, "best_daily_streak": 3}
    assert "Best streak lowered on purpose from 5 to the recomputed 3 (2 days less)." in entry.note


def test_nothing_is_stored_when_the_stored_best_changed_since_the_review(
    admin_client, counted_whatever_the_score
):
    """Another client raised the best streak after the admin looked (last active unchanged):
    the choice to keep or lower was made against the old value, so nothing is stored."""
    url = f"/players/{counted_whatever_the_score}/streaks/store/"
    seen = reviewed(admin_client.get(url).content.decode())
    item = players.get_user_raw(counted_whatever_the_score)
    item["best_daily_streak"] = 9
    put_user(item)

    response = admin_client.post(
        url,
        {"current": 3, "best": 3, **seen, "confirm": "on", "best_choice": "lower"},
        follow=True,
    )

    assert _message(response).startswith(
        "Nothing was stored: the streaks stored on the record changed since you reviewed them "
        "(now current 5, best 9)."
    )
    user = players.get_user(counted_whatever_the_score)
    assert (user.current_daily_streak, user.best_daily_streak) == (5, 9)
    assert audit.history(f"user#{counted_whatever_the_score}") == []


def test_the_same_confirmation_sent_again_says_it_is_already_stored(
    admin_client, counted_whatever_the_score
):
    url = f"/players/{counted_whatever_the_score}/streaks/store/"
    data = {"current": 3, "best": 3, **reviewed(admin_client.get(url).content.decode())}
    data.update(confirm="on", best_choice="lower")
    admin_client.post(url, data, follow=True)  # stored, and its message shown

    again = admin_client.post(url, data, follow=True)  # a double click, or Back and resend

    said = _message(again)
    assert said.startswith("Already stored: you stored current streak 3 and best streak 3 at "), (
        said
    )
    assert "(this confirmation was sent again, or from another tab); nothing more was changed." in (
        said
    )
    assert again.redirect_chain[-1][0] == f"/players/{counted_whatever_the_score}/"
    assert len(audit.history(f"user#{counted_whatever_the_score}")) == 1


def test_when_only_the_best_differs_nothing_is_stored_unless_lowered(
    admin_client, counted_whatever_the_score
):
    item = players.get_user_raw(counted_whatever_the_score)
    item["current_daily_streak"] = 3
    put_user(item)
    profile = admin_client.get(f"/players/{counted_whatever_the_score}/").content.decode()
    assert f"/players/{counted_whatever_the_score}/streaks/store/" in profile

    html = admin_client.get(f"/players/{counted_whatever_the_score}/streaks/store/")
    text = _text(html)
    assert "nothing to store unless you lower the best streak" in text
    assert 'data-testid="store-keep"' not in html.content.decode()
    assert "Store current 3 and lower the best streak from 5 to 3 (2 days less)" in text

    # "Keep" posted anyway (an old tab, a hand-made request): refused, nothing written, no entry.
    entries = audit.history(f"user#{counted_whatever_the_score}", limit=10)
    response = _store(admin_client, counted_whatever_the_score, best_choice="keep")
    assert "Nothing was stored: the record already holds current streak 3 and best streak 5" in (
        _text(response)
    )
    assert audit.history(f"user#{counted_whatever_the_score}", limit=10) == entries
    assert players.get_user_raw(counted_whatever_the_score) == item


def test_a_colleagues_store_of_the_same_values_is_said_already_stored_by_them(
    admin_client, counted_whatever_the_score
):
    """Two admins confirm the same values from pages loaded before either stored: the second
    is told who stored them, not "changed since" beside "already holds these values"
    (concurrency probe)."""
    url = f"/players/{counted_whatever_the_score}/streaks/store/"
    seen = reviewed(admin_client.get(url).content.decode())
    services.store_recomputed_streaks(
        counted_whatever_the_score,
        confirmed_current=3,
        confirmed_best=3,
        actor="grace",
        lower_best=True,
        **seen,
    )

    response = admin_client.post(
        url, {"current": 3, "best": 3, **seen, "confirm": "on", "best_choice": "lower"}, follow=True
    )

    said = _message(response)
    assert said.startswith("Already stored: grace stored current streak 3 and best streak 3 at ")
    assert said.endswith("UTC, the values you confirmed; nothing more was changed.")
    assert [e.actor for e in audit.history(f"user#{counted_whatever_the_score}")] == ["grace"]
