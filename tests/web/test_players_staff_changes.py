"""A streak store leaves a trace on the profile (the latest staff changes, from the audit log,
with a link to it), "Why they differ" names it, and it can be undone for a while — only while
the record still holds what it stored."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from tests.support.players_game import player_counted_whatever_the_score, put_user
from tests.support.store_streaks import reviewed
from truthbyte_admin.data import audit, players

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_whatever_the_score(game_tables):
    """Stored 5 and 5 by the game; the documented rule gives current 3, best 3."""
    return player_counted_whatever_the_score([90, 50, 90, 90, 90], stored_streak=5)


def _text(response) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(response.content.decode()))


def _lower_best(client, user_id):
    url = f"/players/{user_id}/streaks/store/"
    page = client.get(url).content.decode()
    data = {"current": 3, "best": 3, **reviewed(page), "confirm": "on", "best_choice": "lower"}
    return client.post(url, data, follow=True)


def _event(html: str) -> str:
    return re.search(r'name="event" value="([0-9a-f]+)"', html).group(1)


def test_the_profile_shows_the_store_names_it_as_the_writer_and_links_the_log(
    admin_client, counted_whatever_the_score
):
    user_id = counted_whatever_the_score
    html = _text(_lower_best(admin_client, user_id))
    panel = re.search(r'data-testid="staff-changes">(.*?)</section>', html).group(1)
    assert "Stored streaks" in panel
    assert "current streak 5 → 3, best streak 5 → 3" in panel
    assert f'href="/audit/?item=Player+{user_id}"' in panel
    reasons = re.search(r'data-testid="streak-reasons">(.*?)</ul>', html).group(1)
    assert "Stored streak (3) was stored by staff (by " in reasons
    assert "“Store streaks” in the audit log" in reasons
    assert "or something other than the game changed it" not in reasons  # no more guessing
    assert 'data-testid="stored-by-staff"' in html
    # The success message offers the undo, with its deadline.
    assert "You can undo this until" in html
    assert 'data-testid="message-undo"' in html


def test_undo_puts_back_the_replaced_values_and_is_audited(
    admin_client, counted_whatever_the_score
):
    user_id = counted_whatever_the_score
    event = _event(_lower_best(admin_client, user_id).content.decode())
    response = admin_client.post(f"/players/{user_id}/streaks/undo/", {"event": event}, follow=True)
    user = players.get_user(user_id)
    assert (user.current_daily_streak, user.best_daily_streak) == (5, 5)
    text = _text(response)
    assert "Undone: the player record holds current streak 5 and best streak 5 again" in text
    undo, store = audit.history(f"user#{user_id}")[:2]
    assert undo.action == "undo-store_streaks"
    assert undo.before == {"current_daily_streak": 3, "best_daily_streak": 3}
    assert undo.after == {"current_daily_streak": 5, "best_daily_streak": 5}
    assert 'data-testid="history-undo"' not in text  # nothing left to undo
    again = admin_client.post(f"/players/{user_id}/streaks/undo/", {"event": event}, follow=True)
    assert "Nothing was undone: this store was already undone by" in _text(again)


def test_undo_changes_nothing_when_the_game_changed_the_streaks_since(
    admin_client, counted_whatever_the_score
):
    user_id = counted_whatever_the_score
    event = _event(_lower_best(admin_client, user_id).content.decode())
    item = players.get_user_raw(user_id)
    item["current_daily_streak"] = 0  # the game wrote since
    put_user(item)
    response = admin_client.post(f"/players/{user_id}/streaks/undo/", {"event": event}, follow=True)
    assert "Nothing was undone: the streaks changed since they were stored" in _text(response)
    user = players.get_user(user_id)
    assert (user.current_daily_streak, user.best_daily_streak) == (0, 3)
    assert audit.history(f"user#{user_id}")[0].action == "store_streaks"


def test_undo_is_refused_once_its_time_is_over(admin_client, counted_whatever_the_score, settings):
    user_id = counted_whatever_the_score
    event = _event(_lower_best(admin_client, user_id).content.decode())
    settings.MODERATION_UNDO_MINUTES = 0  # one limit for every undo
    response = admin_client.post(f"/players/{user_id}/streaks/undo/", {"event": event}, follow=True)
    assert "can be undone for 0 minutes; this one is older" in _text(response)
    assert players.get_user(user_id).best_daily_streak == 3
    assert 'data-testid="history-undo"' not in response.content.decode()


def test_support_sees_the_changes_but_may_not_undo(
    admin_client, make_staff, counted_whatever_the_score
):
    user_id = counted_whatever_the_score
    event = _event(_lower_best(admin_client, user_id).content.decode())
    support_client = Client()
    support_client.force_login(make_staff("sam", "support"))
    html = support_client.get(f"/players/{user_id}/").content.decode()
    assert 'data-testid="staff-changes"' in html
    assert "Undo this store" not in html
    response = support_client.post(f"/players/{user_id}/streaks/undo/", {"event": event})
    assert response.status_code == 403
    assert players.get_user(user_id).best_daily_streak == 3


def test_a_profile_without_staff_changes_says_so(support_client, counted_whatever_the_score):
    html = _text(support_client.get(f"/players/{counted_whatever_the_score}/"))
    assert "No staff change to this player is in the audit log." in html
